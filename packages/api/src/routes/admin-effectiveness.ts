import { Effectiveness } from "@kns/core/effectiveness";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/**
 * Team effectiveness: a province's weights (read by anyone who oversees a unit in it, set by its admins and the
 * nation's), a commune's teams ranked (admins over the commune), a team's monthly badges and their certificates
 * (the team leader and admins over the team).
 */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminEffectivenessRoutes = new Hono<AuthEnv>()
  .get("/units/:unitId/effectiveness-weights", async (c) =>
    c.json((await Effectiveness.weightsView(c.get("session"), c.req.param("unitId"))) satisfies Wire.EffectivenessWeightsView),
  )
  .put("/units/:unitId/effectiveness-weights", validate("json", Effectiveness.WeightsInput), async (c) =>
    c.json(
      (await Effectiveness.setWeights(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor"))) satisfies Wire.EffectivenessWeightsView,
    ),
  )
  .get("/units/:unitId/team-ranking", async (c) => c.json((await Effectiveness.ranking(c.get("session"), c.req.param("unitId"))) satisfies Wire.TeamRanking))
  .get("/units/:unitId/badges", async (c) => c.json((await Effectiveness.badgesFor(c.get("session"), c.req.param("unitId"))) satisfies Wire.TeamBadges))
  .get("/units/:unitId/badges/:month/certificate.pdf", async (c) => {
    const { pdf, badge } = await Effectiveness.certificateFor(c.get("session"), c.req.param("unitId"), c.req.param("month"));
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", `inline; filename="giay-khen-${badge.unitId.replace(/[^A-Za-z0-9-]/g, "")}-${badge.month}.pdf"`);
    c.header("Cache-Control", "private, no-store");
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

import { Activity } from "@kns/core/activity";
import { Report } from "@kns/core/report";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/**
 * A unit's month of field work and its competence coverage (its team leader and admins over it), and a team's
 * monthly target (admins).
 */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminFieldWorkRoutes = new Hono<AuthEnv>()
  .get("/units/:unitId/field-work", validate("query", Activity.MonthQuery), async (c) =>
    c.json((await Activity.monthFor(c.get("session"), c.req.param("unitId"), c.req.valid("query").month)) satisfies Wire.FieldWorkMonth),
  )
  // Which skills the unit has learned, with the month's field work per basic skill (model/competence.ts).
  .get("/units/:unitId/competences", validate("query", Activity.MonthQuery), async (c) =>
    c.json((await Report.competenceCoverage(c.get("session"), c.req.param("unitId"), c.req.valid("query").month)) satisfies Wire.CompetenceCoverage),
  )
  .put("/units/:unitId/field-work/target", validate("json", Activity.TargetInput), async (c) =>
    c.json(await Activity.setTarget(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor"))),
  );

import { Campaign } from "@kns/core/campaign";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/**
 * Campaigns: set by an admin over a unit, followed by admins over it (the whole campaign) and by anyone who
 * oversees a unit inside it (that unit's view: a commune admin, a team leader).
 */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminCampaignRoutes = new Hono<AuthEnv>()
  .post("/campaigns", validate("json", Campaign.CreateInput), async (c) => {
    // The same plan sent again (a retry) is the same campaign, answered the same way.
    const { id } = await Campaign.create(c.get("session"), c.req.valid("json"), c.get("actor"));
    return c.json({ id }, 201);
  })
  .get("/campaigns/:id", async (c) => c.json((await Campaign.detail(c.get("session"), c.req.param("id"))) satisfies Wire.CampaignDetail))
  .get("/campaigns/:id/units/:unitId", async (c) =>
    c.json((await Campaign.detailFor(c.get("session"), c.req.param("id"), c.req.param("unitId"))) satisfies Wire.CampaignDetail),
  )
  .get("/units/:unitId/campaigns", async (c) => c.json(await Campaign.listFor(c.get("session"), c.req.param("unitId"))));

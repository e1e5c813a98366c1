import { Activity } from "@kns/core/activity";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/** A unit's month of field work (its team leader and admins over it), and a team's monthly target (admins). */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminFieldWorkRoutes = new Hono<AuthEnv>()
  .get("/units/:unitId/field-work", validate("query", Activity.MonthQuery), async (c) =>
    c.json((await Activity.monthFor(c.get("session"), c.req.param("unitId"), c.req.valid("query").month)) satisfies Wire.FieldWorkMonth),
  )
  .put("/units/:unitId/field-work/target", validate("json", Activity.TargetInput), async (c) =>
    c.json(await Activity.setTarget(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor"))),
  );

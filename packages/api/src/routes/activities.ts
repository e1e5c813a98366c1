import { Activity } from "@kns/core/activity";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/** Field work: a member's records of help given to residents (their outbox sends them here). */
export const activityRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .post("/", validate("json", Activity.ActivitiesInput), async (c) =>
    c.json((await Activity.record(c.get("session").userId, c.req.valid("json"))) satisfies Wire.ActivitiesResponse),
  )
  .get("/", async (c) => c.json((await Activity.mine(c.get("session").userId)) satisfies Wire.MyActivities));

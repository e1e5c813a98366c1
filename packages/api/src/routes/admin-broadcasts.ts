import { Job } from "@kns/core/job";
import { Reminder } from "@kns/core/reminder";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

/**
 * Announcements: an admin sends a short message to everyone in a unit's subtree (rate-limited per unit,
 * audited). It is sent by a job, at once or at 07:00 when asked for in quiet hours; the admin follows the job.
 */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminBroadcastRoutes = new Hono<AuthEnv>()
  .post("/units/:unitId/broadcasts", validate("json", Reminder.BroadcastInput), async (c) =>
    c.json(await Reminder.broadcast(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor")), 202),
  )
  .get("/broadcasts/:id", async (c) => {
    const job = await Job.statusFor<{ text: string; notBefore: string }, Reminder.BroadcastResult>("broadcast", c.req.param("id"), c.get("session"));
    return c.json({ id: job.id, status: job.status, progress: job.progress, notBefore: job.params.notBefore, result: job.result ?? null });
  });

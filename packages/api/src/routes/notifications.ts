import { Job } from "@kns/core/job";
import { Notify } from "@kns/core/notify";
import { Reminder } from "@kns/core/reminder";
import { Hono } from "hono";
import * as z from "zod/mini";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/**
 * The signed-in person's message settings: consent per channel and their push devices.
 * Mounted inside meSubpathRoutes (./me-subpaths.ts), whose requireAuth guards every /me route once: `.route("/", notificationRoutes)`.
 */
export const notificationRoutes = new Hono<AuthEnv>()
  .get("/notifications", async (c) => c.json((await Notify.preferences(c.get("session").userId)) satisfies Wire.NotificationPreferences))
  .put("/notifications/:channel", validate("param", z.object({ channel: Notify.ChannelParam })), validate("json", Notify.ChannelInput), async (c) => {
    const { userId } = c.get("session");
    const preferences = await Notify.setChannel(userId, c.req.valid("param").channel, c.req.valid("json"), c.get("actor"));
    return c.json(preferences satisfies Wire.NotificationPreferences);
  })
  .post("/push-subscriptions", validate("json", Notify.PushSubscription), async (c) => {
    await Notify.addPushSubscription(c.get("session").userId, c.req.valid("json"));
    return c.body(null, 201);
  })
  .delete("/push-subscriptions", validate("json", Notify.RemoveSubscriptionInput), async (c) => {
    await Notify.removePushSubscription(c.get("session").userId, c.req.valid("json").endpoint);
    return c.body(null, 204);
  });

/**
 * What the local server would have sent (the dev inbox). Mounted by app.ts only when DEV_INBOX=1, which only
 * the local server (node.ts) sets: never deployed, and open without signing in so a tester reads the reset
 * code of an account they cannot sign in to.
 */
export const devInboxRoutes = new Hono()
  .get("/messages", validate("query", z.object({ limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200))) })), async (c) =>
    c.json((await Notify.devMessages(c.req.valid("query").limit)) satisfies { items: Wire.DevMessage[] }),
  )
  /**
   * Runs the scheduler now (the local server also runs it every 15 minutes), at a given time if asked: a tester
   * or a test sees the reminders a morning would send without waiting for one, whatever the hour.
   */
  .post("/tick", validate("json", z.object({ at: z.optional(z.iso.datetime({ offset: true })) })), async (c) => {
    const at = c.req.valid("json").at;
    const result = await Reminder.tick(at ? new Date(at) : new Date());
    // The tick queues the reminders as jobs; the tester reads the dev inbox once they have run.
    await Job.idle();
    return c.json(result);
  });

import { Auth } from "@kns/core/auth";
import { Campaign } from "@kns/core/campaign";
import { Certificate } from "@kns/core/certificate";
import { Progress } from "@kns/core/progress";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";
import { notificationRoutes } from "./notifications";
import { reviewRoutes } from "./review";
import type * as Wire from "@kns/core/model";

/**
 * Everything under /api/v1/me/ (the signed-in person's progress, assignments, certificates, notifications, review
 * deck and account changes). `GET /api/v1/me` itself is ./me.ts, an app of its own (packages/api/src/app.ts): every
 * start of the web app asks it, so a cold start that serves it does not build the campaign, certificate,
 * notification and review code these need. requireAuth guards every route here once.
 */
export const meSubpathRoutes = new Hono<AuthEnv & RequestEnv>()
  .use(requireAuth)
  .route("/", notificationRoutes)
  .route("/", reviewRoutes)
  .get("/progress", async (c) => {
    const records = await Progress.listForUser(c.get("session").userId);
    const courses = await Promise.all(
      records.map(async (record) => {
        const version = await Progress.versionFor(record, record.courseId).catch(() => undefined);
        return {
          courseId: record.courseId,
          version: record.version,
          percent: version ? Progress.percent(record, version) : 0,
          completed: Boolean(record.completedAt),
          completedAt: record.completedAt,
          lastActivityAt: record.lastActivityAt,
        };
      }),
    );
    return c.json({ courses } satisfies Wire.MyProgress);
  })
  .get("/assignments", async (c) => c.json((await Campaign.assignments(c.get("session").userId)) satisfies Wire.Assignments))
  .get("/certificates", async (c) => c.json({ items: await Certificate.listForUser(c.get("session").userId) } satisfies Wire.MyCertificates))
  .get("/data", async (c) => {
    c.header("Content-Disposition", 'attachment; filename="du-lieu-cua-toi.json"');
    c.header("Cache-Control", "private, no-store");
    return c.json(await User.exportData(c.get("session").userId));
  })
  .post("/password", validate("json", Auth.ChangePasswordInput), async (c) => {
    const { tokens, user } = await Auth.changePassword(c.get("session"), c.req.valid("json"), c.get("clientAddress"));
    return c.json({ ...tokens, user } satisfies Wire.SessionResponse);
  })
  .post("/sign-out-everywhere", async (c) => {
    await Auth.signOutEverywhere(c.get("session"), c.get("clientAddress"));
    return c.body(null, 204);
  })
  .post("/delete", validate("json", User.DeleteInput), async (c) => {
    await User.deleteAccount(c.get("session").userId, c.req.valid("json"));
    return c.body(null, 204);
  });

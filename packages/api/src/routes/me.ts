import { Certificate } from "@kns/core/certificate";
import { VisibleError } from "@kns/core/error";
import { Progress } from "@kns/core/progress";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

export const meRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/", async (c) => {
    const user = await User.get(c.get("session").userId);
    if (!user) throw new VisibleError("unauthenticated", "auth.unauthenticated", "This account no longer exists. Please sign in again.");
    return c.json(user);
  })
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
    return c.json({ courses });
  })
  .get("/certificates", async (c) => c.json({ items: await Certificate.listForUser(c.get("session").userId) }))
  .get("/data", async (c) => {
    c.header("Content-Disposition", 'attachment; filename="du-lieu-cua-toi.json"');
    c.header("Cache-Control", "private, no-store");
    return c.json(await User.exportData(c.get("session").userId));
  })
  .post("/delete", validate("json", User.DeleteInput), async (c) => {
    await User.deleteAccount(c.get("session").userId, c.req.valid("json"));
    return c.body(null, 204);
  });

import { assertCanOversee, isAdmin, requireRole } from "@kns/core/auth/scope";
import { CompletionList } from "@kns/core/completion-list";
import { Course } from "@kns/core/course";
import { VisibleError } from "@kns/core/error";
import { MemberImport } from "@kns/core/member-import";
import { Report } from "@kns/core/report";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export const adminRoutes = new Hono<AuthEnv & RequestEnv>()
  .use(requireAuth)
  .get("/units/:unitId/report", validate("query", z.object({ courseId: Course.CourseId.optional() })), async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json(await Report.forUnit(unit, c.req.valid("query").courseId));
  })
  .get("/units/:unitId/members", async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json(await Report.members(unit));
  })
  .post("/exports", validate("json", CompletionList.ExportInput), async (c) => {
    const session = c.get("session");
    requireRole(session, "admin", "super-admin");
    const input = c.req.valid("json");
    await assertCanOversee(session, input.unitId);
    if (input.courseId && !(await Course.getMeta(input.courseId))) throw new VisibleError("input", "course.not_found", "There is no course with this id.");
    const job = await CompletionList.start(input, { userId: session.userId, address: c.get("clientAddress") });
    return c.json({ id: job.id, status: job.status }, 202);
  })
  .get("/exports/:id", async (c) => {
    const session = c.get("session");
    const status = z.uuid().safeParse(c.req.param("id")).success ? await CompletionList.status(c.req.param("id")) : undefined;
    if (!status || status.requestedBy !== session.userId || !isAdmin(session)) {
      throw new VisibleError("not-found", "export.not_found", "There is no export with this id.");
    }
    const { requestedBy: _who, ...rest } = status;
    return c.json(rest);
  })
  .post(
    "/members/import",
    bodyLimit({
      maxSize: IMPORT_MAX_BYTES,
      onError: (c) => c.json({ error: { code: "request.too_large", message: `An import file can be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` } }, 413),
    }),
    validate("query", z.object({ dryRun: z.enum(["true", "false", "1", "0"]).optional() })),
    async (c) => {
      const dryRun = ["true", "1"].includes(c.req.valid("query").dryRun ?? "false");
      const text = await c.req.text();
      return c.json(await MemberImport.run(text, c.get("session"), { dryRun, address: c.get("clientAddress") }));
    },
  );

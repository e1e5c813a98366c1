import { requireRole } from "@kns/core/auth/scope";
import { Course } from "@kns/core/course";
import { VisibleError } from "@kns/core/error";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";

/** Trainers (and super admins) write drafts, publish versions, withdraw and duplicate courses. */
const trainersOnly = async (c: { get: (key: "session") => AuthEnv["Variables"]["session"] }, next: () => Promise<void>) => {
  requireRole(c.get("session"), "trainer", "super-admin");
  await next();
};

const actorOf = (c: { get(key: "session"): AuthEnv["Variables"]["session"]; get(key: "clientAddress"): string }) => ({
  userId: c.get("session").userId,
  address: c.get("clientAddress"),
});

const MAX_DRAFT_BYTES = 380 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const authoringRoutes = new Hono<AuthEnv & RequestEnv>()
  .use(requireAuth, trainersOnly)
  .get("/courses", async (c) => c.json({ items: await Course.authoringList() }))
  .post("/courses", validate("json", z.object({ id: Course.CourseId, content: Course.Content })), async (c) => {
    const { id, content } = c.req.valid("json");
    if (await Course.getMeta(id)) throw new VisibleError("conflict", "course.id_taken", `A course with the id ${id} already exists.`);
    return c.json(await Course.saveDraft(id, { content, baseRevision: 0 }, actorOf(c)), 201);
  })
  .get("/courses/:courseId/draft", async (c) => {
    const draft = await Course.getDraft(c.req.param("courseId"));
    if (!draft) throw new VisibleError("not-found", "course.not_found", "This course does not exist.");
    return c.json({ ...draft, problems: Course.problems(draft) });
  })
  .put(
    "/courses/:courseId/draft",
    bodyLimit({ maxSize: MAX_DRAFT_BYTES, onError: (c) => c.json({ error: { code: "request.too_large", message: "This draft is too large. Split the course into smaller modules." } }, 413) }),
    validate("json", Course.SaveDraftInput),
    async (c) => {
      const courseId = c.req.param("courseId");
      if (!(await Course.getMeta(courseId))) throw new VisibleError("not-found", "course.not_found", "This course does not exist.");
      const draft = await Course.saveDraft(courseId, c.req.valid("json"), actorOf(c));
      return c.json({ ...draft, problems: Course.problems(draft) });
    },
  )
  .post("/courses/:courseId/publish", validate("json", Course.PublishInput), async (c) => {
    const version = await Course.publish(c.req.param("courseId"), c.req.valid("json"), actorOf(c));
    return c.json({ courseId: version.courseId, version: version.version, line: version.line, changeSummary: version.changeSummary, publishedAt: version.publishedAt }, 201);
  })
  .post("/courses/:courseId/preview", validate("json", z.object({ content: Course.Content })), async (c) => {
    const draft = await Course.getDraft(c.req.param("courseId"));
    if (!draft) throw new VisibleError("not-found", "course.not_found", "This course does not exist.");
    return c.json(await Course.preview(c.req.param("courseId"), c.req.valid("json").content, draft.media));
  })
  .get("/courses/:courseId/versions", async (c) => {
    if (!(await Course.getMeta(c.req.param("courseId")))) throw new VisibleError("not-found", "course.not_found", "This course does not exist.");
    return c.json({ items: await Course.listVersions(c.req.param("courseId")) });
  })
  .get("/courses/:courseId/versions/:version/preview", async (c) => {
    const version = await Course.getVersion(c.req.param("courseId"), Number(c.req.param("version")));
    if (!version) throw new VisibleError("not-found", "course.not_found", "This version does not exist.");
    return c.json({ course: version.learner, quizzes: version.quizzes });
  })
  .post("/courses/:courseId/versions/:version/withdraw", async (c) => {
    return c.json(await Course.withdraw(c.req.param("courseId"), Number(c.req.param("version")), actorOf(c)));
  })
  .post("/courses/:courseId/duplicate", validate("json", z.object({ id: Course.CourseId, title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(160))), audience: z.optional(z.enum(["members", "citizens"])) })), async (c) => {
    const { id, ...changes } = c.req.valid("json");
    return c.json(await Course.duplicate(c.req.param("courseId"), id, actorOf(c), changes), 201);
  })
  .get("/courses/:courseId/bundle", validate("query", z.object({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) })), async (c) => {
    const bundle = await Course.exportBundle(c.req.param("courseId"), c.req.valid("query").version);
    c.header("Content-Disposition", `attachment; filename="${c.req.param("courseId")}.kns.json"`);
    return c.json(bundle);
  })
  .post("/courses/:courseId/uploads", validate("json", Course.UploadInput), async (c) => {
    return c.json(await Course.createUpload(c.req.param("courseId"), c.req.valid("json"), actorOf(c)), 201);
  })
  .post("/courses/:courseId/uploads/:uploadId/complete", async (c) => {
    return c.json(await Course.completeUpload(c.req.param("courseId"), c.req.param("uploadId"), actorOf(c)), 201);
  })
  .post(
    "/courses/:courseId/media",
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: (c) => c.json({ error: { code: "media.too_large", message: "This file is larger than 50 MB." } }, 413) }),
    async (c) => {
      const courseId = c.req.param("courseId");
      if (!(await Course.getDraft(courseId))) throw new VisibleError("not-found", "course.not_found", "This course does not exist.");
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) throw new VisibleError("input", "media.empty", "The file is empty.");
      const stored = await Course.attachMedia(courseId, bytes, contentType, actorOf(c));
      return c.json(stored, 201);
    },
  );

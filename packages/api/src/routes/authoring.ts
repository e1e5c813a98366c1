import { requireRole } from "@kns/core/auth/scope";
import { Course } from "@kns/core/course";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { limitBody } from "../middleware/body-limit";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/** Trainers (and super admins) write drafts, publish versions, withdraw and duplicate courses. */
const trainersOnly = async (c: { get: (key: "session") => AuthEnv["Variables"]["session"] }, next: () => Promise<void>) => {
  requireRole(c.get("session"), "trainer", "super-admin");
  await next();
};

const MAX_DRAFT_BYTES = 380 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const authoringRoutes = new Hono<AuthEnv>()
  .use(requireAuth, trainersOnly)
  .get("/courses", async (c) => c.json({ items: (await Course.authoringList()) satisfies Wire.AuthoringCourse[] }))
  .post("/courses", validate("json", z.object({ id: Course.CourseId, content: Course.Content })), async (c) => {
    const { id, content } = c.req.valid("json");
    return c.json(await Course.create(id, content, c.get("actor")), 201);
  })
  .get("/courses/:courseId/draft", async (c) => {
    const draft = await Course.mustGetDraft(c.req.param("courseId"));
    return c.json({ ...draft, problems: Course.problems(draft) } satisfies Wire.Draft);
  })
  .put(
    "/courses/:courseId/draft",
    limitBody(MAX_DRAFT_BYTES, "request.too_large", "This draft is too large. Split the course into smaller modules."),
    validate("json", Course.SaveDraftInput),
    async (c) => {
      const draft = await Course.updateDraft(c.req.param("courseId"), c.req.valid("json"), c.get("actor"));
      return c.json({ ...draft, problems: Course.problems(draft) } satisfies Wire.Draft);
    },
  )
  .post("/courses/:courseId/publish", validate("json", Course.PublishInput), async (c) => {
    const version = await Course.publish(c.req.param("courseId"), c.req.valid("json"), c.get("actor"));
    return c.json(
      { courseId: version.courseId, version: version.version, line: version.line, changeSummary: version.changeSummary, publishedAt: version.publishedAt },
      201,
    );
  })
  .post("/courses/:courseId/preview", validate("json", z.object({ content: Course.Content })), async (c) => {
    return c.json((await Course.previewDraft(c.req.param("courseId"), c.req.valid("json").content)) satisfies Wire.Preview);
  })
  .get("/courses/:courseId/versions", async (c) => c.json({ items: (await Course.versionHistory(c.req.param("courseId"))) satisfies Wire.VersionInfo[] }))
  .get("/courses/:courseId/versions/:version/preview", async (c) => {
    const version = await Course.mustGetVersion(c.req.param("courseId"), Number(c.req.param("version")));
    return c.json({ course: version.learner, quizzes: version.quizzes } satisfies Wire.Preview);
  })
  .post("/courses/:courseId/versions/:version/withdraw", async (c) => {
    return c.json(await Course.withdraw(c.req.param("courseId"), Number(c.req.param("version")), c.get("actor")));
  })
  .post(
    "/courses/:courseId/duplicate",
    validate(
      "json",
      z.object({
        id: Course.CourseId,
        title: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(160))),
        audience: z.optional(z.enum(["members", "citizens"])),
      }),
    ),
    async (c) => {
      const { id, ...changes } = c.req.valid("json");
      return c.json(await Course.duplicate(c.req.param("courseId"), id, c.get("actor"), changes), 201);
    },
  )
  .get("/courses/:courseId/bundle", validate("query", z.object({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) })), async (c) => {
    const bundle = await Course.exportBundle(c.req.param("courseId"), c.req.valid("query").version);
    c.header("Content-Disposition", `attachment; filename="${c.req.param("courseId")}.kns.json"`);
    return c.json(bundle);
  })
  .post("/courses/:courseId/uploads", validate("json", Course.UploadInput), async (c) => {
    return c.json(await Course.createUpload(c.req.param("courseId"), c.req.valid("json"), c.get("actor")), 201);
  })
  .post("/courses/:courseId/uploads/:uploadId/complete", async (c) => {
    return c.json(await Course.completeUpload(c.req.param("courseId"), c.req.param("uploadId"), c.get("actor")), 201);
  })
  .post("/courses/:courseId/media", limitBody(MAX_UPLOAD_BYTES, "media.too_large", "This file is larger than 50 MB."), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await Course.uploadMedia(c.req.param("courseId"), bytes, c.req.header("content-type") ?? "", c.get("actor")), 201);
  });

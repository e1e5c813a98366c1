import { Analytics } from "@kns/core/analytics";
import { Course } from "@kns/core/course";
import { VisibleError } from "@kns/core/error";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { limitBody } from "../middleware/body-limit";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

type AuthoringEnv = { Variables: AuthEnv["Variables"] & { scopes: Course.CourseScopes } };

/**
 * Trainers write drafts, ask to publish, withdraw and duplicate the courses of their scope; reviewers (a second
 * trainer, or an admin of the course's scope) work the publish requests. Who is which comes from one function,
 * Course.courseScopes (docs/authoring.md).
 */
const authorsAndReviewers = createMiddleware<AuthoringEnv>(async (c, next) => {
  const scopes = await Course.courseScopes(c.get("session"));
  const reviewing = c.req.path.includes("/authoring/publish-requests");
  if (!(reviewing ? scopes.edits.length + scopes.reviews.length : scopes.edits.length)) {
    throw new VisibleError("auth.forbidden", "Your account is not allowed to do this.");
  }
  c.set("scopes", scopes);
  await next();
});

const MAX_DRAFT_BYTES = 380 * 1024;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const Owner = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Owner must be a unit id"));

export const authoringRoutes = new Hono<AuthoringEnv>()
  .use(requireAuth, authorsAndReviewers)
  .get("/courses", async (c) => c.json({ items: (await Course.authoringCourses(c.get("scopes"))) satisfies Wire.AuthoringCourse[] }))
  .post("/courses", validate("json", z.object({ id: Course.CourseId, content: Course.Content, owner: z.optional(Owner) })), async (c) => {
    const { id, content, owner } = c.req.valid("json");
    return c.json(await Course.create(id, content, c.get("actor"), c.get("scopes"), owner), 201);
  })
  .get("/courses/:courseId/draft", async (c) => {
    const meta = await Course.mustRead(c.req.param("courseId"), c.get("scopes"));
    const draft = await Course.mustGetDraft(c.req.param("courseId"));
    return c.json({ ...draft, problems: Course.problems(draft), publishRequest: meta.publishRequest } satisfies Wire.Draft);
  })
  .put(
    "/courses/:courseId/draft",
    limitBody(MAX_DRAFT_BYTES, "request.too_large", "This draft is too large. Split the course into smaller modules."),
    validate("json", Course.SaveDraftInput),
    async (c) => {
      const draft = await Course.updateDraft(c.req.param("courseId"), c.req.valid("json"), c.get("actor"), c.get("scopes"));
      return c.json({ ...draft, problems: Course.problems(draft) } satisfies Wire.Draft);
    },
  )
  .post("/courses/:courseId/publish-requests", validate("json", Course.PublishInput), async (c) => {
    return c.json(
      (await Course.requestPublish(c.req.param("courseId"), c.req.valid("json"), c.get("actor"), c.get("scopes"))) satisfies Wire.PublishRequestState,
      201,
    );
  })
  .post("/courses/:courseId/publish", validate("json", Course.PublishInput), async (c) => {
    const version = await Course.publish(c.req.param("courseId"), c.req.valid("json"), c.get("actor"), c.get("scopes"));
    return c.json(
      { courseId: version.courseId, version: version.version, line: version.line, changeSummary: version.changeSummary, publishedAt: version.publishedAt },
      201,
    );
  })
  .post("/courses/:courseId/preview", validate("json", z.object({ content: Course.Content })), async (c) => {
    await Course.mustRead(c.req.param("courseId"), c.get("scopes"));
    return c.json((await Course.previewDraft(c.req.param("courseId"), c.req.valid("json").content)) satisfies Wire.Preview);
  })
  .get("/courses/:courseId/analytics", async (c) =>
    c.json((await Analytics.forCourse(c.req.param("courseId"), c.get("scopes"))) satisfies Wire.CourseQuestionAnalytics),
  )
  .get("/courses/:courseId/versions", async (c) => {
    await Course.mustRead(c.req.param("courseId"), c.get("scopes"));
    return c.json({ items: (await Course.versionHistory(c.req.param("courseId"))) satisfies Wire.VersionInfo[] });
  })
  .get("/courses/:courseId/versions/:version/preview", async (c) => {
    await Course.mustRead(c.req.param("courseId"), c.get("scopes"));
    const version = await Course.mustGetVersion(c.req.param("courseId"), Number(c.req.param("version")));
    return c.json({ course: version.learner, quizzes: version.quizzes } satisfies Wire.Preview);
  })
  .post("/courses/:courseId/versions/:version/withdraw", async (c) => {
    return c.json(await Course.withdraw(c.req.param("courseId"), Number(c.req.param("version")), c.get("actor"), c.get("scopes")));
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
      return c.json(await Course.duplicate(c.req.param("courseId"), id, c.get("actor"), c.get("scopes"), changes), 201);
    },
  )
  .get("/courses/:courseId/bundle", validate("query", z.object({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) })), async (c) => {
    await Course.mustRead(c.req.param("courseId"), c.get("scopes"));
    const bundle = await Course.exportBundle(c.req.param("courseId"), c.req.valid("query").version);
    c.header("Content-Disposition", `attachment; filename="${c.req.param("courseId")}.kns.json"`);
    return c.json(bundle);
  })
  .post("/courses/:courseId/uploads", validate("json", Course.UploadInput), async (c) => {
    await Course.mustEdit(c.req.param("courseId"), c.get("scopes"));
    return c.json(await Course.createUpload(c.req.param("courseId"), c.req.valid("json"), c.get("actor")), 201);
  })
  .post("/courses/:courseId/uploads/:uploadId/complete", async (c) => {
    await Course.mustEdit(c.req.param("courseId"), c.get("scopes"));
    return c.json(await Course.completeUpload(c.req.param("courseId"), c.req.param("uploadId"), c.get("actor")), 201);
  })
  .post("/courses/:courseId/media", limitBody(MAX_UPLOAD_BYTES, "media.too_large", "This file is larger than 50 MB."), async (c) => {
    await Course.mustEdit(c.req.param("courseId"), c.get("scopes"));
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(await Course.uploadMedia(c.req.param("courseId"), bytes, c.req.header("content-type") ?? "", c.get("actor")), 201);
  })
  .get("/publish-requests", async (c) => c.json({ items: (await Course.reviewQueue(c.get("scopes"))) satisfies Wire.PublishRequest[] }))
  .get("/publish-requests/:requestId", async (c) => {
    return c.json((await Course.getRequest(c.req.param("requestId"), c.get("scopes"))) satisfies Wire.PublishRequestDetail);
  })
  .post("/publish-requests/:requestId/approve", async (c) => {
    return c.json(await Course.approve(c.req.param("requestId"), c.get("actor"), c.get("scopes")));
  })
  .post("/publish-requests/:requestId/return", validate("json", Course.ReturnInput), async (c) => {
    return c.json(
      (await Course.returnRequest(c.req.param("requestId"), c.req.valid("json"), c.get("actor"), c.get("scopes"))) satisfies Wire.PublishRequestState,
    );
  });

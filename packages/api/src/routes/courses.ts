import { Course } from "@kns/core/course";
import { VisibleError } from "@kns/core/error";
import { Progress } from "@kns/core/progress";
import { Search } from "@kns/core/search";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, jsonWithEtag } from "../etag";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import { catalogueOrder } from "@kns/core/model";
import type * as Wire from "@kns/core/model";

const VersionParams = z.object({ courseId: z.string(), version: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)) });

export const courseRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/", async (c) => {
    const { userId, unitId, roles } = c.get("session");
    // Letter 2251 plans each course in two versions: citizens see the citizens' ones, everyone else the members'.
    const audience = Search.learnerAudience(roles);
    // The nation's courses, and the learner's own province's (docs/authoring.md).
    const [metas, progress] = await Promise.all([Course.learnerOwners(unitId).then(Course.catalogue), Progress.listForUser(userId)]);
    const byCourse = new Map(progress.map((p) => [p.courseId, p]));
    const items = metas
      .filter((meta) => meta.card && meta.card.audience === audience)
      .map((meta) => {
        const mine = byCourse.get(meta.id);
        return {
          id: meta.id,
          title: meta.title,
          topic: meta.topic,
          summary: meta.summary,
          version: meta.card!.version,
          moduleCount: meta.card!.moduleCount,
          estimatedMinutes: meta.card!.estimatedMinutes,
          sizeBytes: meta.card!.sizeBytes,
          audience: meta.card!.audience,
          curriculum: meta.curriculum ?? "optional",
          cover: meta.card!.cover,
          myVersion: mine?.version,
          completed: Boolean(mine?.completedAt),
        };
      })
      .sort(catalogueOrder);
    return c.json({ items } satisfies Wire.CourseList);
  })
  /**
   * Everything the course, lesson and quiz screens need first, in one answer: the learner's version of the course
   * with every lesson's content, and the learner's progress in it. A lesson opened cold on 3G waits for this one
   * request and no other (web/src/app.tsx sends it while the screen's code downloads). It changes when progress
   * does, so the phone keeps it and revalidates each time (ETag, 304 when nothing changed).
   */
  .get("/:courseId", async (c) => {
    const userId = c.get("session").userId;
    const courseId = c.req.param("courseId");
    // The progress and the course's meta item at once: a learner who has not started the course needs the meta to
    // find the newest version, and the answer needs it anyway (one round trip to the table instead of two).
    const [progress, meta] = await Promise.all([Progress.get(userId, courseId), Course.getMeta(courseId)]);
    const version = await Progress.versionFor(progress, courseId, meta);
    const newer =
      meta && meta.latestVersion > version.version
        ? (await Course.listVersions(courseId))
            .filter((v) => v.version > version.version && !v.withdrawn)
            .map((v) => ({
              version: v.version,
              changeSummary: v.changeSummary,
              publishedAt: v.publishedAt,
              requiresRecertification: v.requiresRecertification,
            }))
        : [];
    const detail = {
      ...version.learner,
      latestVersion: meta?.latestVersion ?? version.version,
      newerVersions: newer,
      progress: {
        percent: Progress.percent(progress, version),
        completedLessons: progress?.completedLessons ?? [],
        quizzes: progress?.quizzes ?? {},
        completedAt: progress?.completedAt,
        certificateCode: progress?.certificateCode,
      },
    } satisfies Wire.CourseDetail;
    return jsonWithEtag(c, detail, CACHE_REVALIDATE);
  })
  /**
   * One published version's learner content, without progress: a version never changes once published, so the
   * phone keeps it a year without asking (a withdrawn one answers 404 from then on, and the app then moves to the
   * version `GET /:courseId` names). Test courses, which learners never see, answer 404 here as there.
   */
  .get("/:courseId/versions/:version", validate("param", VersionParams), async (c) => {
    const { courseId, version: number } = c.req.valid("param");
    const meta = await Course.getMeta(courseId);
    if (!meta || meta.curriculum === "test") throw new VisibleError("course.not_found", "This course does not exist.");
    const version = await Course.learnerVersion(courseId, number);
    return jsonWithEtag(c, version.learner satisfies Wire.LearnerCourse, CACHE_IMMUTABLE);
  })
  .post("/:courseId/switch", validate("json", z.object({ version: z.number().check(z.int(), z.minimum(1)) })), async (c) => {
    const progress = await Progress.switchVersion(c.get("session").userId, c.req.param("courseId"), c.req.valid("json").version);
    return c.json({ courseId: progress.courseId, version: progress.version, line: progress.line });
  });

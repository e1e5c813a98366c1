import { Course } from "@kns/core/course";
import { Progress } from "@kns/core/progress";
import { Search } from "@kns/core/search";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import { catalogueOrder } from "@kns/core/model";
import type * as Wire from "@kns/core/model";

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
  .get("/:courseId", async (c) => {
    const userId = c.get("session").userId;
    const courseId = c.req.param("courseId");
    const progress = await Progress.get(userId, courseId);
    const [version, meta] = await Promise.all([Progress.versionFor(progress, courseId), Course.getMeta(courseId)]);
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
    return c.json({
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
    } satisfies Wire.CourseDetail);
  })
  .post("/:courseId/switch", validate("json", z.object({ version: z.number().check(z.int(), z.minimum(1)) })), async (c) => {
    const progress = await Progress.switchVersion(c.get("session").userId, c.req.param("courseId"), c.req.valid("json").version);
    return c.json({ courseId: progress.courseId, version: progress.version, line: progress.line });
  });

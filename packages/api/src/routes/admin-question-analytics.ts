import { Analytics } from "@kns/core/analytics";
import { Course } from "@kns/core/course";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/** Question analytics of a course for the nation or a province (admins over it); counts only, never names. */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminQuestionAnalyticsRoutes = new Hono<AuthEnv>().get(
  "/units/:unitId/question-analytics",
  validate("query", z.object({ courseId: Course.CourseId })),
  async (c) => c.json((await Analytics.forUnit(c.get("session"), c.req.param("unitId"), c.req.valid("query").courseId)) satisfies Wire.CourseQuestionAnalytics),
);

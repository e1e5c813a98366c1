import { VisibleError } from "@kns/core/error";
import { Quiz } from "@kns/core/quiz";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { CACHE_IMMUTABLE, CACHE_REVALIDATE, jsonWithEtag, weakEtag } from "../etag";
import { requireAuth, requireTokenForCoreCheck, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

const QuizQuery = z.object({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000))) });

export const quizRoutes = new Hono<AuthEnv>()
  /**
   * The quiz in the learner's version of the course, with an ETag so that the app revalidates it with a 304.
   * `?version=N` names a published version: its quiz never changes, so when N is the learner's version the
   * answer is kept for a year without asking (404 when it is not: the app's course is out of date). A quiz that
   * draws from a pool is the exception: its question sets are signed for this learner and drawn afresh each
   * time, so it is always revalidated, under a weak ETag of the quiz and the learner (a set drawn earlier grades
   * the same, and on a shared phone another learner's copy does not match).
   */
  .get("/:quizId", requireAuth, validate("query", QuizQuery), async (c) => {
    const userId = c.get("session").userId;
    const asked = c.req.valid("query").version;
    const quiz = (await Quiz.forLearner(userId, c.req.param("quizId"))) satisfies Wire.LearnerQuiz;
    if (asked !== undefined && asked !== quiz.version) throw new VisibleError("quiz.not_found", `This quiz has no version ${asked} for you.`);
    if (quiz.draws) {
      const { draws: _, ...content } = quiz;
      return jsonWithEtag(c, quiz, CACHE_REVALIDATE, weakEtag(userId, JSON.stringify(content)));
    }
    return jsonWithEtag(c, quiz, asked === undefined ? CACHE_REVALIDATE : CACHE_IMMUTABLE);
  })
  /** Quiz.submit checks that the session is current in the attempt's own first read. */
  .post("/:quizId/attempts", requireTokenForCoreCheck, validate("json", Quiz.AttemptInput), async (c) => {
    return c.json((await Quiz.submit(c.get("session"), c.req.param("quizId"), c.req.valid("json"))) satisfies Wire.AttemptResult);
  });

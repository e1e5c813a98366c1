import { Quiz } from "@kns/core/quiz";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

export const quizRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/:quizId", async (c) => c.json((await Quiz.forLearner(c.get("session").userId, c.req.param("quizId"))) satisfies Wire.LearnerQuiz))
  .post("/:quizId/attempts", validate("json", Quiz.AttemptInput), async (c) => {
    const { userId, unitId } = c.get("session");
    return c.json((await Quiz.submit(userId, c.req.param("quizId"), c.req.valid("json"), { unitId })) satisfies Wire.AttemptResult);
  });

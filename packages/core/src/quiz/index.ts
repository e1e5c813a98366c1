export * as Quiz from "./index";

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Analytics } from "../analytics";
import { Course } from "../course";
import { ANSWER_SECONDS_MAX } from "../model";
import { db } from "../db/client";
import { getMany } from "../db/query";
import { assertCurrentWith, type Session } from "../auth/session";
import { VisibleError } from "../error";
import { Progress } from "../progress";
import { progressKeys } from "../progress/progress.entity";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { unitKeys } from "../unit/unit.entity";
import { drawsFromPool, makeDraws, readDraw } from "./draw";
import { grade, type Grade } from "./grade";

export const AttemptInput = z.object({
  attemptId: z.uuid("attemptId must be a uuid made by the app"),
  answers: z
    .array(
      z.object({
        questionId: z.string().check(z.minLength(1), z.maxLength(40)),
        optionIds: z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(12)),
        /** Seconds spent on the question (question analytics' median time); absent from older apps. */
        seconds: z.optional(z.int().check(z.minimum(0), z.maximum(ANSWER_SECONDS_MAX))),
      }),
    )
    .check(z.maxLength(100)),
  /** When the learner answered (offline attempts arrive later). */
  answeredAt: z.optional(z.iso.datetime({ offset: true })),
  /** The question set the learner was given, for a quiz that draws from a pool (LearnerQuiz.draws). */
  drawToken: z.optional(z.string().check(z.maxLength(2000))),
});
export type AttemptInput = z.input<typeof AttemptInput>;

export interface AttemptResult extends Grade {
  attemptId: string;
  quizId: string;
  courseId: string;
  version: number;
  attemptNumber: number;
  attemptsLeft: number | null;
  courseCompleted: boolean;
  certificateCode?: string;
  gradedAt: string;
}

/** The quiz as the learner sees it (their version of the course), with no answer data. */
export async function forLearner(userId: string, quizId: string): Promise<Course.LearnerQuiz> {
  const parsed = Course.parseQuizId(quizId);
  const notFound = new VisibleError("quiz.not_found", "This quiz does not exist.");
  if (!parsed) throw notFound;
  const progress = await Progress.get(userId, parsed.courseId);
  const version = await Progress.versionFor(progress, parsed.courseId).catch(() => {
    throw notFound;
  });
  const quiz = version.quizzes[quizId];
  if (!quiz) throw notFound;
  if (!drawsFromPool(quiz)) return quiz;
  return {
    ...quiz,
    draws: makeDraws(
      userId,
      quizId,
      quiz.version,
      quiz.questions.map((q) => q.id),
      quiz.drawCount,
    ),
  };
}

/**
 * Grades a quiz attempt on the server and records it with the learner's progress in one transaction
 * (see Progress.applyChange). The same attemptId again returns the stored result and counts nothing.
 * It checks that the request's `session` is still current with its own first reads (Auth.assertCurrentWith;
 * the route checks only the token), replays included, and counts the attempt in the team the session names
 * when the progress agrees.
 */
export async function submit(session: Session, quizId: string, raw: AttemptInput): Promise<AttemptResult> {
  const { userId, unitId } = session;
  const input = AttemptInput.parse(raw);
  const parsed = Course.parseQuizId(quizId);
  if (!parsed) throw new VisibleError("quiz.not_found", "This quiz does not exist.");
  const { doc, table } = db();
  const key = progressKeys.attempt(userId, input.attemptId);
  const resultOf = (item: Record<string, unknown> | undefined) => {
    if (!item) return undefined;
    if (item.quizId !== quizId) throw new VisibleError("quiz.attempt_id_reused", "This attempt id was already used for another quiz.");
    return item.result as AttemptResult;
  };
  const stored = async () => resultOf((await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item);
  // Everything an attempt reads is independent, so it is read at once: the marker (a replay?), the progress,
  // the learner's unit (for the counters) and, unless checked within the last seconds, the account (is the
  // session still current?) in one BatchGetItem, beside the rate-limit count. A replay is answered even when
  // the limit is reached (it counts a hit, which only matters to an outbox re-sending over 60 attempts in a
  // minute). A token whose session has ended is refused after these reads, having at most counted one hit on
  // its own limit (an item that expires within two minutes); nothing else is written for it.
  const limited = RateLimit.hit(`attempts:${userId}`, RateLimit.rules.attemptsPerUser).then(
    () => undefined,
    (err: unknown) => err,
  );
  const [markerItem, progressItem, unitItem] = await assertCurrentWith(session, async (accountKey) => {
    const unitKey = unitId ? [unitKeys.unit(unitId)] : [];
    const found = await getMany([key, progressKeys.progress(userId, parsed.courseId), ...unitKey, ...(accountKey ? [accountKey] : [])], { consistent: true });
    return { account: accountKey ? found.at(-1) : undefined, value: [found[0], found[1], unitId ? found[2] : undefined] as const };
  });
  const replay = resultOf(markerItem);
  if (replay) return replay;
  const refused = await limited;
  if (refused) throw refused;

  const outcome = await Progress.applyChange(
    userId,
    parsed.courseId,
    stored,
    (progress, version) => {
      const module = Course.quizModule(version, quizId);
      const state = progress.quizzes[quizId] ?? { attempts: 0, bestPercent: 0, passed: false, lastAttemptAt: "" };
      const allowed = module.quiz.attemptsAllowed;
      if (allowed !== null && state.attempts >= allowed) {
        throw new VisibleError("quiz.no_attempts_left", `You have used all ${allowed} attempts for this quiz.`);
      }
      let drawn: string[] | undefined;
      if (drawsFromPool(module.quiz)) {
        drawn = input.drawToken ? readDraw(input.drawToken, { userId, quizId, version: version.version }) : undefined;
        if (!drawn)
          throw new VisibleError(
            "quiz.draw_invalid",
            "This attempt does not name a question set this quiz gave you. Open the quiz again and answer the questions it shows.",
          );
      }
      const graded = grade(module, input.answers, drawn);
      const gradedAt = new Date().toISOString();
      progress.quizzes[quizId] = {
        attempts: state.attempts + 1,
        bestPercent: Math.max(state.bestPercent, graded.scorePercent),
        passed: state.passed || graded.passed,
        lastAttemptAt: input.answeredAt ?? gradedAt,
      };
      return (next) => {
        const result: AttemptResult = {
          ...graded,
          attemptId: input.attemptId,
          quizId,
          courseId: parsed.courseId,
          version: version.version,
          attemptNumber: state.attempts + 1,
          attemptsLeft: allowed === null ? null : allowed - state.attempts - 1,
          courseCompleted: Boolean(next.completedAt),
          ...(next.certificateCode ? { certificateCode: next.certificateCode } : {}),
          gradedAt,
        };
        const answered = Analytics.answeredQuestions(module.quiz.questions, input.answers, graded.results);
        const counters = (unit: Unit.Info | undefined) =>
          Analytics.attemptCounterUpdates({ courseId: parsed.courseId, version: version.version, quizId, scorePercent: graded.scorePercent, answered }, unit);
        return { result, markers: [{ key, item: { quizId, result } }], attempt: { scorePercent: graded.scorePercent }, counters };
      };
    },
    { read: { current: progressItem && Progress.fromItem(progressItem) }, unit: unitItem && Unit.fromItem(unitItem) },
  );
  return "replayed" in outcome ? outcome.replayed : outcome.result;
}

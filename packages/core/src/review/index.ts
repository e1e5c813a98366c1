export * as Review from "./index";

import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Course } from "../course";
import { learnerOptionIds } from "../course/option-ids";
import { db } from "../db/client";
import { getMany, queryPartition } from "../db/query";
import { VisibleError } from "../error";
import {
  errorMessage,
  parseReviewCardId,
  QUESTION_KINDS,
  REVIEW_CARD_ID,
  REVIEW_LIMITS,
  REVIEW_PHASES,
  REVIEW_RATINGS,
  clockOffset,
  onServerClock,
  plausibleClockOffset,
  reviewCardId,
  reviewProblem,
  selectDeck,
  vietnamDay,
  weekDays,
  type ReviewCard,
  type ReviewCardState,
  type ReviewDeck,
  type ReviewsResponse,
} from "../model";
import { Progress } from "../progress";
import { progressKeys } from "../progress/progress.entity";
import type { AttemptResult } from "../quiz";
import { RateLimit } from "../rate-limit";
import { User } from "../user";
import { reviewKeys } from "./review.entity";

/**
 * The review deck (docs/review-deck.md). A card is a question the learner answered wrong in any attempt of a
 * quiz they have since passed, as the question is in their version of the course. Cards are derived on every
 * read from what is already stored (the attempt markers and the progress), not written with the attempt: the
 * attempt's transaction is full, and a derived deck follows new versions (a question removed drops out) and
 * the quiz's pass for free. Only reviews write: each card's FSRS state, computed on the phone.
 *
 * A module quiz counts towards the certificate and never shows its answers before it is passed (API.md); so a
 * wrong answer becomes a card only once its quiz is passed (until then the learner retakes the quiz), never for
 * a quiz whose trainer chose to show no answers at all ("correctness-only"), and only in its owner's deck. Only
 * the attempts of the learner's current certificate line count: a re-certification starts the quizzes afresh.
 */

const Iso = z.iso.datetime({ offset: true });
const Days = z.number().check(z.minimum(0), z.maximum(REVIEW_LIMITS.maxDays));
const Count = z.int().check(z.minimum(0), z.maximum(REVIEW_LIMITS.maxCount));

export const CardState = z.object({
  due: Iso,
  stability: Days,
  difficulty: z.number().check(z.minimum(REVIEW_LIMITS.difficultyMin), z.maximum(REVIEW_LIMITS.difficultyMax)),
  scheduledDays: Days,
  learningSteps: z.int().check(z.minimum(0), z.maximum(REVIEW_LIMITS.maxLearningSteps)),
  reps: Count,
  lapses: Count,
  phase: z.literal(REVIEW_PHASES),
  lastReview: Iso,
});

export const ReviewInput = z.object({
  id: z.uuid("Each review needs a uuid id"),
  cardId: z.string().check(z.maxLength(150), z.regex(REVIEW_CARD_ID, "A card id is <courseId>.<moduleId>.<questionId>")),
  rating: z.literal([REVIEW_RATINGS.again, REVIEW_RATINGS.hard, REVIEW_RATINGS.good, REVIEW_RATINGS.easy]),
  at: Iso,
  state: CardState,
});
export type ReviewInput = z.infer<typeof ReviewInput>;

export const ReviewsInput = z.object({
  /** The phone's clock when it sent the batch: every review is moved onto the server's clock by the difference. */
  sentAt: z.optional(Iso),
  reviews: z.array(ReviewInput).check(z.minLength(1), z.maxLength(REVIEW_LIMITS.reviewsPerRequest)),
});

export const rateRule: RateLimit.Rule = { limit: REVIEW_LIMITS.reviewsPerMinute, windowSeconds: 60 };

/** The days reviewed on are read for this week only; kept a little longer for the learner's own download. */
const DAY_SECONDS = 120 * 86_400;
/** Races on one card (two phones, or the same outbox twice at once): tries before "busy". */
const MAX_RACES = 6;

/** One wrong (or unanswered) question in one graded attempt. */
interface Miss {
  courseId: string;
  quizId: string;
  questionId: string;
  /** The course version the attempt was graded on: it tells the certificate line. */
  version: number;
  at: string;
}

/**
 * Every question the learner answered wrong, attempt by attempt, from their attempt markers (one query over
 * their own partition; a learner has at most a few hundred attempts).
 */
async function missesOf(userId: string): Promise<Miss[]> {
  const attempts = await queryPartition<{ quizId?: string; result?: AttemptResult }>(progressKeys.learnerPartition(userId), {
    prefix: progressKeys.attemptPrefix,
    attributes: ["quizId", "result"],
  });
  return attempts.flatMap(({ quizId, result }): Miss[] => {
    const quiz = quizId ? Course.parseQuizId(quizId) : undefined;
    if (!quiz || !quizId || !result || !Array.isArray(result.results) || !Number.isInteger(result.version)) return [];
    return result.results.flatMap((answer) =>
      answer.correct ? [] : [{ courseId: quiz.courseId, quizId, questionId: answer.questionId, version: result.version, at: result.gradedAt }],
    );
  });
}

/**
 * Which versions belong to the learner's current certificate line. Most learners attempted only the version they
 * are on; otherwise one query reads the course's version list (line numbers only).
 */
async function currentLine(progress: Progress.Record, versions: readonly number[]): Promise<(version: number) => boolean> {
  if (versions.every((version) => version === progress.version)) return (version) => version === progress.version;
  const lines = new Map((await Course.listVersions(progress.courseId)).map((version) => [version.version, version.line]));
  return (version) => lines.get(version) === progress.line;
}

/** A card as the deck shows it, before its state is joined, with when the learner last got it wrong. */
type Built = Omit<ReviewCard, "state"> & { lastMissedAt: string };

/**
 * Every card the learner has earned, whether the deck holds it or not: their missed questions of the current
 * certificate line in quizzes they have passed, each as the question is in their version of the course; a
 * question that version no longer has, a quiz not passed, a course gone or a quiz that never shows answers
 * gives no card. A review of any of these is kept.
 */
async function cardsOf(userId: string): Promise<Built[]> {
  const [misses, records] = await Promise.all([missesOf(userId), Progress.listForUser(userId)]);
  if (!misses.length) return [];
  const byCourse = new Map<string, Miss[]>();
  for (const miss of misses) byCourse.set(miss.courseId, [...(byCourse.get(miss.courseId) ?? []), miss]);
  const progressOf = new Map(records.map((record) => [record.courseId, record]));
  const perCourse = await Promise.all(
    [...byCourse].map(async ([courseId, courseMisses]): Promise<Built[]> => {
      const progress = progressOf.get(courseId);
      const passed = courseMisses.filter((miss) => progress?.quizzes[miss.quizId]?.passed);
      if (!progress || !passed.length) return [];
      const versions = passed.map((miss) => miss.version);
      const [inLine, version] = await Promise.all([currentLine(progress, versions), Progress.versionFor(progress, courseId).catch(() => undefined)]);
      if (!version) return [];
      const missed = new Map<string, { first: Miss; last: Miss }>();
      for (const miss of passed.filter((m) => inLine(m.version))) {
        const cardId = reviewCardId(miss.quizId, miss.questionId);
        const known = missed.get(cardId);
        missed.set(cardId, {
          first: known && known.first.at <= miss.at ? known.first : miss,
          last: known && known.last.at >= miss.at ? known.last : miss,
        });
      }
      return [...missed].flatMap(([cardId, { first, last }]): Built[] => {
        const module = version.content.modules.find((m) => Course.quizId(courseId, m.id) === first.quizId);
        const question = module?.quiz.questions.find((q) => q.id === first.questionId);
        const shown = version.quizzes[first.quizId]?.questions.find((q) => q.id === first.questionId);
        if (!module || !question || !shown || module.quiz.reviewPolicy === "correctness-only") return [];
        // Ordering questions reach the phone under opaque ids (course/option-ids.ts); their answer must too.
        const opaque = learnerOptionIds(module, question);
        return [
          {
            id: cardId,
            courseId,
            courseTitle: version.content.title,
            quizId: first.quizId,
            questionId: first.questionId,
            question: shown,
            correctOptionIds: QUESTION_KINDS[question.kind].correctAnswer(question).map((id) => opaque?.get(id) ?? id),
            explanation: question.explanation,
            addedAt: first.at,
            lastMissedAt: last.at,
          },
        ];
      });
    }),
  );
  return perCourse.flat();
}

/** The days of this week (Vietnam's calendar) the learner reviewed on: one query over a week of day items. */
async function weekOf(userId: string, now: Date): Promise<ReviewDeck["week"]> {
  const days = weekDays(vietnamDay(now));
  const items = await queryPartition<{ day?: string }>(reviewKeys.partition(userId), {
    between: [reviewKeys.day(userId, days[0]!).sk, reviewKeys.day(userId, days[6]!).sk],
    attributes: ["day"],
  });
  return { start: days[0]!, days: items.flatMap((item) => (typeof item.day === "string" ? [item.day] : [])).sort() };
}

/**
 * GET /me/review-deck: the learner's cards with their states (the well-learned ones left out, the most recent
 * mistakes first, up to the deck's size: `selectDeck`), and this week's rhythm.
 */
export async function deck(userId: string, now = new Date()): Promise<ReviewDeck> {
  const [cards, states, week] = await Promise.all([
    cardsOf(userId),
    queryPartition<{ cardId?: string; state?: ReviewCardState }>(reviewKeys.partition(userId), {
      prefix: reviewKeys.cardPrefix,
      attributes: ["cardId", "state"],
    }),
    weekOf(userId, now),
  ]);
  const stateOf = new Map(states.flatMap((item) => (item.cardId && item.state ? [[item.cardId, item.state] as const] : [])));
  const held = selectDeck(cards.map((card) => ({ ...card, state: stateOf.get(card.id) ?? null })));
  return { cards: held.map(({ lastMissedAt: _, ...card }) => card), week };
}

const refusal = (id: string, code: ReviewsResponse["rejected"][number]["code"]) => ({ id, code, message: errorMessage(code) });

/**
 * Records reviews from the phone's outbox. Each review is first moved onto the server's clock by the phone's
 * clock reading (`sentAt`), so a phone an hour ahead, or one whose clock went back to 1970, has its reviews kept
 * at the time they were made. A replay (its marker is there) is accepted again without effect. A review that
 * cannot be kept is refused on its own, with its code: a card the learner has not earned (another learner's,
 * or a quiz not passed), a time still in the future, a state this review did not make. So one bad review never
 * holds back the rest of an outbox. A review of any age is kept. Limited per request and per learner per minute.
 */
export async function record(userId: string, raw: z.input<typeof ReviewsInput>, now = new Date()): Promise<ReviewsResponse> {
  const input = ReviewsInput.parse(raw);
  const offset = clockOffset(input.sentAt, now);
  if (!plausibleClockOffset(offset)) throw new VisibleError("review.clock_invalid", undefined, { params: { days: REVIEW_LIMITS.clockOffsetMaxDays } });
  const reviews = input.reviews.map((review) => onServerClock(review, offset));
  await RateLimit.hit(`reviews:${userId}`, rateRule, now.getTime(), reviews.length);
  const found = await getMany(
    reviews.map((review) => reviewKeys.review(userId, review.id)),
    { consistent: true },
  );
  const outcome: ReviewsResponse = { accepted: [], rejected: [] };
  const fresh: ReviewInput[] = [];
  reviews.forEach((review, i) => {
    const problem = found[i] ? undefined : reviewProblem(review, now);
    if (found[i]) outcome.accepted.push(review.id);
    else if (problem) outcome.rejected.push(refusal(review.id, problem));
    else fresh.push(review);
  });
  if (!fresh.length) return outcome;
  // Every card earned, not only those the deck holds now: a phone may review a card the deck has since let go.
  const earned = new Set((await cardsOf(userId)).map((card) => card.id));
  // Oldest first, so a batch holding two reviews of one card leaves the later one's state, as it would in any order.
  for (const review of fresh.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (!earned.has(review.cardId)) outcome.rejected.push(refusal(review.id, "review.unknown_card"));
    else {
      await write(userId, review, now);
      outcome.accepted.push(review.id);
    }
  }
  return outcome;
}

/**
 * One review in one transaction: its marker (`attribute_not_exists`: a replay racing this one wins or loses
 * whole; kept for the life of the account, as a review of any age is accepted, so a replay of any age is
 * recognised), the open-account check, the day's count, and the card's state unless a later review's state is
 * already there (two phones, or an outbox sent out of order: the latest review wins, never a step back). A
 * review older than the stored state is still recorded (marker and day), just without the state.
 */
async function write(userId: string, review: ReviewInput, now: Date) {
  const { doc, table } = db();
  const card = parseReviewCardId(review.cardId)!;
  const at = new Date(review.at).toISOString();
  const day = vietnamDay(new Date(at));
  const state: ReviewCardState = { ...review.state, due: new Date(review.state.due).toISOString(), lastReview: at };
  const seconds = Math.floor(now.getTime() / 1000);
  const marker = {
    Put: {
      TableName: table,
      Item: { ...reviewKeys.review(userId, review.id), cardId: review.cardId, rating: review.rating, at, day },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
  const dayCount = {
    Update: {
      TableName: table,
      Key: reviewKeys.day(userId, day),
      UpdateExpression: "ADD #reviews :one SET #day = :day, #expires = :expires",
      ExpressionAttributeNames: { "#reviews": "reviews", "#day": "day", "#expires": "expiresAt" },
      ExpressionAttributeValues: { ":one": 1, ":day": day, ":expires": seconds + DAY_SECONDS },
    },
  };
  const cardState = {
    Put: {
      TableName: table,
      Item: { ...reviewKeys.card(userId, review.cardId), ...card, cardId: review.cardId, state, lastReview: at, reviewId: review.id, rating: review.rating },
      // Of two reviews at the same instant, the greater id wins, so every order of arrival ends the same.
      ConditionExpression: "attribute_not_exists(pk) OR #last < :at OR (#last = :at AND #review < :id)",
      ExpressionAttributeNames: { "#last": "lastReview", "#review": "reviewId" },
      ExpressionAttributeValues: { ":at": at, ":id": review.id },
    },
  };
  let withState = true;
  for (let race = 0; race < MAX_RACES; race++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: [marker, User.activeCheck(userId), dayCount, ...(withState ? [cardState] : [])] }));
      return;
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      // The marker is there: the same review sent twice at once, and the other request recorded it.
      if (reasons[0]?.Code === "ConditionalCheckFailed") return;
      if (reasons[1]?.Code === "ConditionalCheckFailed") throw new VisibleError("auth.session_ended", "Your session has ended. Please sign in again.");
      if (reasons[3]?.Code === "ConditionalCheckFailed") withState = false;
      else if (!reasons.some((r) => r.Code === "TransactionConflict")) throw err;
      else await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (race + 1)));
    }
  }
  throw new VisibleError("progress.busy", "Too many changes at once. Please try again.", { retryAfterSeconds: 1 });
}

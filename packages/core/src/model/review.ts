/**
 * The review deck ("2 phút ôn tập"): questions a learner got wrong come back as short cards, scheduled with FSRS
 * (docs/review-deck.md). The phone runs the scheduler (ts-fsrs, loaded only with the deck) and sends each review
 * with the state it computed; the server checks the numbers are in range and keeps, per card, the state of the
 * latest review. The card, the review and their limits are written here once, for the server's schema
 * (review/) and the phone alike.
 */
import type { LearnerQuestion } from "./learner";
import { QUESTION_KINDS } from "./questions";

export const REVIEW_LIMITS = {
  /** Reviews per request and per learner per minute (the outbox sends the rest later). */
  reviewsPerRequest: 50,
  reviewsPerMinute: 300,
  /**
   * A review may reach the server this long after it was made (weeks offline in the hills). Its marker lives a
   * little longer, so a replay within this window is always recognised.
   */
  maxAgeDays: 90,
  /** Phones' clocks run a little ahead; a review this far in the future is still now. */
  clockSkewMinutes: 10,
  /** One sitting: up to this many due cards, about two minutes for a learner reading carefully. */
  cardsPerSitting: 10,
  /** A sitting ends after the card in hand once this long has passed, however many cards are left. */
  sittingSeconds: 120,
  /** Cards one deck holds at most (the oldest wrong answers first); a learner of all four courses has ~250. */
  cardsPerDeck: 400,
  /** The bounds of an FSRS state: intervals up to 100 years (ts-fsrs's own maximum), difficulty 1–10. */
  maxDays: 36_500,
  difficultyMin: 1,
  difficultyMax: 10,
  maxCount: 100_000,
  maxLearningSteps: 20,
} as const;

/** FSRS's ratings, as ts-fsrs numbers them. The deck asks no more than right or wrong, and "easy" if right. */
export const REVIEW_RATINGS = { again: 1, hard: 2, good: 3, easy: 4 } as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[keyof typeof REVIEW_RATINGS];

/** FSRS's card phases, as ts-fsrs numbers them (`State`): 0 new, 1 learning, 2 review, 3 relearning. */
export const REVIEW_PHASES = [0, 1, 2, 3] as const;
export type ReviewPhase = (typeof REVIEW_PHASES)[number];

/** A card's FSRS state after a review, as the phone computed it (ts-fsrs's `Card`, dates as ISO strings). */
export interface ReviewCardState {
  /** When the card is next due. */
  due: string;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  phase: ReviewPhase;
  /** The review that made this state: of two states, the one with the later review wins. */
  lastReview: string;
}

/**
 * One card: a question the learner answered wrong in a quiz they have since passed, as it is in their version of
 * the course (options as the quiz shows them, so the player's question view shows it), with its right answer and
 * explanation, which a passed quiz may show. `state` is null until the first review.
 */
export interface ReviewCard {
  /** `<quizId>.<questionId>` (`reviewCardId`). */
  id: string;
  courseId: string;
  courseTitle: string;
  quizId: string;
  questionId: string;
  question: LearnerQuestion;
  /** In order for `order` questions (the opaque ids the phone was given). */
  correctOptionIds: string[];
  explanation: string;
  state: ReviewCardState | null;
  /** When the learner first got it wrong. */
  addedAt: string;
}

/** The days (Vietnam's calendar) of one week, Monday first, on which the learner reviewed. */
export interface ReviewWeek {
  /** The Monday. */
  start: string;
  days: string[];
}

/** GET /me/review-deck */
export interface ReviewDeck {
  cards: ReviewCard[];
  week: ReviewWeek;
}

/** One review, as the phone's outbox sends it (POST /me/reviews). */
export interface ReviewInput {
  /** A uuid made on the phone: the review's identity, so a replay is counted once. */
  id: string;
  cardId: string;
  rating: ReviewRating;
  /** When the learner reviewed (ISO); the same instant as `state.lastReview`. */
  at: string;
  state: ReviewCardState;
}

export interface ReviewsRequest {
  reviews: ReviewInput[];
}

export type ReviewProblem = "review.future_date" | "review.too_old" | "review.state_mismatch";

/** POST /me/reviews: each review accepted (replays too) or refused with a code; one refusal never blocks the rest. */
export interface ReviewsResponse {
  accepted: string[];
  rejected: { id: string; code: ReviewProblem | "review.unknown_card"; message: string }[];
}

const LOCAL = "[a-z0-9][a-z0-9_-]{0,39}";
/** `<courseId>.<moduleId>.<questionId>`: the quiz id (`<courseId>.<moduleId>`) and the question's id. */
export const REVIEW_CARD_ID = new RegExp(`^([a-z0-9][a-z0-9-]{1,59})\\.(${LOCAL})\\.(${LOCAL})$`);

export const reviewCardId = (quizId: string, questionId: string) => `${quizId}.${questionId}`;

export function parseReviewCardId(id: string): { courseId: string; quizId: string; questionId: string } | undefined {
  const match = REVIEW_CARD_ID.exec(id);
  return match ? { courseId: match[1]!, quizId: `${match[1]}.${match[2]}`, questionId: match[3]! } : undefined;
}

/**
 * What stops a review from being kept: a date in the future or too long ago, or a state that is not the one
 * this review made (its `lastReview` is the review's time, and it falls due after it). The numbers' ranges are
 * the schema's.
 */
export function reviewProblem(review: Pick<ReviewInput, "at" | "state">, now: Date): ReviewProblem | undefined {
  const at = Date.parse(review.at);
  if (Number.isNaN(at) || at > now.getTime() + REVIEW_LIMITS.clockSkewMinutes * 60_000) return "review.future_date";
  if (at < now.getTime() - REVIEW_LIMITS.maxAgeDays * 86_400_000) return "review.too_old";
  const due = Date.parse(review.state.due);
  if (Date.parse(review.state.lastReview) !== at || Number.isNaN(due) || due < at) return "review.state_mismatch";
  return undefined;
}

/** Whether a card is due at `now`: new cards at once, the others when FSRS said. Overdue cards simply stay due. */
export function isDue(card: Pick<ReviewCard, "state">, now: Date): boolean {
  return !card.state || Date.parse(card.state.due) <= now.getTime();
}

/** The cards due at `now`, the longest waiting first (new cards in the order they were added, after those). */
export function dueCards<Card extends Pick<ReviewCard, "state" | "addedAt" | "id">>(cards: readonly Card[], now: Date): Card[] {
  const when = (card: Card) => (card.state ? Date.parse(card.state.due) : Number.POSITIVE_INFINITY);
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return cards.filter((card) => isDue(card, now)).sort((a, b) => when(a) - when(b) || order(a.addedAt, b.addedAt) || order(a.id, b.id));
}

/** Whether chosen option ids answer a card right: the same rule as grading (exactly the right ones, or in order). */
export function answersCard(card: Pick<ReviewCard, "question" | "correctOptionIds">, chosen: readonly string[]): boolean {
  const right = card.correctOptionIds;
  if (QUESTION_KINDS[card.question.kind].answer === "order") return chosen.length === right.length && right.every((id, i) => chosen[i] === id);
  const picked = new Set(chosen);
  return picked.size === right.length && right.every((id) => picked.has(id));
}

/** The rating a review gives: wrong is "again", right is "good", or "easy" when the learner says so. */
export function ratingFor(right: boolean, easy = false): ReviewRating {
  if (!right) return REVIEW_RATINGS.again;
  return easy ? REVIEW_RATINGS.easy : REVIEW_RATINGS.good;
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The seven days (YYYY-MM-DD) of the week, Monday first, that `day` is in. */
export function weekDays(day: string): string[] {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(day, -weekday);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

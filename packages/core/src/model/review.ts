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
   * A review's time, after it is moved onto the server's clock (`onServerClock`), may be this far ahead of the
   * server's: the request's own time on the way, and clocks that tick a little apart.
   */
  clockSkewMinutes: 10,
  /**
   * How far a phone's clock reading (`sentAt`) may be from the server's: a century covers a phone whose clock
   * went back to 1970 when its battery ran out; anything further is not a clock reading.
   */
  clockOffsetMaxDays: 36_500,
  /** One sitting: up to this many due cards, about two minutes for a learner reading carefully. */
  cardsPerSitting: 10,
  /** A sitting ends after the card in hand once this long has passed, however many cards are left. */
  sittingSeconds: 120,
  /**
   * Cards one deck holds at most, the most recent mistakes first (`selectDeck`); a learner of all four courses
   * who got every question wrong once has about 250.
   */
  cardsPerDeck: 400,
  /**
   * A card leaves the deck once it is learned this well: FSRS expects it still remembered, nine times in ten,
   * half a year on (stability in days; about six reviews remembered in a row). A new mistake brings it back.
   */
  retireStabilityDays: 180,
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
  /**
   * The phone's clock when it sent this batch (ISO). The server moves every review onto its own clock by the
   * difference (`onServerClock`), so a phone whose clock is wrong still has its reviews kept, at the right time.
   * Absent (an app from before it was sent), the phone's clock is taken as right.
   */
  sentAt?: string;
  reviews: ReviewInput[];
}

export type ReviewProblem = "review.future_date" | "review.state_mismatch";

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

const DAY_MS = 86_400_000;

/** How far the phone's clock is behind the server's (ms; negative when it is ahead), from its reading `sentAt`. */
export function clockOffset(sentAt: string | undefined, now: Date): number {
  return sentAt === undefined ? 0 : now.getTime() - Date.parse(sentAt);
}

/** Whether a clock offset could come from a phone's clock at all (beyond it, `sentAt` is refused). */
export const plausibleClockOffset = (offset: number) => Number.isFinite(offset) && Math.abs(offset) <= REVIEW_LIMITS.clockOffsetMaxDays * DAY_MS;

/**
 * A review moved onto the server's clock: its time and its state's dates shifted by the phone's `clockOffset`.
 * The intervals the phone's FSRS worked out stay as they were; only where they sit in time moves.
 */
export function onServerClock<Review extends Pick<ReviewInput, "at" | "state">>(review: Review, offset: number): Review {
  const shift = (iso: string) => new Date(Date.parse(iso) + offset).toISOString();
  return { ...review, at: shift(review.at), state: { ...review.state, due: shift(review.state.due), lastReview: shift(review.state.lastReview) } };
}

/**
 * What stops a review (on the server's clock) from being kept: a time still in the future, or a state that is
 * not the one this review made (its `lastReview` is the review's time, and it falls due after it). A review of
 * any age is kept: a learner offline for months loses nothing. The numbers' ranges are the schema's.
 */
export function reviewProblem(review: Pick<ReviewInput, "at" | "state">, now: Date): ReviewProblem | undefined {
  const at = Date.parse(review.at);
  if (Number.isNaN(at) || at > now.getTime() + REVIEW_LIMITS.clockSkewMinutes * 60_000) return "review.future_date";
  const due = Date.parse(review.state.due);
  if (Date.parse(review.state.lastReview) !== at || Number.isNaN(due) || due < at) return "review.state_mismatch";
  return undefined;
}

/** A card as the deck chooses it: its state, and when the learner last got it wrong (the server knows that). */
interface Candidate {
  id: string;
  state: ReviewCardState | null;
  lastMissedAt: string;
}

/**
 * Whether a card is learned well enough to leave the deck: FSRS's stability has reached
 * `REVIEW_LIMITS.retireStabilityDays` and the learner has not got the question wrong again since that review.
 */
export function isRetired(card: Omit<Candidate, "id">): boolean {
  return Boolean(card.state && card.state.stability >= REVIEW_LIMITS.retireStabilityDays && Date.parse(card.lastMissedAt) <= Date.parse(card.state.lastReview));
}

/**
 * The cards a deck holds: the well-learned ones leave, then the most recent mistakes first, up to `cap`. So a
 * learner's new mistakes always find a place, and a deck never fills up with questions long since learned.
 */
export function selectDeck<Card extends Candidate>(cards: readonly Card[], cap: number = REVIEW_LIMITS.cardsPerDeck): Card[] {
  return cards
    .filter((card) => !isRetired(card))
    .sort((a, b) => Date.parse(b.lastMissedAt) - Date.parse(a.lastMissedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, cap);
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

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The seven days (YYYY-MM-DD) of the week, Monday first, that `day` is in. */
export function weekDays(day: string): string[] {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(day, -weekday);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

import type { ReviewCardState, ReviewPhase, ReviewRating } from "@kns/core/model";
import { createEmptyCard, fsrs, type Card, type Grade } from "ts-fsrs";

/**
 * FSRS on the phone (ts-fsrs, in the deck's own chunk: it never weighs on the first load). The default
 * parameters, with two choices for this audience:
 *  - no short-term steps: a card comes back on another day, never twice in one sitting, so a sitting is short
 *    and each card is seen once (a wrong answer is due tomorrow, a right one in a few days);
 *  - no fuzz: the same reviews give the same schedule on every phone, and in tests.
 * A card reviewed late is simply scheduled from when it was reviewed: FSRS counts the days that passed, so a
 * missed day or week costs nothing and resets nothing.
 */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

function toCard(state: ReviewCardState | null, at: Date): Card {
  if (!state) return createEmptyCard(at);
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: 0,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: state.phase,
    last_review: new Date(state.lastReview),
  };
}

/**
 * The card's state after a review at `at` with `rating`. A phone whose clock went back (before the last
 * review) schedules from the last review instead, so a state never goes back in time.
 */
export function schedule(state: ReviewCardState | null, rating: ReviewRating, at: Date): ReviewCardState {
  const when = state && Date.parse(state.lastReview) > at.getTime() ? new Date(state.lastReview) : at;
  const next = scheduler.next(toCard(state, when), when, rating as Grade).card;
  return {
    due: next.due.toISOString(),
    stability: next.stability,
    difficulty: next.difficulty,
    scheduledDays: next.scheduled_days,
    learningSteps: next.learning_steps,
    reps: next.reps,
    lapses: next.lapses,
    phase: next.state as ReviewPhase,
    lastReview: when.toISOString(),
  };
}

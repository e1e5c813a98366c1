import { userKeys } from "../user/user.entity";

/**
 * The review deck lives in the learner's partition (their data: downloaded and deleted with the account). Cards
 * themselves are not stored: they are derived from the learner's attempts on each read (see ./index.ts). Only
 * what reviews write is: each card's scheduling state, one marker per review (its idempotency), and the days
 * the learner reviewed on (the weekly rhythm).
 */
export const reviewKeys = {
  partition: (userId: string) => userKeys.partition(userId),
  /** A card's FSRS state: the latest review's (the card id is `<courseId>.<moduleId>.<questionId>`). */
  card: (userId: string, cardId: string) => ({ pk: userKeys.partition(userId), sk: `REVIEWCARD#${cardId}` }),
  cardPrefix: "REVIEWCARD#",
  /** One per review id the phone made, so a replay is accepted once (TTL). */
  review: (userId: string, reviewId: string) => ({ pk: userKeys.partition(userId), sk: `REVIEW#${reviewId}` }),
  reviewPrefix: "REVIEW#",
  /** A day (Vietnam's calendar) the learner reviewed on, with how many reviews (TTL). */
  day: (userId: string, day: string) => ({ pk: userKeys.partition(userId), sk: `REVIEWDAY#${day}` }),
  dayPrefix: "REVIEWDAY#",
};

import { describe, expect, it } from "vitest";
import {
  answersCard,
  clockOffset,
  dueCards,
  isRetired,
  onServerClock,
  parseReviewCardId,
  plausibleClockOffset,
  ratingFor,
  REVIEW_LIMITS,
  reviewProblem,
  selectDeck,
  weekDays,
  type ReviewCardState,
} from "./review";

const state = (lastReview: string, due: string): ReviewCardState => ({
  due,
  stability: 2,
  difficulty: 5,
  scheduledDays: 2,
  learningSteps: 0,
  reps: 1,
  lapses: 0,
  phase: 2,
  lastReview,
});

describe("the review deck's rules", () => {
  it("writes a week Monday first, across months and years", () => {
    expect(weekDays("2026-12-06")).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weekDays("2026-11-30")[0]).toBe("2026-11-30");
    expect(weekDays("2027-01-01")).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
  });

  it("reads a card id as its quiz and question, and nothing else", () => {
    expect(parseReviewCardId("cyber-safety.m1.m1-q3")).toEqual({ courseId: "cyber-safety", quizId: "cyber-safety.m1", questionId: "m1-q3" });
    for (const bad of ["cyber-safety.m1", "Cyber.m1.q1", "a.m1.q1", "x.y.z.w", "../etc.m1.q1", ""]) expect(parseReviewCardId(bad)).toBeUndefined();
  });

  it("refuses a review from the future and a state the review did not make, and keeps a review of any age", () => {
    const now = new Date("2026-12-06T10:00:00.000Z");
    const at = "2026-12-06T09:00:00.000Z";
    expect(reviewProblem({ at, state: state(at, "2026-12-08T09:00:00.000Z") }, now)).toBeUndefined();
    expect(reviewProblem({ at: "2026-12-06T17:05:00+07:00", state: state("2026-12-06T10:05:00.000Z", "2026-12-08T09:00:00.000Z") }, now)).toBeUndefined();
    const future = "2026-12-06T10:11:00.000Z";
    expect(reviewProblem({ at: future, state: state(future, "2026-12-08T09:00:00.000Z") }, now)).toBe("review.future_date");
    // Half a year offline in the hills: still kept.
    const old = "2026-06-01T09:00:00.000Z";
    expect(reviewProblem({ at: old, state: state(old, "2026-06-04T09:00:00.000Z") }, now)).toBeUndefined();
    expect(reviewProblem({ at, state: state("2026-12-06T08:00:00.000Z", "2026-12-08T09:00:00.000Z") }, now)).toBe("review.state_mismatch");
    expect(reviewProblem({ at, state: state(at, "2026-12-05T09:00:00.000Z") }, now)).toBe("review.state_mismatch");
  });

  it("moves a review made on a wrong clock onto the server's, intervals unchanged", () => {
    const now = new Date("2026-12-06T10:00:00.000Z");
    // A phone an hour ahead: reviewed five minutes ago, sent just now.
    const ahead = "2026-12-06T10:55:00.000Z";
    const offset = clockOffset("2026-12-06T11:00:00.000Z", now);
    expect(offset).toBe(-3_600_000);
    const review = { id: "r1", at: ahead, state: state(ahead, "2026-12-07T10:55:00.000Z") };
    expect(reviewProblem(review, now)).toBe("review.future_date");
    const moved = onServerClock(review, offset);
    expect(moved).toEqual({ id: "r1", at: "2026-12-06T09:55:00.000Z", state: state("2026-12-06T09:55:00.000Z", "2026-12-07T09:55:00.000Z") });
    expect(reviewProblem(moved, now)).toBeUndefined();
    // A phone whose clock went back to 1970 when its battery ran out, sending a review made a day before.
    const reset = clockOffset("1970-01-02T00:00:00.000Z", now);
    const old = onServerClock({ at: "1970-01-01T00:00:00+00:00", state: state("1970-01-01T00:00:00.000Z", "1970-01-04T00:00:00.000Z") }, reset);
    expect(old).toEqual({ at: "2026-12-05T10:00:00.000Z", state: state("2026-12-05T10:00:00.000Z", "2026-12-08T10:00:00.000Z") });
    expect(plausibleClockOffset(reset)).toBe(true);
    // No reading (an older app): the phone's clock is taken as right. A reading no clock could give is refused.
    expect(clockOffset(undefined, now)).toBe(0);
    expect(plausibleClockOffset(clockOffset("1800-01-01T00:00:00.000Z", now))).toBe(false);
    expect(plausibleClockOffset(clockOffset("2200-01-01T00:00:00.000Z", now))).toBe(false);
    expect(plausibleClockOffset(REVIEW_LIMITS.clockOffsetMaxDays * 86_400_000)).toBe(true);
  });

  it("lets well-learned cards go, keeps the most recent mistakes first, and never holds more than the cap", () => {
    const learned = (lastReview: string, stability: number) => ({ ...state(lastReview, "2027-06-01T00:00:00.000Z"), stability });
    const strong = learned("2026-12-01T00:00:00.000Z", REVIEW_LIMITS.retireStabilityDays);
    expect(isRetired({ state: strong, lastMissedAt: "2026-11-01T00:00:00.000Z" })).toBe(true);
    expect(isRetired({ state: learned("2026-12-01T00:00:00.000Z", REVIEW_LIMITS.retireStabilityDays - 1), lastMissedAt: "2026-11-01T00:00:00.000Z" })).toBe(
      false,
    );
    expect(isRetired({ state: null, lastMissedAt: "2026-11-01T00:00:00.000Z" })).toBe(false);
    // Wrong again in a quiz after that review: back in the deck.
    expect(isRetired({ state: strong, lastMissedAt: "2026-12-02T00:00:00.000Z" })).toBe(false);

    const cards = [
      { id: "old-mistake", lastMissedAt: "2026-01-01T00:00:00.000Z", state: null },
      { id: "learned", lastMissedAt: "2026-11-30T00:00:00.000Z", state: strong },
      { id: "newest", lastMissedAt: "2026-12-05T00:00:00.000Z", state: null },
      { id: "middle-b", lastMissedAt: "2026-06-01T00:00:00.000Z", state: state("2026-11-01T00:00:00.000Z", "2026-11-05T00:00:00.000Z") },
      { id: "middle-a", lastMissedAt: "2026-06-01T00:00:00.000Z", state: null },
    ];
    expect(selectDeck(cards).map((c) => c.id)).toEqual(["newest", "middle-a", "middle-b", "old-mistake"]);
    // At the cap, a new mistake still finds a place: the oldest mistake gives way, the learned card takes none.
    expect(selectDeck(cards, 3).map((c) => c.id)).toEqual(["newest", "middle-a", "middle-b"]);
    const full = Array.from({ length: REVIEW_LIMITS.cardsPerDeck }, (_, i) => ({
      id: `card-${String(i).padStart(3, "0")}`,
      lastMissedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      state: null,
    }));
    const held = selectDeck([...full, { id: "fresh", lastMissedAt: "2026-12-06T09:00:00.000Z", state: null }]);
    expect(held).toHaveLength(REVIEW_LIMITS.cardsPerDeck);
    expect(held[0]!.id).toBe("fresh");
    expect(held.map((c) => c.id)).not.toContain("card-000");
  });

  it("asks the longest-waiting cards first, new ones after, and none that are not due", () => {
    const now = new Date("2026-12-06T10:00:00.000Z");
    const cards = [
      { id: "new-late", addedAt: "2026-12-01T00:00:00.000Z", state: null },
      { id: "due-recent", addedAt: "2026-11-01T00:00:00.000Z", state: state("2026-12-01T00:00:00.000Z", "2026-12-05T00:00:00.000Z") },
      { id: "not-due", addedAt: "2026-11-01T00:00:00.000Z", state: state("2026-12-05T00:00:00.000Z", "2026-12-09T00:00:00.000Z") },
      { id: "new-early", addedAt: "2026-11-20T00:00:00.000Z", state: null },
      { id: "overdue", addedAt: "2026-11-02T00:00:00.000Z", state: state("2026-10-01T00:00:00.000Z", "2026-10-03T00:00:00.000Z") },
    ];
    expect(dueCards(cards, now).map((c) => c.id)).toEqual(["overdue", "due-recent", "new-early", "new-late"]);
  });

  it("grades a card as the quiz does: exactly the right options, or every step in order", () => {
    const choice = { question: { kind: "multiple" as const }, correctOptionIds: ["a", "c"] } as Parameters<typeof answersCard>[0];
    expect(answersCard(choice, ["c", "a"])).toBe(true);
    expect(answersCard(choice, ["a"])).toBe(false);
    expect(answersCard(choice, ["a", "b", "c"])).toBe(false);
    const order = { question: { kind: "ordering" as const }, correctOptionIds: ["s2", "s1", "s3"] } as Parameters<typeof answersCard>[0];
    expect(answersCard(order, ["s2", "s1", "s3"])).toBe(true);
    expect(answersCard(order, ["s1", "s2", "s3"])).toBe(false);
    expect([ratingFor(false), ratingFor(false, true), ratingFor(true), ratingFor(true, true)]).toEqual([1, 1, 3, 4]);
  });
});

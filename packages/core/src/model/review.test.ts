import { describe, expect, it } from "vitest";
import { answersCard, dueCards, parseReviewCardId, ratingFor, REVIEW_LIMITS, reviewProblem, weekDays, type ReviewCardState } from "./review";

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

  it("refuses a review from the future, one too old, and a state the review did not make", () => {
    const now = new Date("2026-12-06T10:00:00.000Z");
    const at = "2026-12-06T09:00:00.000Z";
    expect(reviewProblem({ at, state: state(at, "2026-12-08T09:00:00.000Z") }, now)).toBeUndefined();
    expect(reviewProblem({ at: "2026-12-06T17:05:00+07:00", state: state("2026-12-06T10:05:00.000Z", "2026-12-08T09:00:00.000Z") }, now)).toBeUndefined();
    const future = "2026-12-06T10:11:00.000Z";
    expect(reviewProblem({ at: future, state: state(future, "2026-12-08T09:00:00.000Z") }, now)).toBe("review.future_date");
    const old = new Date(now.getTime() - (REVIEW_LIMITS.maxAgeDays + 1) * 86_400_000).toISOString();
    expect(reviewProblem({ at: old, state: state(old, "2026-12-08T09:00:00.000Z") }, now)).toBe("review.too_old");
    expect(reviewProblem({ at, state: state("2026-12-06T08:00:00.000Z", "2026-12-08T09:00:00.000Z") }, now)).toBe("review.state_mismatch");
    expect(reviewProblem({ at, state: state(at, "2026-12-05T09:00:00.000Z") }, now)).toBe("review.state_mismatch");
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

import { REVIEW_RATINGS, type ReviewCardState } from "@kns/core/model";
import { describe, expect, it, vi } from "vitest";
import { createApiClient, type Tokens } from "../../lib/api";
import { fakeFetch } from "../../testing/render-app";
import { memoryStore } from "../offline/kv";
import { createOutbox } from "../offline/outbox";
import { laterState, mergeDecks } from "./deck-store";
import { schedule } from "./scheduler";

function client(fetch: typeof globalThis.fetch) {
  const tokens: Tokens = { accessToken: "access-1", refreshToken: "refresh-1" };
  return createApiClient({ fetch, tokens: { current: () => tokens, save: () => undefined, clear: () => undefined } });
}

const at = new Date("2026-11-30T02:00:00.000Z");
const day = 86_400_000;

function queued(id: string, cardId = "cyber-safety.m1.q1") {
  const state = schedule(null, REVIEW_RATINGS.again, at);
  return {
    userId: "m_1",
    courseId: "cyber-safety",
    courseTitle: "An toàn trên không gian mạng",
    title: "Có nên đọc mã OTP cho người gọi không?",
    review: { id, cardId, rating: REVIEW_RATINGS.again, at: state.lastReview, state },
  };
}
const bodyOf = (call: unknown[] | undefined) => JSON.parse(String((call?.[1] as RequestInit | undefined)?.body));

describe("reviews in the outbox", () => {
  it("queues a review once under its own id, sends it to /me/reviews with the phone's clock, and marks it sent", async () => {
    // The phone's clock is an hour ahead: it says so with each batch, and the server moves the reviews onto its own.
    const phoneClock = new Date(at.getTime() + 3_600_000);
    const outbox = createOutbox(memoryStore(), { now: () => phoneClock });
    const first = await outbox.recordReview(queued("11111111-1111-4111-8111-111111111111"));
    await outbox.recordReview(queued("11111111-1111-4111-8111-111111111111"));
    expect(await outbox.list("m_1")).toMatchObject([{ id: first.id, kind: "review", state: "waiting" }]);

    const fetch = fakeFetch({ status: 200, body: { accepted: [first.id], rejected: [] } });
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: 1, rejected: 0 });
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/v1/me/reviews");
    expect(bodyOf(fetch.mock.calls[0])).toEqual({ sentAt: phoneClock.toISOString(), reviews: [first.review] });
    expect(await outbox.get("m_1", first.id)).toMatchObject({ state: "sent", tries: 1 });
  });

  it("keeps reviews waiting with no network, and marks one the server refuses with its reason while the others go", async () => {
    const outbox = createOutbox(memoryStore());
    const ok = await outbox.recordReview(queued("22222222-2222-4222-8222-222222222222"));
    const gone = await outbox.recordReview(queued("33333333-3333-4333-8333-333333333333", "cyber-safety.m1.q9"));
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await outbox.flush("m_1", client(offline))).toMatchObject({ stopped: "offline" });
    expect((await outbox.list("m_1")).map((item) => item.state)).toEqual(["waiting", "waiting"]);

    const fetch = fakeFetch({
      status: 200,
      body: { accepted: [ok.id], rejected: [{ id: gone.id, code: "review.unknown_card", message: "This card is not in your review deck." }] },
    });
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: 1, rejected: 1 });
    expect(await outbox.get("m_1", gone.id)).toMatchObject({ state: "rejected", error: { code: "review.unknown_card" } });
  });
});

describe("FSRS on the phone", () => {
  it("brings a wrong answer back tomorrow, a right one in days, and an easy one later still", () => {
    const again = schedule(null, REVIEW_RATINGS.again, at);
    const good = schedule(null, REVIEW_RATINGS.good, at);
    const easy = schedule(null, REVIEW_RATINGS.easy, at);
    expect(Date.parse(again.due) - at.getTime()).toBe(day);
    expect(good.scheduledDays).toBeGreaterThan(again.scheduledDays);
    expect(easy.scheduledDays).toBeGreaterThan(good.scheduledDays);
    expect(again).toMatchObject({ reps: 1, lastReview: at.toISOString(), phase: 2 });
  });

  it("loses nothing for a missed month: a card reviewed late and remembered grows, it does not start over", () => {
    const first = schedule(null, REVIEW_RATINGS.good, at);
    const late = new Date(Date.parse(first.due) + 30 * day);
    const second = schedule(first, REVIEW_RATINGS.good, late);
    expect(second.stability).toBeGreaterThan(first.stability);
    expect(second.scheduledDays).toBeGreaterThan(first.scheduledDays);
    expect(second.reps).toBe(2);
    expect(second.lapses).toBe(0);
  });

  it("never schedules back in time when the phone's clock went back", () => {
    const first = schedule(null, REVIEW_RATINGS.good, at);
    const second = schedule(first, REVIEW_RATINGS.good, new Date(at.getTime() - day));
    expect(Date.parse(second.lastReview)).toBe(at.getTime());
  });
});

describe("the stored deck", () => {
  const state = (lastReview: string, scheduledDays: number): ReviewCardState => ({
    due: new Date(Date.parse(lastReview) + scheduledDays * day).toISOString(),
    stability: scheduledDays,
    difficulty: 5,
    scheduledDays,
    learningSteps: 0,
    reps: 1,
    lapses: 0,
    phase: 2,
    lastReview,
  });

  const card = (id: string, s: ReviewCardState | null) => ({ id, state: s }) as unknown as Parameters<typeof mergeDecks>[0]["cards"][number];

  it("keeps the later of the phone's state and the server's while the review is unconfirmed, and the server's list of cards", () => {
    const phone = state("2026-11-30T02:00:00.000Z", 3);
    const server = state("2026-11-29T02:00:00.000Z", 1);
    expect(laterState(server, phone)).toBe(phone);
    expect(laterState(phone, null)).toBe(phone);
    const merged = mergeDecks(
      { cards: [card("a", server), card("b", null)], week: { start: "2026-11-30", days: ["2026-11-30"] } },
      { cards: [card("a", phone), card("gone", phone)], week: { start: "2026-11-30", days: ["2026-12-01"] } },
      [{ cardId: "a", lastReview: "2026-11-30T09:00:00+07:00" }],
    );
    expect(merged.cards.map((c) => [c.id, c.state])).toEqual([
      ["a", phone],
      ["b", null],
    ]);
    expect(merged.week.days).toEqual(["2026-11-30", "2026-12-01"]);
    // Last week's days on the phone do not carry into a new week.
    expect(mergeDecks({ cards: [], week: { start: "2026-12-07", days: [] } }, merged).week).toEqual({ start: "2026-12-07", days: [] });
  });

  it("takes the server's state once the review is confirmed or refused, even a state dated later by a wrong clock", () => {
    // The phone's clock was a day ahead: its state beats the server's by date, but its review is no longer waiting.
    const ahead = state("2026-12-01T02:00:00.000Z", 3);
    const server = state("2026-11-29T02:00:00.000Z", 1);
    const fresh = { cards: [card("a", server), card("b", null)], week: { start: "2026-11-30", days: [] } };
    const stored = { cards: [card("a", ahead), card("b", ahead)], week: { start: "2026-11-30", days: [] } };
    expect(mergeDecks(fresh, stored).cards.map((c) => c.state)).toEqual([server, null]);
    // A review of another card, or an earlier review of this one, does not keep it either.
    const others = [
      { cardId: "b", lastReview: "2026-11-30T02:00:00.000Z" },
      { cardId: "a", lastReview: "2026-11-30T02:00:00.000Z" },
    ];
    expect(mergeDecks(fresh, stored, others).cards.map((c) => c.state)).toEqual([server, null]);
  });
});

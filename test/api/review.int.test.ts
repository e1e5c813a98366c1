import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Course } from "../../packages/core/src/course";
import { publishVersion } from "../../packages/core/src/course/publish";
import { queryPartition } from "../../packages/core/src/db/query";
import { REVIEW_LIMITS, vietnamDay, weekDays, type ReviewCardState, type ReviewDeck } from "../../packages/core/src/model";
import { reviewKeys } from "../../packages/core/src/review/review.entity";
import { SVG, answers, importTestCourse, testBundle } from "../fixtures/course";
import { call, expectErrorShape, seedDemo } from "./client";

/**
 * The review deck (issue 19): questions a learner got wrong come back as cards once the quiz is passed, never
 * before (the quiz counts towards the certificate), and only in their own deck; reviews are counted once, and
 * of two states of a card the later review's wins, whatever order they arrive in.
 */

let phoneSerial = 0;
async function register(fullName: string) {
  const phone = `0977${String(400_000 + ++phoneSerial * 79).padStart(6, "0")}`;
  const res = await call("POST", "/auth/register", { body: { phone, password: "RuongBac2026", fullName, joinCode: "DEMO-SONLA", consent: true } });
  if (res.status !== 201) throw new Error(`register ${phone}: ${res.status} ${res.text}`);
  return { token: res.json.accessToken as string, id: res.json.user.id as string };
}

/** Answers of a test-course module with the given questions (by number, 1–5) wrong. */
function answering(moduleId: string, wrong: number[]) {
  const right = answers(moduleId, true);
  const bad = answers(moduleId, false);
  return right.map((answer, i) => (wrong.includes(i + 1) ? bad[i]! : answer));
}

async function attempt(token: string, quizId: string, given: { questionId: string; optionIds: string[] }[]) {
  const res = await call("POST", `/quizzes/${quizId}/attempts`, { token, body: { attemptId: randomUUID(), answers: given } });
  expect(res.status, res.text).toBe(200);
  return res.json as { passed: boolean; scorePercent: number };
}

const deckOf = async (token: string) => {
  const res = await call("GET", "/me/review-deck", { token });
  expect(res.status, res.text).toBe(200);
  return res.json as ReviewDeck;
};

/** A state as ts-fsrs would leave it after a review at `at`, due `days` later. */
function stateAfter(at: string, days: number, reps = 1): ReviewCardState {
  return {
    due: new Date(Date.parse(at) + days * 86_400_000).toISOString(),
    stability: days + 0.5,
    difficulty: 5.2,
    scheduledDays: days,
    learningSteps: 0,
    reps,
    lapses: 0,
    phase: 2,
    lastReview: at,
  };
}

const review = (cardId: string, at: string, days: number, rating = 3, id = randomUUID()) => ({ id, cardId, rating, at, state: stateAfter(at, days) });
const postReviews = (token: string, reviews: unknown[], sentAt?: string) => call("POST", "/me/reviews", { token, body: { sentAt, reviews } });
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const ownItems = async (userId: string, prefix: string) => queryPartition<Record<string, unknown>>(reviewKeys.partition(userId), { prefix });

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
});

describe("GET /me/review-deck", () => {
  it("shows a wrong answer only once its quiz is passed, with the right answer and explanation then", async () => {
    const learner = await register("Lò Thị Ôn");
    expect(await deckOf(learner.token)).toEqual({ cards: [], week: { start: weekDays(vietnamDay(new Date()))[0], days: [] } });

    // A failed attempt: q1, q2 and q5 wrong. Nothing shows yet, and no answer is given away.
    expect((await attempt(learner.token, "test-course.m1", answering("m1", [1, 2, 5]))).passed).toBe(false);
    const before = await call("GET", "/me/review-deck", { token: learner.token });
    expect(before.json.cards).toEqual([]);
    expect(before.text).not.toContain("OTP là chìa khoá");
    expect(before.text).not.toContain("correctOptionIds");

    // Passed with q1 wrong: q1, q2 and q5 become cards (each missed in some attempt); q3 and q4 never were.
    expect((await attempt(learner.token, "test-course.m1", answering("m1", [1]))).passed).toBe(true);
    // m2 failed: none of its questions show.
    await attempt(learner.token, "test-course.m2", answering("m2", [1, 2, 3]));
    const deck = await deckOf(learner.token);
    expect(deck.cards.map((card) => card.id).sort()).toEqual(["test-course.m1.m1-q1", "test-course.m1.m1-q2", "test-course.m1.m1-q5"]);
    const first = deck.cards.find((card) => card.questionId === "m1-q1")!;
    expect(first).toMatchObject({
      courseId: "test-course",
      courseTitle: "Khoá học thử nghiệm",
      quizId: "test-course.m1",
      correctOptionIds: ["b"],
      explanation: "OTP là chìa khoá cuối cùng của tài khoản: không ai có quyền hỏi nó.",
      state: null,
    });
    expect(first.question).toMatchObject({ id: "m1-q1", kind: "single", select: "one" });
    expect(first.question.options.map((o) => o.id)).toEqual(["a", "b", "c"]);
    expect(first.question).not.toHaveProperty("correctOptionIds");
    const spot = deck.cards.find((card) => card.questionId === "m1-q5")!;
    expect(spot.correctOptionIds).toEqual(["link"]);
    expect(spot.question.image?.url).toMatch(/^\/api\/v1\/media\//);
    expect(spot.question.options.every((o) => o.region)).toBe(true);
    expect(Date.parse(first.addedAt)).toBeLessThanOrEqual(Date.now());
  });

  it("answers an unchanged deck with 304 to If-None-Match", async () => {
    const learner = await register("Cầm Văn Nhớ");
    await attempt(learner.token, "test-course.m1", answering("m1", [3]));
    const res = await call("GET", "/me/review-deck", { token: learner.token });
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    const again = await call("GET", "/me/review-deck", { token: learner.token, headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    await postReviews(learner.token, [review("test-course.m1.m1-q3", minutesAgo(1), 3)]);
    expect((await call("GET", "/me/review-deck", { token: learner.token, headers: { "if-none-match": etag! } })).status).toBe(200);
  });

  it("takes each question as it is in the learner's version: a question removed in a newer version drops out", async () => {
    await importTestCourse("review-versions");
    const learner = await register("Quàng Thị Mới");
    await attempt(learner.token, "review-versions.m1", answering("m1", [1, 2]));
    expect((await attempt(learner.token, "review-versions.m1", answering("m1", [2]))).passed).toBe(true);
    expect((await deckOf(learner.token)).cards.map((c) => c.questionId).sort()).toEqual(["m1-q1", "m1-q2"]);

    const bundle = testBundle("review-versions");
    bundle.changeSummary = "Bỏ câu 2 của bài 1.";
    // A quiz keeps at least five questions: q2 gives way to a new one.
    bundle.modules[0]!.quiz.questions = bundle.modules[0]!.quiz.questions.map((q) => (q.id === "m1-q2" ? { ...q, id: "m1-q6" } : q));
    bundle.modules[0]!.quiz.questions[0]!.prompt = "Câu hỏi m1-q1 (sửa): mã OTP có được đưa cho người khác không?";
    const { version } = await Course.importBundle(bundle, async () => SVG, { userId: "system" });
    // Until the learner moves to the new version, their deck is the one they learned.
    expect((await deckOf(learner.token)).cards.map((c) => c.questionId).sort()).toEqual(["m1-q1", "m1-q2"]);
    expect((await call("POST", "/courses/review-versions/switch", { token: learner.token, body: { version } })).status).toBe(200);
    const deck = await deckOf(learner.token);
    expect(deck.cards.map((c) => c.questionId)).toEqual(["m1-q1"]);
    expect(deck.cards[0]!.question.prompt).toBe("Câu hỏi m1-q1 (sửa): mã OTP có được đưa cho người khác không?");
  });

  it("gives an ordering question's answer under the ids the phone was given, in the right order", async () => {
    const bundle = testBundle("review-order", "Khoá có câu sắp xếp");
    const steps = ["Mở ứng dụng ngân hàng", "Quét mã QR", "Kiểm tra tên người nhận", "Xác nhận chuyển"];
    bundle.modules[0]!.quiz.questions[3] = {
      id: "m1-q4",
      competences: ["payments"],
      kind: "ordering",
      prompt: "Sắp xếp các bước thanh toán bằng mã QR.",
      options: steps.map((text, i) => ({ id: `s${i + 1}`, text })),
      explanation: "Luôn kiểm tra tên người nhận trước khi xác nhận.",
    };
    await Course.importBundle(bundle, async () => SVG, { userId: "system" });
    const learner = await register("Lò Văn Thứ");
    const quiz = await call("GET", "/quizzes/review-order.m1", { token: learner.token });
    const shown = (quiz.json.questions as { id: string; options: { id: string; text: string }[] }[]).find((q) => q.id === "m1-q4")!;
    const idOf = (text: string) => shown.options.find((o) => o.text === text)!.id;
    expect(shown.options.map((o) => o.id)).not.toContain("s1");
    const given = answering("m1", []).map((answer) =>
      answer.questionId === "m1-q4" ? { questionId: "m1-q4", optionIds: [...steps].reverse().map(idOf) } : answer,
    );
    expect((await attempt(learner.token, "review-order.m1", given)).passed).toBe(true);
    const card = (await deckOf(learner.token)).cards.find((c) => c.questionId === "m1-q4")!;
    expect(card.question.select).toBe("order");
    expect(card.correctOptionIds).toEqual(steps.map(idOf));
  });

  it("lets a well-learned card go (its later reviews still count) until it is got wrong again", async () => {
    const learner = await register("Hoàng Văn Thuộc");
    await attempt(learner.token, "test-course.m1", answering("m1", [1, 2]));
    expect((await attempt(learner.token, "test-course.m1", answering("m1", [1]))).passed).toBe(true);
    const held = async () => (await deckOf(learner.token)).cards.map((c) => c.questionId).sort();
    expect(await held()).toEqual(["m1-q1", "m1-q2"]);

    // Remembered well enough that FSRS would not ask again for half a year: it leaves the deck.
    // (Reviewed after the quiz, as a learner would: a mistake after the last review keeps a card in.)
    const learned = review("test-course.m1.m1-q2", new Date().toISOString(), REVIEW_LIMITS.retireStabilityDays);
    expect((await postReviews(learner.token, [learned])).json.accepted).toEqual([learned.id]);
    expect(await held()).toEqual(["m1-q1"]);
    // A phone that still had it reviews it again: kept, not refused as a card the learner does not have.
    const again = review("test-course.m1.m1-q2", new Date().toISOString(), REVIEW_LIMITS.retireStabilityDays + 20);
    expect((await postReviews(learner.token, [again])).json).toEqual({ accepted: [again.id], rejected: [] });
    expect(await held()).toEqual(["m1-q1"]);

    // Wrong again in the quiz, after that review: back, with its schedule.
    await attempt(learner.token, "test-course.m1", answering("m1", [2]));
    const deck = await deckOf(learner.token);
    expect(deck.cards.map((c) => c.questionId)).toEqual(["m1-q2", "m1-q1"]);
    expect(deck.cards[0]!.state?.scheduledDays).toBe(REVIEW_LIMITS.retireStabilityDays + 20);
  });

  it("counts only the attempts of the learner's current certificate line", async () => {
    await importTestCourse("review-lines");
    const learner = await register("Lò Thị Dòng");
    await attempt(learner.token, "review-lines.m1", answering("m1", [1, 2]));
    expect((await attempt(learner.token, "review-lines.m1", answering("m1", [1]))).passed).toBe(true);
    expect((await deckOf(learner.token)).cards.map((c) => c.questionId).sort()).toEqual(["m1-q1", "m1-q2"]);

    // A new version that asks for re-certification: the learner starts the course afresh.
    const draft = (await Course.getDraft("review-lines"))!;
    const saved = await Course.saveDraft(
      "review-lines",
      { content: { ...draft.content, title: "Khoá học thử nghiệm (bản mới)" }, baseRevision: draft.revision },
      { userId: "system" },
    );
    const next = await publishVersion(
      "review-lines",
      { changeSummary: "Chiêu lừa mới: học lại", requiresRecertification: true, draftRevision: saved.revision },
      {
        userId: "system",
      },
    );
    expect(next.line).toBe(2);
    expect((await call("POST", "/courses/review-lines/switch", { token: learner.token, body: { version: next.version } })).json).toMatchObject({ line: 2 });
    expect((await deckOf(learner.token)).cards).toEqual([]);

    // Passed again in the new line with only q3 wrong: q1 and q2, missed in the old line, are not cards.
    expect((await attempt(learner.token, "review-lines.m1", answering("m1", [3]))).passed).toBe(true);
    const deck = await deckOf(learner.token);
    expect(deck.cards.map((c) => c.questionId)).toEqual(["m1-q3"]);
    expect(deck.cards[0]!.courseTitle).toBe("Khoá học thử nghiệm (bản mới)");
    const oldLine = review("review-lines.m1.m1-q1", minutesAgo(1), 3);
    expect((await postReviews(learner.token, [oldLine])).json.rejected.map((r: { code: string }) => r.code)).toEqual(["review.unknown_card"]);
  });

  it("never makes cards of a quiz that shows no answers", async () => {
    const bundle = testBundle("review-hidden", "Khoá không cho xem đáp án");
    for (const module of bundle.modules) module.quiz.reviewPolicy = "correctness-only";
    await Course.importBundle(bundle, async () => SVG, { userId: "system" });
    const learner = await register("Hà Văn Kín");
    expect((await attempt(learner.token, "review-hidden.m1", answering("m1", [4]))).passed).toBe(true);
    const res = await call("GET", "/me/review-deck", { token: learner.token });
    expect(res.json.cards).toEqual([]);
    const refused = await postReviews(learner.token, [review("review-hidden.m1.m1-q4", minutesAgo(1), 2)]);
    expect(refused.json.rejected.map((r: { code: string }) => r.code)).toEqual(["review.unknown_card"]);
  });
});

describe("POST /me/reviews", () => {
  it("keeps a review's state and the day; a replay is accepted and counted once", async () => {
    const learner = await register("Lường Văn Lặp");
    await attempt(learner.token, "test-course.m1", answering("m1", [2]));
    const at = minutesAgo(2);
    const one = review("test-course.m1.m1-q2", at, 4);
    const first = await postReviews(learner.token, [one]);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toEqual({ accepted: [one.id], rejected: [] });
    for (let i = 0; i < 3; i++) expect((await postReviews(learner.token, [one])).json).toEqual({ accepted: [one.id], rejected: [] });
    // The same review twice in one request, and concurrently: still one.
    await Promise.all([postReviews(learner.token, [one, one]), postReviews(learner.token, [one])]);

    const deck = await deckOf(learner.token);
    expect(deck.cards.find((c) => c.questionId === "m1-q2")!.state).toEqual({ ...one.state, lastReview: new Date(at).toISOString() });
    expect(deck.week.days).toEqual([vietnamDay(new Date(at))]);
    expect(await ownItems(learner.id, reviewKeys.reviewPrefix)).toHaveLength(1);
    const days = await ownItems(learner.id, reviewKeys.dayPrefix);
    expect(days.map((d) => [d.day, d.reviews])).toEqual([[vietnamDay(new Date(at)), 1]]);

    // The learner's data download holds it.
    const data = await call("GET", "/me/data", { token: learner.token });
    expect(data.json.reviewCards).toHaveLength(1);
    expect(data.json.reviewCards[0]).toMatchObject({ cardId: "test-course.m1.m1-q2", reviewId: one.id, rating: 3 });
    expect(data.json.reviews).toHaveLength(1);
    expect(data.json.reviewDays).toHaveLength(1);
  });

  it("keeps the latest review's state whatever order reviews arrive in (two phones, an outbox out of order)", async () => {
    const learner = await register("Điêu Thị Muộn");
    await attempt(learner.token, "test-course.m1", answering("m1", [4]));
    const card = "test-course.m1.m1-q4";
    const stateOf = async () => (await deckOf(learner.token)).cards.find((c) => c.id === card)!.state;

    const later = review(card, minutesAgo(5), 9);
    const earlier = review(card, minutesAgo(50), 2, 1);
    expect((await postReviews(learner.token, [later])).json.accepted).toEqual([later.id]);
    // The earlier one arrives after: accepted (it happened), but the card keeps the later state.
    expect((await postReviews(learner.token, [earlier])).json.accepted).toEqual([earlier.id]);
    expect((await stateOf())?.scheduledDays).toBe(9);
    expect(await ownItems(learner.id, reviewKeys.reviewPrefix)).toHaveLength(2);

    // In one batch, in the wrong order: the latest still wins.
    const newest = review(card, minutesAgo(1), 20);
    const middle = review(card, minutesAgo(3), 12);
    expect((await postReviews(learner.token, [newest, middle])).json.accepted.sort()).toEqual([newest.id, middle.id].sort());
    expect((await stateOf())?.scheduledDays).toBe(20);

    // Two reviews at the same instant (two phones): the greater id wins, in either order.
    const at = minutesAgo(0.5);
    const [low, high] = [review(card, at, 30, 3, "00000000-0000-4000-8000-000000000001"), review(card, at, 31, 3, "ffffffff-ffff-4fff-bfff-ffffffffffff")];
    await postReviews(learner.token, [high]);
    await postReviews(learner.token, [low]);
    expect((await stateOf())?.scheduledDays).toBe(31);
  });

  it("refuses a review of a card that is not in the learner's deck, and another learner's deck stays theirs", async () => {
    const owner = await register("Tòng Văn Chủ");
    const other = await register("Lò Văn Khác");
    await attempt(owner.token, "test-course.m1", answering("m1", [1]));
    const card = "test-course.m1.m1-q1";
    const mine = review(card, minutesAgo(3), 5);
    await postReviews(owner.token, [mine]);

    expect((await deckOf(other.token)).cards).toEqual([]);
    const theirs = review(card, minutesAgo(1), 40);
    const ok = review(card, minutesAgo(1), 40);
    const res = await postReviews(other.token, [theirs]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: [], rejected: [{ id: theirs.id, code: "review.unknown_card", message: expect.any(String) }] });
    expect(await ownItems(other.id, "REVIEW")).toEqual([]);
    expect((await deckOf(owner.token)).cards.find((c) => c.id === card)!.state?.scheduledDays).toBe(5);

    // A card of a quiz not passed (m2) is refused in the owner's own batch, and the rest of the batch goes.
    await attempt(owner.token, "test-course.m2", answering("m2", [1, 2, 3]));
    const notPassed = review("test-course.m2.m2-q1", minutesAgo(1), 3);
    const mixed = await postReviews(owner.token, [notPassed, ok]);
    expect(mixed.json.accepted).toEqual([ok.id]);
    expect(mixed.json.rejected.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([[notPassed.id, "review.unknown_card"]]);
  });

  it("refuses bad input with a 4xx and writes nothing; a review with a bad date or state is refused on its own", async () => {
    const learner = await register("Vì Thị Sai");
    await attempt(learner.token, "test-course.m1", answering("m1", [5]));
    const card = "test-course.m1.m1-q5";
    const good = () => review(card, minutesAgo(1), 3);
    const cases: [string, unknown][] = [
      ["no reviews", { reviews: [] }],
      ["not a list", { reviews: "x" }],
      ["too many", { reviews: Array.from({ length: REVIEW_LIMITS.reviewsPerRequest + 1 }, good) }],
      ["id not a uuid", { reviews: [{ ...good(), id: "1" }] }],
      ["rating 5", { reviews: [{ ...good(), rating: 5 }] }],
      ["rating 0", { reviews: [{ ...good(), rating: 0 }] }],
      ["bad card id", { reviews: [{ ...good(), cardId: "../../etc" }] }],
      ["card id of another shape", { reviews: [{ ...good(), cardId: "test-course.m1" }] }],
      ["not a date", { reviews: [{ ...good(), at: "yesterday" }] }],
      ["difficulty 11", { reviews: [{ ...good(), state: { ...good().state, difficulty: 11 } }] }],
      ["negative stability", { reviews: [{ ...good(), state: { ...good().state, stability: -1 } }] }],
      ["a century and more", { reviews: [{ ...good(), state: { ...good().state, scheduledDays: 40_000 } }] }],
      ["fractional reps", { reviews: [{ ...good(), state: { ...good().state, reps: 1.5 } }] }],
      ["phase 4", { reviews: [{ ...good(), state: { ...good().state, phase: 4 } }] }],
      ["no state", { reviews: [{ ...good(), state: undefined }] }],
    ];
    for (const [name, body] of cases) {
      const res = await call("POST", "/me/reviews", { token: learner.token, body });
      expect(res.status, name).toBe(400);
      expect(expectErrorShape(res.json).code, name).toBe("request.invalid");
    }
    const raw = await call("POST", "/me/reviews", { token: learner.token, raw: '{"reviews": [', headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(400);
    expect(await ownItems(learner.id, "REVIEW")).toEqual([]);

    // A clock reading that is not a date, or that no clock could give, refuses the whole batch.
    const sentAtCases: [string, unknown, string][] = [
      ["sentAt not a date", "yesterday", "request.invalid"],
      ["sentAt a number", Date.now(), "request.invalid"],
      ["sentAt empty", "", "request.invalid"],
      ["sentAt null", null, "request.invalid"],
      ["sentAt in 2200", "2200-01-01T00:00:00.000Z", "review.clock_invalid"],
      ["sentAt in 1800", "1800-01-01T00:00:00.000Z", "review.clock_invalid"],
    ];
    for (const [name, sentAt, code] of sentAtCases) {
      const res = await call("POST", "/me/reviews", { token: learner.token, body: { sentAt, reviews: [good()] } });
      expect(res.status, name).toBe(400);
      expect(expectErrorShape(res.json).code, name).toBe(code);
    }
    expect(await ownItems(learner.id, "REVIEW")).toEqual([]);

    const future = review(card, new Date(Date.now() + 60 * 60_000).toISOString(), 3);
    const mismatch = { ...good(), state: { ...good().state, lastReview: minutesAgo(30) } };
    const dueBefore = { ...good(), state: { ...good().state, due: minutesAgo(60) } };
    const fine = good();
    // The phone's clock reading says its clock is right: a review an hour ahead is still in the future.
    const res = await postReviews(learner.token, [future, mismatch, dueBefore, fine], new Date().toISOString());
    expect(res.status).toBe(200);
    expect(res.json.accepted).toEqual([fine.id]);
    expect(res.json.rejected.map((r: { id: string; code: string }) => [r.id, r.code])).toEqual([
      [future.id, "review.future_date"],
      [mismatch.id, "review.state_mismatch"],
      [dueBefore.id, "review.state_mismatch"],
    ]);
    expect(await ownItems(learner.id, reviewKeys.reviewPrefix)).toHaveLength(1);
  });

  it("moves reviews from a phone whose clock is wrong onto the server's clock, and keeps reviews of any age", async () => {
    const learner = await register("Lò Văn Giờ");
    await attempt(learner.token, "test-course.m1", answering("m1", [1, 2, 3]));
    expect((await attempt(learner.token, "test-course.m1", answering("m1", [4]))).passed).toBe(true);
    const stateOf = async (id: string) => (await deckOf(learner.token)).cards.find((c) => c.id === id)!.state!;
    const near = (iso: string, expected: number) => expect(Math.abs(Date.parse(iso) - expected)).toBeLessThan(30_000);

    // A phone an hour ahead, reviewing five minutes ago by the true time: kept, five minutes ago.
    const hour = 3_600_000;
    const ahead = review("test-course.m1.m1-q1", new Date(Date.now() + hour - 5 * 60_000).toISOString(), 3);
    const aheadSent = new Date(Date.now() + hour).toISOString();
    expect((await postReviews(learner.token, [ahead], aheadSent)).json).toEqual({ accepted: [ahead.id], rejected: [] });
    const kept = await stateOf("test-course.m1.m1-q1");
    near(kept.lastReview, Date.now() - 5 * 60_000);
    expect(Date.parse(kept.due) - Date.parse(kept.lastReview)).toBe(3 * 86_400_000);
    expect(kept.scheduledDays).toBe(3);
    // Sent again (the answer was lost), with another clock reading: accepted, counted once, nothing moves.
    const replay = await postReviews(learner.token, [ahead], new Date(Date.now() + 2 * hour).toISOString());
    expect(replay.json).toEqual({ accepted: [ahead.id], rejected: [] });
    expect(await stateOf("test-course.m1.m1-q1")).toEqual(kept);

    // A phone whose clock went back to 1970 when its battery ran out, reviewing ten minutes before it sent.
    const reset = review("test-course.m1.m1-q2", "1970-01-01T08:00:00.000Z", 1);
    expect((await postReviews(learner.token, [reset], "1970-01-01T08:10:00.000Z")).json.accepted).toEqual([reset.id]);
    near((await stateOf("test-course.m1.m1-q2")).lastReview, Date.now() - 10 * 60_000);

    // Half a year offline in the hills, with a right clock: kept, on its day.
    const longAgo = new Date(Date.now() - 180 * 86_400_000).toISOString();
    const old = review("test-course.m1.m1-q3", longAgo, 2);
    expect((await postReviews(learner.token, [old], new Date().toISOString())).json.accepted).toEqual([old.id]);
    near((await stateOf("test-course.m1.m1-q3")).lastReview, Date.parse(longAgo));

    const markers = await ownItems(learner.id, reviewKeys.reviewPrefix);
    expect(markers).toHaveLength(3);
    // Markers stay as long as the account: a replay of a review of any age is still recognised.
    expect(markers.every((marker) => marker.expiresAt === undefined)).toBe(true);
    const days = await ownItems(learner.id, reviewKeys.dayPrefix);
    expect(days.map((d) => d.day).sort()).toEqual(
      [...new Set([vietnamDay(new Date(Date.now() - 5 * 60_000)), vietnamDay(new Date(Date.now() - 10 * 60_000)), vietnamDay(new Date(longAgo))])].sort(),
    );
    expect(days.reduce((sum, d) => sum + (d.reviews as number), 0)).toBe(3);
  });

  it("needs a signed-in learner", async () => {
    expect((await call("GET", "/me/review-deck")).status).toBe(401);
    expect((await call("POST", "/me/reviews", { body: { reviews: [] } })).status).toBe(401);
  });
});

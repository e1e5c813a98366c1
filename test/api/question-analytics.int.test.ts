import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { User } from "../../packages/core/src/user";
import { importTestCourse, publishAs } from "../fixtures/course";
import { call, seedDemo, signIn } from "./client";

/**
 * Question analytics (issue 19): counted with each graded attempt, exactly once, unanswered questions left out;
 * read by a trainer of the course's scope and by admins for the nation or a province. Never a name.
 */
const PASSWORD = "RuongBac2026";
let t: Record<"learner" | "dbnLearner" | "trainer" | "dbnTrainer" | "slaAdmin" | "dbnAdmin" | "nationAdmin" | "communeAdmin", string>;

/**
 * A constructed data set for quiz m1 of the test course (q1–q4 single choice, right answer "b"; q5 spot the
 * scam, right answer "link"). `null` leaves the question unanswered, `[]` sends it with no option chosen.
 * q1: everyone right (too easy, a and c never chosen); q2: a quarter right (too hard); q3: right only in the
 * weak attempts (negative discrimination); q4: three attempts leave it unanswered (9 answers: too few to flag).
 */
type Pick_ = string | null | [];
const ATTEMPTS: Pick_[][] = [
  ["b", "b", "a", "b", "link"],
  ["b", "b", "a", "b", "link"],
  ["b", "b", "a", "b", "link"],
  ["b", "a", "a", "b", "link"],
  ["b", "a", "c", null, "link"],
  ["b", "a", "b", "a", "sender"],
  ["b", "c", "b", "a", "sender"],
  ["b", "a", "b", [], "greeting"],
  ["b", "a", "b", "a", "sender"],
  ["b", "c", "b", "a", "link"],
  ["b", "a", "b", null, "sender"],
  ["b", "a", "b", "a", "greeting"],
];
const RIGHT = ["b", "b", "b", "b", "link"];

/**
 * Seconds the player recorded, per attempt of the data set and question (undefined: none, as from an older app).
 * q1: half the attempts 2 s, half 400 s, the replayed first one among the slow (counted three times, it would
 * pull the median into the 300+ bucket); q2: 31…42 s, all in the 30–45 bucket; q4: a time only on the answer
 * sent with no option (not counted); q3 and q5: none.
 */
const SECONDS: (number | undefined)[][] = ATTEMPTS.map((_, i) => [i >= 1 && i <= 6 ? 2 : 400, 31 + i, undefined, i === 7 ? 90 : undefined, undefined]);

const answersOf = (picks: Pick_[], seconds: (number | undefined)[] = []) =>
  picks.flatMap((pick, i) =>
    pick === null
      ? []
      : [{ questionId: `m1-q${i + 1}`, optionIds: Array.isArray(pick) ? [] : [pick], ...(seconds[i] === undefined ? {} : { seconds: seconds[i] }) }],
  );
const scoreOf = (picks: Pick_[]) => Math.round((picks.filter((pick, i) => pick === RIGHT[i]).length / picks.length) * 100);

/** Pearson's r between answering right and the attempt's score, over the attempts that answered, from the means. */
function expectedDiscrimination(question: number): number {
  const answered = ATTEMPTS.filter((picks) => typeof picks[question] === "string");
  const xs: number[] = answered.map((picks) => (picks[question] === RIGHT[question] ? 1 : 0));
  const ys = answered.map(scoreOf);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  const cov = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  const vx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const vy = ys.reduce((sum, y) => sum + (y - my) ** 2, 0);
  return cov / Math.sqrt(vx * vy);
}

const firstAttemptId = randomUUID();

async function submit(token: string, picks: Pick_[], attemptId = randomUUID(), seconds: (number | undefined)[] = []) {
  const res = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId, answers: answersOf(picks, seconds) } });
  expect(res.status).toBe(200);
  expect(res.json.scorePercent).toBe(scoreOf(picks));
  return res;
}

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  const people = [
    { key: "dbnTrainer", phone: "0912100004", fullName: "Quàng Văn Biên", roles: ["trainer"], unitId: "dbn" },
    { key: "nationAdmin", phone: "0912100006", fullName: "Trần Quốc Gia", roles: ["admin"], unitId: "vn" },
    { key: "dbnLearner", phone: "0912100007", fullName: "Mùa Thị Pàng", roles: ["member"], unitId: "dbn-dienbienphu-tdp1" },
  ] as const;
  const extra: Record<string, string> = {};
  for (const { key, ...person } of people) {
    await User.ensure({ ...person, roles: [...person.roles], password: PASSWORD });
    extra[key] = (await signIn(person.phone, PASSWORD)).accessToken;
  }
  t = {
    learner: (await signIn("0912000001")).accessToken,
    trainer: (await signIn("0912000002")).accessToken,
    slaAdmin: (await signIn("0912000003")).accessToken,
    dbnAdmin: (await signIn("0912000004")).accessToken,
    communeAdmin: (await signIn("0912000007")).accessToken,
    dbnTrainer: extra.dbnTrainer!,
    nationAdmin: extra.nationAdmin!,
    dbnLearner: extra.dbnLearner!,
  };
  // The Sơn La learner answers the whole data set (the course allows unlimited attempts); the first attempt is
  // sent three times, as an outbox replaying it would, at once and after.
  await Promise.all([0, 1].map(() => submit(t.learner, ATTEMPTS[0]!, firstAttemptId, SECONDS[0])));
  for (const [i, picks] of ATTEMPTS.entries()) if (i > 0) await submit(t.learner, picks, randomUUID(), SECONDS[i]);
  await submit(t.learner, ATTEMPTS[0]!, firstAttemptId, SECONDS[0]);
  // One Điện Biên learner: counted for every learner and for Điện Biên, not for Sơn La.
  await submit(t.dbnLearner, ["b", "b", "b", "b", "link"]);
});

type Question = {
  quizId: string;
  questionId: string;
  attempts: number;
  correctPercent: number;
  discrimination: number | null;
  options: { id: string; chosenPercent: number; correct: boolean }[];
  flags: string[];
  medianSeconds: number | null;
};

const question = (json: { questions: Question[] }, id: string) => json.questions.find((q) => q.questionId === id)!;
const share = (count: number, total: number) => Math.round((count / total) * 1000) / 10;

describe("trainer's course analytics", () => {
  it("counts each question of the current version once per attempt, with option shares", async () => {
    const res = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ courseId: "test-course", version: 1, unitId: null });
    // Both quizzes, every question, in the course's order.
    expect(res.json.questions.map((q: Question) => q.questionId)).toEqual(["m1", "m2"].flatMap((m) => [1, 2, 3, 4, 5].map((n) => `${m}-q${n}`)));
    const q2 = question(res.json, "m1-q2");
    // 12 attempts of the data set (the replays not counted again) and the Điện Biên learner's.
    expect(q2).toMatchObject({ quizId: "test-course.m1", attempts: 13, correctPercent: share(4, 13) });
    expect(q2.options).toEqual([
      expect.objectContaining({ id: "a", correct: false, chosenPercent: share(7, 13) }),
      expect.objectContaining({ id: "b", correct: true, chosenPercent: share(4, 13) }),
      expect.objectContaining({ id: "c", correct: false, chosenPercent: share(2, 13) }),
    ]);
    expect(question(res.json, "m2-q1")).toMatchObject({ attempts: 0, correctPercent: 0, discrimination: null, flags: [] });
  });

  it("leaves unanswered questions out, whether omitted or sent with no option", async () => {
    const res = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    const q4 = question(res.json, "m1-q4");
    expect(q4.attempts).toBe(10);
    expect(q4.correctPercent).toBe(share(5, 10));
  });

  it("computes discrimination as the point-biserial correlation with the attempt's score", async () => {
    const res = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.slaAdmin });
    expect(res.status).toBe(200);
    for (const n of [2, 3, 5]) {
      expect(question(res.json, `m1-q${n}`).discrimination).toBeCloseTo(expectedDiscrimination(n - 1), 2);
    }
    // Everyone right: no spread, no correlation. Fewer than ten answers: none either.
    expect(question(res.json, "m1-q1").discrimination).toBeNull();
    expect(question(res.json, "m1-q4").discrimination).toBeNull();
    expect(question(res.json, "m1-q3").discrimination).toBeLessThan(0);
  });

  it("flags questions that are too easy, too hard, discriminate negatively or have an option nobody picks", async () => {
    const res = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.slaAdmin });
    expect(question(res.json, "m1-q1").flags).toEqual(["too_easy", "unpicked_option"]);
    expect(question(res.json, "m1-q2").flags).toEqual(["too_hard"]);
    expect(question(res.json, "m1-q3").flags).toEqual(["negative_discrimination"]);
    // 9 answers in Sơn La: too few to flag anything.
    expect(question(res.json, "m1-q4")).toMatchObject({ attempts: 9, flags: [] });
    expect(question(res.json, "m1-q5").flags).toEqual([]);
  });

  it("never names a learner", async () => {
    const res = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    expect(res.text).not.toMatch(/Lò Thị Hương|Mùa Thị Pàng|demo-learner|0912000001/);
  });
});

describe("median time per question", () => {
  it("is estimated from the times the player sent, each attempt counted once", async () => {
    const sla = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.slaAdmin });
    // q1: six answers in 0–5 s and six in 300 s+ (the replays not counted again): the middle is the end of 0–5.
    expect(question(sla.json, "m1-q1").medianSeconds).toBe(5);
    // q2: twelve answers of 31…42 s, all in the 30–45 bucket: half-way through it.
    const q2 = question(sla.json, "m1-q2").medianSeconds!;
    expect(q2).toBeGreaterThanOrEqual(30);
    expect(q2).toBeLessThanOrEqual(45);
    // The Điện Biên learner's app sent no times: every learner's median is the same.
    const all = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    expect(question(all.json, "m1-q1").medianSeconds).toBe(5);
  });

  it("is null when no answer carried a time, and ignores the time of a question left unanswered", async () => {
    const res = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    expect(question(res.json, "m1-q3").medianSeconds).toBeNull();
    expect(question(res.json, "m1-q4").medianSeconds).toBeNull();
    expect(question(res.json, "m1-q5").medianSeconds).toBeNull();
    expect(question(res.json, "m2-q1").medianSeconds).toBeNull();
  });

  it("refuses a time that is not whole seconds from 0 to 1800, and counts nothing", async () => {
    const before = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    for (const seconds of [-1, 1801, 2.5, "12", null, 1e12]) {
      const answers = answersOf(RIGHT).map((answer, i) => (i === 0 ? { ...answer, seconds } : answer));
      const res = await call("POST", "/quizzes/test-course.m1/attempts", { token: t.learner, body: { attemptId: randomUUID(), answers } });
      expect(res.status, String(seconds)).toBe(400);
      expect(res.json.error.code).toBe("request.invalid");
    }
    const after = await call("GET", "/authoring/courses/test-course/analytics", { token: t.trainer });
    expect(after.json.questions).toEqual(before.json.questions);
  });
});

describe("admins per unit subtree", () => {
  it("gives a province its own members' answers, and the nation everyone's", async () => {
    const sla = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.slaAdmin });
    expect(sla.json).toMatchObject({ unitId: "sla", version: 1 });
    expect(question(sla.json, "m1-q2").attempts).toBe(12);
    const dbn = await call("GET", "/admin/units/dbn/question-analytics?courseId=test-course", { token: t.dbnAdmin });
    expect(dbn.status).toBe(200);
    expect(question(dbn.json, "m1-q2")).toMatchObject({ attempts: 1, correctPercent: 100 });
    const nation = await call("GET", "/admin/units/vn/question-analytics?courseId=test-course", { token: t.nationAdmin });
    expect(nation.status).toBe(200);
    expect(question(nation.json, "m1-q2").attempts).toBe(13);
  });

  it("keeps each admin to their subtree, and counts no finer than a province", async () => {
    const other = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.dbnAdmin });
    expect(other.status).toBe(404);
    const commune = await call("GET", "/admin/units/sla-muongbu/question-analytics?courseId=test-course", { token: t.communeAdmin });
    expect(commune.status).toBe(400);
    expect(commune.json.error.code).toBe("analytics.unit_level");
    const member = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: t.learner });
    expect(member.status).toBe(404);
    const unknownCourse = await call("GET", "/admin/units/sla/question-analytics?courseId=no-such-course", { token: t.slaAdmin });
    expect(unknownCourse.status).toBe(404);
  });

  it("shows a province only the courses its learners are offered, answers included", async () => {
    await publishAs("dbn-rieng", "Khoá riêng của Điện Biên", "dbn");
    await publishAs("thu-nghiem", "Khoá thử của giảng viên", "vn", (content) => {
      content.curriculum = "test";
    });
    const own = await call("GET", "/admin/units/dbn/question-analytics?courseId=dbn-rieng", { token: t.dbnAdmin });
    expect(own.status).toBe(200);
    const nation = await call("GET", "/admin/units/vn/question-analytics?courseId=dbn-rieng", { token: t.nationAdmin });
    expect(nation.status).toBe(200);
    const elsewhere = await call("GET", "/admin/units/sla/question-analytics?courseId=dbn-rieng", { token: t.slaAdmin });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.json.error.code).toBe("course.not_found");
    for (const [unit, token] of [
      ["sla", t.slaAdmin],
      ["vn", t.nationAdmin],
    ] as const) {
      const test = await call("GET", `/admin/units/${unit}/question-analytics?courseId=thu-nghiem`, { token });
      expect(test.status).toBe(404);
    }
  });
});

describe("who may read a course's analytics", () => {
  it("is a trainer of the course's scope", async () => {
    expect((await call("GET", "/authoring/courses/test-course/analytics")).status).toBe(401);
    expect((await call("GET", "/authoring/courses/test-course/analytics", { token: t.learner })).status).toBe(403);
    expect((await call("GET", "/authoring/courses/test-course/analytics", { token: t.slaAdmin })).status).toBe(403);
    // A province's trainer reads national courses but does not edit them: no analytics.
    expect((await call("GET", "/authoring/courses/test-course/analytics", { token: t.dbnTrainer })).status).toBe(403);
    expect((await call("GET", "/authoring/courses/no-such-course/analytics", { token: t.trainer })).status).toBe(404);
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Auth } from "../../packages/core/src/auth";
import { db } from "../../packages/core/src/db/client";
import { Progress } from "../../packages/core/src/progress";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import { Quiz } from "../../packages/core/src/quiz";
import { RateLimit } from "../../packages/core/src/rate-limit";
import { rateLimitKeys } from "../../packages/core/src/rate-limit/rate-limit.entity";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { answers, importTestCourse } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

let learner: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  learner = await signIn("0912000001");
});

const ANSWER_FIELDS = /correctOptionIds|explanation|"correct"/;

async function completeLessons(token: string, moduleIds = ["m1", "m2"]) {
  const events = moduleIds.flatMap((m) =>
    ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}`, at: new Date().toISOString() })),
  );
  const res = await call("POST", "/progress", { token, body: { events } });
  expect(res.status).toBe(200);
  expect(res.json.accepted).toHaveLength(events.length);
  return events;
}

describe("catalogue and course", () => {
  it("lists the published course with its card facts", async () => {
    const res = await call("GET", "/courses", { token: learner.accessToken });
    expect(res.status).toBe(200);
    expect(res.json.items).toContainEqual(
      expect.objectContaining({ id: "test-course", topic: "cyber-safety", version: 1, moduleCount: 2, estimatedMinutes: 10, sizeBytes: expect.any(Number) }),
    );
  });

  it("gives the course with modules, lessons, quiz ids and sanitised HTML", async () => {
    const res = await call("GET", "/courses/test-course", { token: learner.accessToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: "test-course",
      version: 1,
      modules: [
        {
          id: "m1",
          quizId: "test-course.m1",
          lessons: [
            { id: "m1-l1", kind: "text" },
            { id: "m1-l2", kind: "image" },
          ],
        },
        { id: "m2" },
      ],
    });
    const html = res.json.modules[0].lessons[0].html as string;
    expect(html).toContain("<strong>Đừng</strong>");
    expect(html).not.toContain("<script>");
    expect(res.json.modules[0].lessons[1].image.url).toMatch(/^\/api\/v1\/media\/[a-f0-9]{32}\.svg$/);
    expect(res.text).not.toMatch(ANSWER_FIELDS);
  });

  it("serves course media", async () => {
    const course = await call("GET", "/courses/test-course", { token: learner.accessToken });
    const url = (course.json.modules[0].lessons[1].image.url as string).replace("/api/v1", "");
    const res = await call("GET", url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("gives quizzes without any answer data", async () => {
    const res = await call("GET", "/quizzes/test-course.m1", { token: learner.accessToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "test-course.m1", passPercent: 80 });
    expect(res.json.questions).toHaveLength(5);
    expect(res.text).not.toMatch(ANSWER_FIELDS);
  });

  it("answers 404 for unknown courses and quizzes, 401 without a token", async () => {
    expect((await call("GET", "/courses/nope", { token: learner.accessToken })).status).toBe(404);
    expect((await call("GET", "/quizzes/nope.m1", { token: learner.accessToken })).status).toBe(404);
    expect((await call("GET", "/quizzes/../../etc", { token: learner.accessToken })).status).toBe(404);
    expect((await call("GET", "/courses")).status).toBe(401);
  });
});

describe("quiz attempts", () => {
  it("grades on the server, and the same attemptId returns the same result without counting twice", async () => {
    const session = await signIn("0912000005");
    const attemptId = randomUUID();
    const first = await call("POST", "/quizzes/test-course.m1/attempts", { token: session.accessToken, body: { attemptId, answers: answers("m1", false) } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ attemptId, scorePercent: 0, passed: false, attemptNumber: 1 });
    // A failed attempt says what was wrong, never what was right: the quiz counts towards the certificate.
    expect(first.json.results[0]).toEqual({ questionId: "m1-q1", correct: false });
    expect(JSON.stringify(first.json)).not.toMatch(/correctOptionIds|explanation/);
    const again = await call("POST", "/quizzes/test-course.m1/attempts", { token: session.accessToken, body: { attemptId, answers: answers("m1", true) } });
    expect(again.json).toEqual(first.json);
    const second = await call("POST", "/quizzes/test-course.m1/attempts", {
      token: session.accessToken,
      body: { attemptId: randomUUID(), answers: answers("m1", true) },
    });
    expect(second.json).toMatchObject({ scorePercent: 100, passed: true, attemptNumber: 2 });
    expect(second.json.results[0]).toMatchObject({ questionId: "m1-q1", correct: true, correctOptionIds: ["b"], explanation: expect.any(String) });
  });

  it("counts an unanswered question as wrong and refuses foreign questions or options", async () => {
    const partial = await call("POST", "/quizzes/test-course.m2/attempts", {
      token: learner.accessToken,
      body: { attemptId: randomUUID(), answers: answers("m2").slice(0, 4) },
    });
    expect(partial.json).toMatchObject({ scorePercent: 80, passed: true });
    const foreign = await call("POST", "/quizzes/test-course.m2/attempts", {
      token: learner.accessToken,
      body: { attemptId: randomUUID(), answers: [{ questionId: "m1-q1", optionIds: ["b"] }] },
    });
    expect(foreign.status).toBe(400);
    expect(expectErrorShape(foreign.json).code).toBe("quiz.unknown_question");
    const badOption = await call("POST", "/quizzes/test-course.m2/attempts", {
      token: learner.accessToken,
      body: { attemptId: randomUUID(), answers: [{ questionId: "m2-q1", optionIds: ["zz"] }] },
    });
    expect(badOption.status).toBe(400);
    const notUuid = await call("POST", "/quizzes/test-course.m2/attempts", { token: learner.accessToken, body: { attemptId: "1", answers: [] } });
    expect(notUuid.status).toBe(400);
  });
  it("counts an attempt in the learner's current team, even when a stale session still names the old one", async () => {
    const res = await call("POST", "/auth/register", {
      body: { phone: "0977000333", password: "RuongBac2026", fullName: "Cầm Thị Hoa", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = res.json.accessToken as string;
    const before = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: randomUUID(), answers: answers("m1", false) } });
    expect(before.status).toBe(200); // the learner has progress, recorded under the old team
    const admin = await signIn("0912000003");
    const moved = await call("PATCH", `/admin/members/${res.json.user.id}`, { token: admin.accessToken, body: { unitId: "sla-tohieu-tdp2" } });
    expect(moved.status).toBe(200);
    const [oldTeam, newTeam] = await Promise.all([Unit.stats("sla-muongbu-banbo"), Unit.stats("sla-tohieu-tdp2")]);

    // The move ended the session that named the old team; the refreshed one names the new team.
    const stale = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: randomUUID(), answers: answers("m1") } });
    expect(stale.status).toBe(401);
    expect(stale.json.error.code).toBe("auth.session_ended");
    const refreshed = await call("POST", "/auth/refresh", { body: { refreshToken: res.json.refreshToken } });
    expect(refreshed.status).toBe(401);
    const again = await signIn("0977000333", "RuongBac2026");
    expect(again.user.unitId).toBe("sla-tohieu-tdp2");
    const attempt = await call("POST", "/quizzes/test-course.m1/attempts", {
      token: again.accessToken,
      body: { attemptId: randomUUID(), answers: answers("m1") },
    });
    expect(attempt.status).toBe(200);
    // Another server may still trust the old session for a few seconds: its guess of the unit is not trusted.
    const current = await Auth.verifyAccessToken(again.accessToken);
    await Quiz.submit({ ...current, unitId: "sla-muongbu-banbo" }, "test-course.m1", { attemptId: randomUUID(), answers: answers("m1") });
    expect((await Unit.stats("sla-tohieu-tdp2")).attempts).toBe(newTeam.attempts + 2);
    expect((await Unit.stats("sla-muongbu-banbo")).attempts).toBe(oldTeam.attempts);
  });

  it("checks the session with the attempt's own reads: a BatchGetItem and the rate count, then the transaction", async () => {
    const session = await signIn("0912000005");
    // One instant throughout, so what this process has cached (the session's state for 3 s, the course version)
    // stays fresh between the attempts however slow the machine.
    onTestFinished(() => void vi.useRealTimers());
    vi.useFakeTimers({ toFake: ["Date"] });
    const { doc } = db();
    const sent = vi.spyOn(doc, "send");
    onTestFinished(() => sent.mockRestore());
    const submit = async () => {
      sent.mockClear();
      const res = await call("POST", "/quizzes/test-course.m1/attempts", {
        token: session.accessToken,
        body: { attemptId: randomUUID(), answers: answers("m1") },
      });
      expect(res.status).toBe(200);
      return sent.mock.calls.map(([command]) => {
        const name = command.constructor.name;
        const keys = (command.input as { RequestItems?: Record<string, { Keys: { sk: string }[] }> }).RequestItems;
        return name === "BatchGetCommand"
          ? `${name} ${Object.values(keys!)[0]!
              .Keys.map((k) => k.sk.split("#")[0])
              .join(",")}`
          : name;
      });
    };
    // A first attempt, so the learner has progress this month (a first one also reads the account and the month's marker).
    await submit();
    // This process has not read the account within SESSION_CHECK_MS: it is read with the marker, the progress and the unit.
    User.forgetSessionState(session.user.id);
    expect((await submit()).sort()).toEqual(["BatchGetCommand ATTEMPT,PROGRESS,UNIT,PROFILE", "TransactWriteCommand", "UpdateCommand"].sort());
    // Read just now: not again.
    expect((await submit()).sort()).toEqual(["BatchGetCommand ATTEMPT,PROGRESS,UNIT", "TransactWriteCommand", "UpdateCommand"].sort());
  });

  it("takes at most 60 attempts a minute from a learner: over that, a 429 and nothing written, and replays are still answered", async () => {
    // The limit's windows are whole minutes of the clock: this test stops the clock a second into the next one.
    onTestFinished(() => void vi.useRealTimers());
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 1000);
    const res = await call("POST", "/auth/register", {
      body: { phone: "0977000444", password: "RuongBac2026", fullName: "Lò Văn Khánh", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = res.json.accessToken as string;
    const userId = res.json.user.id as string;
    const { doc, table } = db();
    const window = rateLimitKeys.window(`attempts:${userId}`, Math.floor(Date.now() / 1000 / RateLimit.rules.attemptsPerUser.windowSeconds));
    const count = async () => (await doc.send(new GetCommand({ TableName: table, Key: window, ConsistentRead: true }))).Item?.count;
    await doc.send(new PutCommand({ TableName: table, Item: { ...window, count: 59 } }));

    const sixtieth = randomUUID();
    const first = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: sixtieth, answers: answers("m1", false) } });
    expect(first.status).toBe(200);
    expect(await count()).toBe(60);
    const over = randomUUID();
    const refused = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: over, answers: answers("m1") } });
    expect(refused.status).toBe(429);
    expect(expectErrorShape(refused.json).code).toBe("request.rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Nothing of the refused attempt is stored.
    expect((await doc.send(new GetCommand({ TableName: table, Key: progressKeys.attempt(userId, over), ConsistentRead: true }))).Item).toBeUndefined();
    expect((await Progress.get(userId, "test-course"))?.quizzes["test-course.m1"]).toMatchObject({ attempts: 1, passed: false });
    // A replay of an attempt that landed is still answered: an outbox sending again is never refused.
    const replay = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: sixtieth, answers: answers("m1", false) } });
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
  });
});

describe("completion and certificate", () => {
  it("issues exactly one certificate at once when the last requirement is met, and counts it up the unit tree", async () => {
    const res = await call("POST", "/auth/register", {
      body: { phone: "0977000111", password: "RuongBac2026", fullName: "Vì Văn Toàn", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = res.json.accessToken as string;
    const before = await Unit.stats("sla");

    const pass = (m: string) => call("POST", `/quizzes/test-course.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    expect((await pass("m1")).json.courseCompleted).toBe(false);
    expect((await pass("m2")).json.courseCompleted).toBe(false);
    const events = await completeLessons(token);

    const progress = await call("GET", "/me/progress", { token });
    expect(progress.json.courses).toContainEqual(expect.objectContaining({ courseId: "test-course", percent: 100, completed: true }));
    const certs = await call("GET", "/me/certificates", { token });
    expect(certs.json.items).toHaveLength(1);
    const code = certs.json.items[0].code as string;

    // Replaying the whole outbox, concurrently, changes nothing.
    await Promise.all(Array.from({ length: 5 }, () => call("POST", "/progress", { token, body: { events: [...events].reverse() } })));
    expect((await call("GET", "/me/certificates", { token })).json.items).toEqual(certs.json.items);
    const after = await Unit.stats("sla");
    expect(after.completedByCourse["test-course"] ?? 0).toBe((before.completedByCourse["test-course"] ?? 0) + 1);
    expect((await Unit.stats("sla-muongbu-banbo")).completedByCourse["test-course"]).toBeGreaterThanOrEqual(1);
    expect((await Unit.stats("dbn")).completedByCourse["test-course"] ?? 0).toBe(0);

    const verified = await call("GET", `/verify/${code}`);
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ valid: true, status: "valid", courseTitle: "Khoá học thử nghiệm", holderName: "Vì V. T***" });
  });

  it("finishing events sent many times concurrently still issue one certificate", async () => {
    const res = await call("POST", "/auth/register", {
      body: { phone: "0977000222", password: "RuongBac2026", fullName: "Lò Văn Sáng", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = res.json.accessToken as string;
    const attempts = ["m1", "m2"].map((m) => ({ m, body: { attemptId: randomUUID(), answers: answers(m) } }));
    const events = ["m1", "m2"].flatMap((m) =>
      ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
    );
    const sends = Array.from({ length: 10 }, () => [
      ...attempts.map((a) => () => call("POST", `/quizzes/test-course.${a.m}/attempts`, { token, body: a.body })),
      () => call("POST", "/progress", { token, body: { events: [...events].sort(() => Math.random() - 0.5) } }),
    ]).flat();
    const results = await Promise.all(sends.sort(() => Math.random() - 0.5).map((send) => send()));
    for (const r of results) expect([200, 409]).toContain(r.status);
    // A client retries what got 409; afterwards the state is exactly one clean send.
    for (const a of attempts) expect((await call("POST", `/quizzes/test-course.${a.m}/attempts`, { token, body: a.body })).status).toBe(200);
    expect((await call("POST", "/progress", { token, body: { events } })).json.accepted).toHaveLength(4);
    const certs = await call("GET", "/me/certificates", { token });
    expect(certs.json.items).toHaveLength(1);
    const progress = await call("GET", "/courses/test-course", { token });
    expect(progress.json.progress.quizzes["test-course.m1"].attempts).toBe(1);
  });

  it("verify answers 404 {valid:false} for unknown and mistyped codes", async () => {
    for (const code of ["ABCDEFGHJK", "x", "0000000000", "../../etc"]) {
      const res = await call("GET", `/verify/${encodeURIComponent(code)}`);
      expect(res.status).toBe(404);
      expect(res.json.valid).toBe(false);
    }
  });
});

describe("an ordering question, through the stored version", () => {
  it("is answered with the phone's opaque step ids and graded against the stored course", async () => {
    const { Course } = await import("../../packages/core/src/course");
    const { SVG, testBundle } = await import("../fixtures/course");
    const bundle = testBundle("order-course", "Khoá có câu sắp xếp");
    const steps = ["Mở ứng dụng ngân hàng", "Quét mã QR trên hoá đơn", "Kiểm tra tên người nhận và số tiền", "Xác nhận"];
    bundle.modules[0]!.quiz.questions[0] = {
      id: "m1-q1",
      competences: ["payments"],
      kind: "ordering",
      prompt: "Xếp các bước trả tiền điện bằng mã QR",
      options: steps.map((text, i) => ({ id: "abcd"[i]!, text })),
      explanation: "Kiểm tra trước khi xác nhận.",
    };
    await Course.importBundle(bundle, async () => SVG, { userId: "system" });
    const session = await signIn("0912000005");
    const quiz = await call("GET", "/quizzes/order-course.m1", { token: session.accessToken });
    const shown = quiz.json.questions.find((q: { id: string }) => q.id === "m1-q1") as { select: string; options: { id: string; text: string }[] };
    expect(shown.select).toBe("order");
    expect(shown.options.map((o) => o.id)).not.toContain("a");
    const idOf = new Map(shown.options.map((o) => [o.text, o.id]));
    const right = steps.map((text) => idOf.get(text)!);
    const rest = answers("m1").slice(1);
    const wrong = await call("POST", "/quizzes/order-course.m1/attempts", {
      token: session.accessToken,
      body: { attemptId: randomUUID(), answers: [{ questionId: "m1-q1", optionIds: [...right].reverse() }, ...rest] },
    });
    expect(wrong.json.results[0]).toMatchObject({ questionId: "m1-q1", correct: false });
    const passed = await call("POST", "/quizzes/order-course.m1/attempts", {
      token: session.accessToken,
      body: { attemptId: randomUUID(), answers: [{ questionId: "m1-q1", optionIds: right }, ...rest] },
    });
    expect(passed.json).toMatchObject({ scorePercent: 100, passed: true });
    expect(passed.json.results[0]).toMatchObject({ questionId: "m1-q1", correct: true, correctOptionIds: right });
  });
});

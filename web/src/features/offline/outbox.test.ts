import { PROGRESS_LIMITS } from "@kns/core/model";
import { describe, expect, it, vi } from "vitest";
import { createApiClient, type SessionResponse, type Tokens } from "../../lib/api";
import { fakeFetch, reply, type FakeReply } from "../../testing/render-app";
import { memoryStore } from "./kv";
import { createOutbox } from "./outbox";

const user = { id: "m_1", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member" as const], unitId: "u_1" };

function client(fetch: typeof globalThis.fetch, initial: Tokens = { accessToken: "access-1", refreshToken: "refresh-1" }) {
  let tokens: Tokens | undefined = initial;
  return createApiClient({
    fetch,
    tokens: {
      current: () => tokens,
      save: (s: SessionResponse) => {
        tokens = { accessToken: s.accessToken, refreshToken: s.refreshToken };
      },
      clear: () => {
        tokens = undefined;
      },
    },
  });
}

const lesson = { userId: "m_1", courseId: "cyber-safety", courseTitle: "An toàn trên không gian mạng", lessonId: "m1-l1", title: "Giả danh công an" };
const attempt = (attemptId: string) => ({
  userId: "m_1",
  courseId: "cyber-safety",
  courseTitle: "An toàn trên không gian mạng",
  quizId: "cyber-safety.m1",
  title: "Nhận diện lừa đảo",
  request: { attemptId, answers: [{ questionId: "q1", optionIds: ["a"] }], answeredAt: "2026-05-01T08:00:00.000Z" },
});
const graded = (attemptId: string): FakeReply => ({
  status: 200,
  body: { attemptId, quizId: "cyber-safety.m1", scorePercent: 100, passed: true, results: [{ questionId: "q1", correct: true }], attemptsLeft: null },
});
const offline = () =>
  vi.fn(async () => {
    throw new TypeError("Failed to fetch");
  });
const bodyOf = (call: unknown[] | undefined) => JSON.parse(String((call?.[1] as RequestInit | undefined)?.body));

describe("outbox", () => {
  it("queues a lesson completion once, however often the lesson is finished, and sends it", async () => {
    const onChange = vi.fn();
    const outbox = createOutbox(memoryStore(), { onChange });
    const first = await outbox.completeLesson(lesson);
    const again = await Promise.all([outbox.completeLesson(lesson), outbox.completeLesson(lesson)]);
    expect(again.map((item) => item.id)).toEqual([first.id, first.id]);
    expect(await outbox.list("m_1")).toMatchObject([{ id: first.id, state: "waiting", kind: "lesson" }]);
    expect(onChange).toHaveBeenCalledWith("m_1");

    const fetch = fakeFetch({ status: 200, body: { accepted: [first.id], rejected: [] } });
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: 1, graded: 0 });
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/v1/progress");
    expect(bodyOf(fetch.mock.calls[0])).toEqual({
      events: [{ id: first.id, type: "lesson.completed", courseId: "cyber-safety", lessonId: "m1-l1", at: first.createdAt }],
    });
    expect(await outbox.get("m_1", first.id)).toMatchObject({ state: "sent", tries: 1 });

    await outbox.completeLesson(lesson);
    expect(await outbox.list("m_1")).toHaveLength(1);
  });

  it("keeps a quiz attempt waiting while offline, then sends it once and keeps the graded result", async () => {
    const outbox = createOutbox(memoryStore());
    const id = "7b4d2c1e-8f6a-4b3c-9d2e-1a0b9c8d7e6f";
    await outbox.submitAttempt(attempt(id));
    await outbox.submitAttempt(attempt(id));

    const down = offline();
    expect(await outbox.flush("m_1", client(down))).toMatchObject({ stopped: "offline", graded: 0 });
    expect(await outbox.get("m_1", id)).toMatchObject({ state: "waiting", tries: 1 });

    const fetch = fakeFetch(graded(id));
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ graded: 1 });
    expect(fetch).toHaveBeenCalledOnce();
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/v1/quizzes/cyber-safety.m1/attempts");
    expect(bodyOf(fetch.mock.calls[0])).toEqual(attempt(id).request);
    expect(await outbox.get("m_1", id)).toMatchObject({ state: "graded", tries: 2, result: { scorePercent: 100, passed: true } });

    // Nothing left to send: a later flush asks the server nothing.
    const idle = fakeFetch();
    await outbox.flush("m_1", client(idle));
    expect(idle).not.toHaveBeenCalled();
  });

  it("sends each item exactly once when flushes overlap (app start and the online event together)", async () => {
    const outbox = createOutbox(memoryStore());
    const lessonItem = await outbox.completeLesson(lesson);
    const id = "0c9a3f7e-2b1d-4e5f-8a6b-7c8d9e0f1a2b";
    await outbox.submitAttempt(attempt(id));
    const fetch = fakeFetch({ status: 200, body: { accepted: [lessonItem.id], rejected: [] } }, graded(id));
    const api = client(fetch);

    const outcomes = await Promise.all([outbox.flush("m_1", api), outbox.flush("m_1", api), outbox.flush("m_1", api)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(outcomes.reduce((sum, o) => sum + o.sent + o.graded, 0)).toBe(2);
    expect((await outbox.list("m_1")).map((item) => `${item.kind}:${item.state}`).sort()).toEqual(["attempt:graded", "lesson:sent"]);
  });

  it("resends after a server failure, refreshing an expired session first", async () => {
    const outbox = createOutbox(memoryStore());
    const item = await outbox.completeLesson(lesson);
    const busy = fakeFetch({ status: 503, body: { error: { code: "db.unavailable", message: "Busy" } } });
    expect(await outbox.flush("m_1", client(busy))).toMatchObject({ stopped: "server" });
    expect(await outbox.get("m_1", item.id)).toMatchObject({ state: "waiting" });

    const fetch = fakeFetch(
      { status: 401, body: { error: { code: "auth.unauthenticated", message: "Expired" } } },
      { status: 200, body: { accessToken: "access-2", refreshToken: "refresh-2", expiresIn: 900, user } },
      { status: 200, body: { accepted: [item.id], rejected: [] } },
    );
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: 1 });
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/api/v1/progress", "/api/v1/auth/refresh", "/api/v1/progress"]);
    expect(bodyOf(fetch.mock.calls[0]).events[0].id).toBe(bodyOf(fetch.mock.calls[2]).events[0].id);
  });

  it("keeps items waiting when the session is over, and sets aside what the server will never take", async () => {
    const outbox = createOutbox(memoryStore());
    const item = await outbox.completeLesson(lesson);
    const other = await outbox.completeLesson({ ...lesson, lessonId: "gone" });
    const id = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    await outbox.submitAttempt(attempt(id));

    const signedOut = fakeFetch(
      { status: 401, body: { error: { code: "auth.unauthenticated", message: "Expired" } } },
      { status: 401, body: { error: { code: "auth.unauthenticated", message: "Revoked" } } },
    );
    expect(await outbox.flush("m_1", client(signedOut))).toMatchObject({ stopped: "signed-out" });
    expect((await outbox.list("m_1")).every((i) => i.state === "waiting")).toBe(true);

    const fetch = fakeFetch(
      {
        status: 200,
        body: { accepted: [item.id], rejected: [{ id: other.id, code: "progress.unknown_lesson", message: 'Lesson "gone" is not part of this course.' }] },
      },
      { status: 409, body: { error: { code: "quiz.no_attempts_left", message: "You have used all 3 attempts for this quiz." } } },
    );
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: 1, rejected: 2 });
    expect(await outbox.get("m_1", other.id)).toMatchObject({ state: "rejected", error: { code: "progress.unknown_lesson" } });
    expect(await outbox.get("m_1", id)).toMatchObject({ state: "rejected", error: { code: "quiz.no_attempts_left" } });
  });

  it("sends a long offline backlog in requests the server takes whole (PROGRESS_LIMITS.eventsPerRequest)", async () => {
    const outbox = createOutbox(memoryStore());
    const backlog = PROGRESS_LIMITS.eventsPerRequest * 2 + 10;
    for (let i = 0; i < backlog; i++) await outbox.completeLesson({ ...lesson, lessonId: `m1-l${i}` });
    // The server's rule: more events than the limit is a malformed request, refused whole.
    const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      const { events } = JSON.parse(String(init?.body)) as { events: { id: string }[] };
      return events.length > PROGRESS_LIMITS.eventsPerRequest
        ? reply({ status: 400, body: { error: { code: "request.invalid", message: "Too many events" } } })
        : reply({ status: 200, body: { accepted: events.map((event) => event.id), rejected: [] } });
    });
    expect(await outbox.flush("m_1", client(fetch))).toMatchObject({ sent: backlog, rejected: 0 });
    expect(fetch.mock.calls.map((call) => bodyOf(call).events.length)).toEqual([PROGRESS_LIMITS.eventsPerRequest, PROGRESS_LIMITS.eventsPerRequest, 10]);
  });

  it("keeps each person's items apart on a shared phone", async () => {
    const outbox = createOutbox(memoryStore());
    await outbox.completeLesson(lesson);
    await outbox.completeLesson({ ...lesson, userId: "m_2" });
    expect(await outbox.list("m_1")).toHaveLength(1);
    expect(await outbox.list("m_2")).toHaveLength(1);
    expect((await outbox.list("m_2"))[0]?.userId).toBe("m_2");
  });
});

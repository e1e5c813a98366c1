import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importTestCourse } from "../fixtures/course";
import { call, seedDemo, signIn } from "./client";
import { recordReads } from "./reads";

/**
 * What a lesson opened cold waits for (issue 22): one answer with the course, every lesson's content and the
 * learner's progress, so the lesson screen makes no second request before it can show the lesson; and the
 * caching that lets a phone keep it (ETag and 304; a published version by its number kept a year).
 */

let learner: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  learner = await signIn("0912000001");
});

const completeLesson = (lessonId: string) =>
  call("POST", "/progress", {
    token: learner.accessToken,
    body: { events: [{ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId, at: new Date().toISOString() }] },
  });

describe("GET /courses/:courseId, the lesson screen's one request", () => {
  it("carries the course, every lesson's content and the learner's progress in the same answer", async () => {
    expect((await completeLesson("m1-l1")).status).toBe(200);
    const res = await call("GET", "/courses/test-course", { token: learner.accessToken });
    expect(res.status).toBe(200);
    // The course and its version…
    expect(res.json).toMatchObject({ id: "test-course", title: expect.any(String), version: 1, latestVersion: 1 });
    // …every lesson with the content the player shows (not just titles), in every module…
    const lessons = (res.json.modules as { lessons: { id: string; kind: string; html?: string; image?: { url: string } }[] }[]).flatMap((m) => m.lessons);
    expect(lessons.map((l) => l.id)).toEqual(["m1-l1", "m1-l2", "m2-l1", "m2-l2"]);
    expect(lessons[0]!.html).toContain("<strong>Đừng</strong>");
    expect(lessons[1]!.image?.url).toMatch(/^\/api\/v1\/media\/[a-f0-9]{32}\.svg$/);
    // …and this learner's progress.
    expect(res.json.progress).toMatchObject({ completedLessons: ["m1-l1"], quizzes: {}, percent: expect.any(Number) });
    expect(res.json.progress.percent).toBeGreaterThan(0);
  });

  it("has an ETag, is kept privately and revalidated, and answers 304 until the progress changes", async () => {
    const first = await call("GET", "/courses/test-course", { token: learner.accessToken });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");

    const again = await call("GET", "/courses/test-course", { token: learner.accessToken, headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);

    // Progress is in the answer, so a lesson completed since makes it a new answer.
    expect((await completeLesson("m1-l2")).status).toBe(200);
    const changed = await call("GET", "/courses/test-course", { token: learner.accessToken, headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(changed.json.progress.completedLessons).toEqual(expect.arrayContaining(["m1-l1", "m1-l2"]));
  });

  it("gives another learner their own progress, under another ETag", async () => {
    const other = await signIn("0912000005");
    const mine = await call("GET", "/courses/test-course", { token: learner.accessToken });
    const theirs = await call("GET", "/courses/test-course", { token: other.accessToken, headers: { "if-none-match": mine.headers.get("etag")! } });
    expect(theirs.status).toBe(200);
    expect(theirs.json.progress.completedLessons).toEqual([]);
  });

  it("reads the course's meta item once, alongside the progress, for a learner who has not started it", async () => {
    const fresh = await signIn("0912000007");
    const { value: res, inputs } = await recordReads(() => call("GET", "/courses/test-course", { token: fresh.accessToken }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 1, progress: { completedLessons: [] } });
    const metaReads = inputs.filter((input) => input.includes('"sk":"META"') && input.includes("test-course"));
    expect(metaReads).toHaveLength(1);
  });
});

describe("GET /courses/:courseId/versions/:version, a published version by its number", () => {
  it("is the version's learner content without progress, kept a year, with an ETag and 304", async () => {
    const res = await call("GET", "/courses/test-course/versions/1", { token: learner.accessToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "test-course", version: 1, modules: [{ id: "m1" }, { id: "m2" }] });
    expect(res.json.modules[0].lessons[0].html).toContain("<strong>Đừng</strong>");
    expect(res.json).not.toHaveProperty("progress");
    expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[^"]+"$/);

    // The same for everyone and whatever their progress: a published version never changes.
    await completeLesson("m2-l1");
    const again = await call("GET", "/courses/test-course/versions/1", { token: learner.accessToken, headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("answers 404 for a version that was never published, an unknown course, and 400 for a non-number", async () => {
    expect((await call("GET", "/courses/test-course/versions/99", { token: learner.accessToken })).status).toBe(404);
    expect((await call("GET", "/courses/no-such-course/versions/1", { token: learner.accessToken })).status).toBe(404);
    expect((await call("GET", "/courses/test-course/versions/first", { token: learner.accessToken })).status).toBe(400);
    expect((await call("GET", "/courses/test-course/versions/1")).status).toBe(401);
  });
});

import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "../../lib/api";
import { fakeFetch } from "../../testing/render-app";
import { memoryStore } from "./kv";
import { createOutbox } from "./outbox";

const api = (fetch: typeof globalThis.fetch) =>
  createApiClient({ fetch, tokens: { current: () => ({ accessToken: "a", refreshToken: "r" }), save: () => undefined, clear: () => undefined } });

const play = (id: string, path: string[], outcome: "safe" | "scammed") => ({
  userId: "m_1",
  courseId: "cyber-safety",
  courseTitle: "An toàn trên không gian mạng",
  lessonId: "m1-l3",
  title: "Cuộc gọi giả công an",
  play: { id, path, version: 3 },
  ending: { id: outcome === "safe" ? "safe-hangup" : "scammed", outcome, title: outcome === "safe" ? "Bạn đã an toàn" : "Bạn đã mất tiền" },
});
const bodyOf = (call: unknown[] | undefined) => JSON.parse(String((call?.[1] as RequestInit | undefined)?.body));

/** A clock one second further on each time it is read: items are listed by when they were made, and calls made in
 * the same millisecond (as here, on a fast machine) would tie and fall back to the order of their ids. */
const ticking = () => {
  let at = Date.parse("2026-12-07T08:00:00Z");
  return () => {
    at += 1000;
    return new Date(at);
  };
};

describe("outbox: scenario plays", () => {
  it("keeps every play (each once), and sends them with lesson completions in one POST /progress", async () => {
    const outbox = createOutbox(memoryStore(), { now: ticking() });
    const lesson = await outbox.completeLesson({ userId: "m_1", courseId: "cyber-safety", courseTitle: "An toàn", lessonId: "m1-l1", title: "Bài 1" });
    const scammed = await outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000001", ["listen", "pay"], "scammed"));
    const [safe, again] = await Promise.all([
      outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000002", ["hang-up"], "safe")),
      outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000002", ["hang-up"], "safe")),
    ]);
    expect(again).toEqual(safe);
    expect((await outbox.list("m_1")).map((item) => item.kind)).toEqual(["lesson", "play", "play"]);

    const fetch = fakeFetch({
      status: 200,
      body: {
        accepted: [lesson.id, scammed.id, safe.id],
        rejected: [],
        plays: [
          { id: scammed.id, lessonId: "m1-l3", endingId: "scammed", outcome: "scammed" },
          { id: safe.id, lessonId: "m1-l3", endingId: "safe-hangup", outcome: "safe" },
        ],
      },
    });
    expect(await outbox.flush("m_1", api(fetch))).toMatchObject({ sent: 3, rejected: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(bodyOf(fetch.mock.calls[0]).events).toEqual([
      lesson.event,
      // With the version played, so the server replays the path against what the learner saw.
      { id: scammed.id, type: "scenario.played", courseId: "cyber-safety", lessonId: "m1-l3", path: ["listen", "pay"], version: 3, at: scammed.createdAt },
      { id: safe.id, type: "scenario.played", courseId: "cyber-safety", lessonId: "m1-l3", path: ["hang-up"], version: 3, at: safe.createdAt },
    ]);
    expect(await outbox.get("m_1", safe.id)).toMatchObject({ state: "sent", ending: { id: "safe-hangup", outcome: "safe", title: "Bạn đã an toàn" } });
  });

  it("takes the server's ending when its replay differs (the course changed), and keeps a refused play with its reason", async () => {
    const outbox = createOutbox(memoryStore());
    const changed = await outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000003", ["stop"], "safe"));
    const refused = await outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000004", ["gone"], "safe"));
    const fetch = fakeFetch({
      status: 200,
      body: {
        accepted: [changed.id],
        rejected: [{ id: refused.id, code: "progress.scenario_path", message: "These choices do not lead through the scenario to an ending." }],
        plays: [{ id: changed.id, lessonId: "m1-l3", endingId: "scammed-late", outcome: "scammed" }],
      },
    });
    expect(await outbox.flush("m_1", api(fetch))).toMatchObject({ sent: 1, rejected: 1 });
    expect(await outbox.get("m_1", changed.id)).toMatchObject({ state: "sent", ending: { id: "scammed-late", outcome: "scammed", title: "" } });
    expect(await outbox.get("m_1", refused.id)).toMatchObject({ state: "rejected", error: { code: "progress.scenario_path" } });
  });

  it("waits offline and goes when the network is back", async () => {
    const outbox = createOutbox(memoryStore());
    const item = await outbox.recordPlay(play("0f6a1e1c-0000-4000-8000-000000000005", ["hang-up"], "safe"));
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await outbox.flush("m_1", api(offline))).toMatchObject({ sent: 0, stopped: "offline" });
    expect(await outbox.get("m_1", item.id)).toMatchObject({ state: "waiting", tries: 1 });
    const online = fakeFetch({ status: 200, body: { accepted: [item.id], rejected: [] } });
    expect(await outbox.flush("m_1", api(online))).toMatchObject({ sent: 1 });
    expect(await outbox.get("m_1", item.id)).toMatchObject({ state: "sent" });
  });
});

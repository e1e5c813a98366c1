import type { CourseDetail } from "@kns/core/model";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildBootScript } from "../testing/boot-script";
import { courseDetail, courseModule } from "../testing/course";
import { reply } from "../testing/render-app";
import { createApiClient, type Tokens } from "./api";
import { DATA_PATTERNS, EARLY_DATA_GLOBAL, preloadData, screenDataPath } from "./early-data";
import { SESSION_KEY } from "./session-key";

/**
 * The boot script sends the request for a linked screen's data before the app's code has arrived (issue 22: on
 * 3G the course answer was the last thing a cold lesson waited for), and the app takes that request over.
 */

const course = courseDetail({
  sizeBytes: 2000,
  modules: [courseModule({ lessons: [{ id: "m1-l1", title: "Giả danh công an", kind: "text", sizeBytes: 1837, html: "<p>Không chuyển tiền.</p>" }] })],
});

function signIn(accessToken = "access-1") {
  const user = { id: "u-lan", phone: "0912000001", fullName: "Cầm Thị Lan", roles: ["member"], unitId: "u_1" };
  localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken, refreshToken: "refresh-1", user }));
}

/** The page opened at `path`: its scripts as the build writes them run, with the page's own fetch answering `answer`. */
function boot(path: string, answer: () => Promise<Response> = async () => reply({ status: 200, body: course })) {
  history.replaceState(null, "", path);
  document.head.replaceChildren();
  const sent = vi.spyOn(globalThis, "fetch").mockImplementation(answer);
  // As the page runs them: its inline data script while it is parsed, then the deferred boot script.
  const built = buildBootScript();
  expect(built.inline).toContain("__knsEarlyData");
  new Function(built.inline!)();
  new Function(built.source)();
  return sent;
}

/** The app's client, as the session makes it: its own fetch, and the stored token as the current one. */
function client(fetch: typeof globalThis.fetch, token = "access-1") {
  let tokens: Tokens = { accessToken: token, refreshToken: "refresh-1" };
  return createApiClient({
    fetch,
    tokens: { current: () => tokens, save: (next) => (tokens = next), clear: () => undefined },
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  delete (window as unknown as Record<string, unknown>)[EARLY_DATA_GLOBAL];
});

describe("the screen's data, asked for by the boot script", () => {
  it("is sent as the page is parsed, with the stored token, and the screen's request takes its answer: one request", async () => {
    signIn();
    const sent = boot("/courses/cyber-safety/lessons/m1-l1");
    expect(sent).toHaveBeenCalledTimes(1);
    const [url, init] = sent.mock.calls[0]!;
    expect(url).toBe("/api/v1/courses/cyber-safety");
    expect(init?.headers).toEqual({ authorization: "Bearer access-1" });
    expect(init?.signal).toBeInstanceOf(AbortSignal);

    const own = vi.fn(async () => reply({ status: 200, body: course }));
    const api = client(own);
    preloadData("/courses/cyber-safety/lessons/m1-l1", api);
    // Taken over: the app sends nothing, and what the boot script left is gone.
    expect(own).not.toHaveBeenCalled();
    expect(EARLY_DATA_GLOBAL in window).toBe(false);
    expect(await api.request<CourseDetail>("/courses/cyber-safety")).toMatchObject({ id: "cyber-safety", modules: [{ lessons: [{ id: "m1-l1" }] }] });
    expect(own).not.toHaveBeenCalled();
    expect(sent).toHaveBeenCalledTimes(1);
    // Once: the next request for it is the app's own.
    await api.request("/courses/cyber-safety");
    expect(own).toHaveBeenCalledTimes(1);
  });

  it("asks for the course of a course, lesson or quiz address, in the spelling the screen asks for it", () => {
    const asked = {
      "/courses/cyber-safety": "/courses/cyber-safety",
      "/courses/cyber-safety/": "/courses/cyber-safety",
      "/courses/cyber-safety/quizzes/cyber-safety.m1": "/courses/cyber-safety",
      "/courses/an%20to%C3%A0n/lessons/m1-l1": "/courses/an%20to%C3%A0n",
      "/courses/a%2Fb/lessons/x": "/courses/a%2Fb",
    };
    for (const [path, course] of Object.entries(asked)) expect(screenDataPath(path, DATA_PATTERNS)).toBe(course);
    for (const path of ["/", "/progress", "/courses", "/courses/a/lessons/b/extra", "/admin/units", "/courses/%E0%A4%A/lessons/x"])
      expect(screenDataPath(path, DATA_PATTERNS)).toBeUndefined();

    signIn();
    const sent = boot("/courses/an%20to%C3%A0n/quizzes/q1");
    expect(sent.mock.calls.map(([url]) => url)).toEqual(["/api/v1/courses/an%20to%C3%A0n"]);
  });

  it("sends nothing for a guest, a damaged session or an address without data", () => {
    const guest = boot("/courses/cyber-safety/lessons/m1-l1");
    expect(guest).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    localStorage.setItem(SESSION_KEY, "{not json");
    expect(boot("/courses/cyber-safety/lessons/m1-l1")).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    signIn();
    for (const path of ["/", "/progress", "/courses/%E0%A4%A/lessons/x"]) {
      expect(boot(path)).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
    expect(EARLY_DATA_GLOBAL in window).toBe(false);
  });

  it("an expired token: the screen's request refreshes it and asks again, as any request does", async () => {
    signIn("expired");
    boot("/courses/cyber-safety", async () => reply({ status: 401, body: { error: { code: "auth.token_expired", message: "Expired" } } }));
    const own = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith("/auth/refresh")
        ? reply({ status: 200, body: { accessToken: "access-2", refreshToken: "refresh-2", user: {} } })
        : reply({ status: (init?.headers as Record<string, string> | undefined)?.authorization === "Bearer access-2" ? 200 : 401, body: course }),
    );
    const api = client(own, "expired");
    preloadData("/courses/cyber-safety", api);
    expect(await api.request<CourseDetail>("/courses/cyber-safety")).toMatchObject({ id: "cyber-safety" });
    expect(own.mock.calls.map(([input, init]) => `${init?.method ?? "GET"} ${String(input)}`)).toEqual([
      "POST /api/v1/auth/refresh",
      "GET /api/v1/courses/cyber-safety",
    ]);
  });

  it("no answer (offline, dropped): the screen's request is sent again, and its error is its own", async () => {
    signIn();
    const sent = boot("/courses/cyber-safety/lessons/m1-l1", () => Promise.reject(new TypeError("Failed to fetch")));
    expect(sent).toHaveBeenCalledTimes(1);
    const own = vi.fn(async () => reply({ status: 200, body: course }));
    const api = client(own);
    preloadData("/courses/cyber-safety/lessons/m1-l1", api);
    expect(await api.request<CourseDetail>("/courses/cyber-safety")).toMatchObject({ id: "cyber-safety" });
    expect(own).toHaveBeenCalledTimes(1);
  });

  it("another session by the time the app runs, or another address: the app sends its own request", async () => {
    signIn("access-1");
    expect(boot("/courses/cyber-safety/lessons/m1-l1")).toHaveBeenCalledTimes(1);
    const own = vi.fn(async () => reply({ status: 200, body: course }));
    const api = client(own, "access-other");
    preloadData("/courses/cyber-safety/lessons/m1-l1", api);
    await api.request("/courses/cyber-safety");
    expect(own).toHaveBeenCalledTimes(1);
    expect((own.mock.calls[0] as unknown[])[1]).toMatchObject({ headers: { authorization: "Bearer access-other" } });

    vi.restoreAllMocks();
    expect(boot("/courses/cyber-safety/lessons/m1-l1")).toHaveBeenCalledTimes(1);
    const elsewhere = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => reply({ status: 200, body: course }));
    const other = client(elsewhere);
    // The person's address changed before the app ran: what was sent is dropped, not kept for later.
    preloadData("/courses/other", other);
    expect(EARLY_DATA_GLOBAL in window).toBe(false);
    expect(elsewhere.mock.calls.map(([url]) => url)).toEqual(["/api/v1/courses/other"]);
  });

  it("gives up after the app's own timeout, so a request that never answers cannot hold the screen", async () => {
    vi.useFakeTimers();
    signIn();
    const sent = boot("/courses/cyber-safety", () => new Promise<Response>(() => undefined));
    const signal = sent.mock.calls[0]![1]!.signal!;
    vi.advanceTimersByTime(29_999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
  });
});

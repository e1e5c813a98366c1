import type { CourseDetail } from "@kns/core/model";
import { screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { preloadData } from "../../lib/early-data";
import { createApiClient } from "../../lib/api";
import { reply, renderApp } from "../../testing/render-app";
import { courseDetail } from "../../testing/course";

/**
 * A lesson opened cold (issue 22): the lesson screen shows the lesson after one request, the course (which
 * carries the lesson and the learner's progress), and the app sends that request as it starts, before the screen's
 * code has arrived; while the lesson is read, the next lesson's media are fetched ahead.
 */

function signIn(id: string) {
  const user = { id, phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
}

const picture = { url: "/api/v1/media/0123456789abcdef0123456789abcdef.svg", alt: "Bốn dấu hiệu", width: 360, height: 640, bytes: 4598 };
const video = {
  url: "/api/v1/media/fedcba9876543210fedcba9876543210.mp4",
  poster: { ...picture, url: "/api/v1/media/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg" },
  bytes: 5_000_000,
};
const course = courseDetail({
  sizeBytes: 5_054_903,
  modules: [
    {
      id: "m1",
      title: "Nhận diện lừa đảo",
      estimatedMinutes: 8,
      quizId: "cyber-safety.m1",
      questionCount: 8,
      sizeBytes: 5_014_020,
      lessons: [
        { id: "m1-l1", title: "Giả danh công an", kind: "text", sizeBytes: 1837, html: "<p>Không chuyển tiền.</p>" },
        { id: "m1-l2", title: "4 dấu hiệu", kind: "image", sizeBytes: 4820, image: picture, html: "<p>Nhớ bốn dấu hiệu.</p>" },
        { id: "m1-l3", title: "Xem video", kind: "video", sizeBytes: 5_000_000, video },
      ],
    },
  ],
  progress: { percent: 25, completedLessons: ["m1-l1"], quizzes: {} },
});

afterEach(() => vi.restoreAllMocks());

describe("a lesson opened cold", () => {
  it("is on the screen after one request, the course with the lesson and the progress, and no other", async () => {
    signIn("u-first");
    const asked: string[] = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      asked.push(`${init?.method ?? "GET"} ${String(input)}`);
      return String(input) === "/api/v1/courses/cyber-safety" ? reply({ status: 200, body: course }) : reply({ status: 404, body: {} });
    });
    // The media fetched ahead go through the page's own fetch, not the API client's: kept apart here.
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("<svg/>"));
    renderApp("/courses/cyber-safety/lessons/m1-l1", fetch);

    // The first test of a file also waits for the lesson screen's modules to be compiled: a generous bound.
    expect(await screen.findByRole("heading", { level: 1, name: "Giả danh công an" }, { timeout: 15_000 })).toBeTruthy();
    expect(screen.getByText("Không chuyển tiền.")).toBeTruthy();
    // Progress came in the same answer: the lesson shows as done, with no second request for it.
    expect(screen.getByText("✓ Đã hoàn thành")).toBeTruthy();
    expect(asked).toEqual(["GET /api/v1/courses/cyber-safety"]);
  }, 30_000);

  it("has its course asked for as the app starts, and the screen takes that answer instead of asking again", async () => {
    const fetch = vi.fn(async () => reply({ status: 200, body: course }));
    const tokens = { current: () => ({ accessToken: "access-1", refreshToken: "refresh-1" }), save: () => undefined, clear: () => undefined };
    const api = createApiClient({ tokens, fetch });

    preloadData("/courses/cyber-safety/lessons/m1-l1", api);
    // Sent at once, before any screen asks.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(
      "/api/v1/courses/cyber-safety",
      expect.objectContaining({ headers: expect.objectContaining({ authorization: "Bearer access-1" }) }),
    );

    // The lesson screen's own request (features/offline/library.ts) gets that answer: still one request.
    expect(await api.request<CourseDetail>("/courses/cyber-safety")).toMatchObject({ id: "cyber-safety", progress: { completedLessons: ["m1-l1"] } });
    expect(fetch).toHaveBeenCalledTimes(1);
    // Taken once: the next request for it is a new one.
    await api.request("/courses/cyber-safety");
    expect(fetch).toHaveBeenCalledTimes(2);

    // Screens without a course ask for nothing early.
    preloadData("/progress", api);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("fetches the next lesson's pictures ahead while this one is read, and nothing beyond it", async () => {
    signIn("u-ahead");
    const fetch = vi.fn(async () => reply({ status: 200, body: course }));
    const ahead = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("<svg/>"));
    renderApp("/courses/cyber-safety/lessons/m1-l1", fetch);

    expect(await screen.findByRole("heading", { level: 1, name: "Giả danh công an" }, { timeout: 5000 })).toBeTruthy();
    await waitFor(() => expect(ahead).toHaveBeenCalledWith(picture.url, expect.anything()), { timeout: 4000 });
    expect(ahead.mock.calls.map(([url]) => String(url))).not.toContain(video.poster.url);
  });

  it("on the lesson before a video, fetches its poster and not the video", async () => {
    signIn("u-ahead-video");
    const fetch = vi.fn(async () => reply({ status: 200, body: course }));
    const ahead = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("x"));
    renderApp("/courses/cyber-safety/lessons/m1-l2", fetch);

    expect(await screen.findByRole("heading", { level: 1, name: "4 dấu hiệu" }, { timeout: 5000 })).toBeTruthy();
    await waitFor(() => expect(ahead).toHaveBeenCalledWith(video.poster.url, expect.anything()), { timeout: 4000 });
    expect(ahead.mock.calls.map(([url]) => String(url))).not.toContain(video.url);
  });
});

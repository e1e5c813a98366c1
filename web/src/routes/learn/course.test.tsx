import type { CourseDetail } from "@kns/core/model";
import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { loadCourse, storedCourse } from "../../features/offline/library";
import { createApiClient } from "../../lib/api";
import { reply, renderApp, type FakeReply } from "../../testing/render-app";
import { courseDetail } from "../../testing/course";

function signIn(id: string) {
  const user = { id, phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
}

/** A fetch that answers by method and path (an answer may be a promise, to keep it waiting), and records the requests. */
function serve(routes: Record<string, FakeReply | Promise<FakeReply> | ((body: unknown) => FakeReply)>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${String(input)}`;
    const route = routes[key];
    if (!route) return reply({ status: 404, body: { error: { code: "request.not_found", message: key } } });
    return reply(await (typeof route === "function" ? route(init?.body ? JSON.parse(String(init.body)) : undefined) : route));
  });
}

/** An answer the test gives when it chooses: the network is up but has not answered yet. */
function later() {
  let answer!: (value: FakeReply) => void;
  const promise = new Promise<FakeReply>((resolve) => (answer = resolve));
  return { promise, answer };
}

/** Puts `stored` on the phone as if the learner had opened the course before. */
async function keepOnPhone(userId: string, stored: CourseDetail) {
  const tokens = { current: () => ({ accessToken: "access-1", refreshToken: "refresh-1" }), save: () => undefined, clear: () => undefined };
  await loadCourse(userId, createApiClient({ tokens, fetch: serve({ "GET /api/v1/courses/cyber-safety": { status: 200, body: stored } }) }), "cyber-safety");
}

const image = { url: "/api/v1/media/0123456789abcdef0123456789abcdef.svg", alt: "Bốn dấu hiệu", width: 360, height: 640, bytes: 4598 };
const course = courseDetail({
  sizeBytes: 54_903,
  modules: [
    {
      id: "m1",
      title: "Nhận diện lừa đảo",
      estimatedMinutes: 8,
      quizId: "cyber-safety.m1",
      questionCount: 8,
      sizeBytes: 14_020,
      lessons: [
        { id: "m1-l1", title: "Giả danh công an", kind: "text", sizeBytes: 1837, html: "<p>Không chuyển tiền.</p>" },
        { id: "m1-l2", title: "4 dấu hiệu", kind: "image", sizeBytes: 4820, image, html: "<p>Nhớ bốn dấu hiệu.</p>" },
      ],
    },
  ],
  latestVersion: 2,
  newerVersions: [{ version: 2, changeSummary: "Thêm chiêu giả nhân viên điện lực", publishedAt: "2026-06-01T00:00:00.000Z", requiresRecertification: false }],
  progress: { percent: 33, completedLessons: ["m1-l1"], quizzes: {} },
});

describe("course and lesson screens", () => {
  it("lists modules with done ticks and sizes, offers the download with its size, and tells of a newer version", async () => {
    signIn("u-course");
    renderApp("/courses/cyber-safety", serve({ "GET /api/v1/courses/cyber-safety": { status: 200, body: course } }));

    expect(await screen.findByRole("heading", { level: 1, name: "An toàn trên không gian mạng" }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Tải về để học không cần mạng (0,05 MB)" })).toBeTruthy();
    const done = screen.getByRole("link", { name: /^Giả danh công an/ });
    expect(done.classList.contains("step--done")).toBe(true);
    expect(done.textContent).toContain("Bài đọc · 0,01 MB");
    expect(screen.getByRole("link", { name: /^4 dấu hiệu/ }).classList.contains("step--done")).toBe(false);
    expect(screen.getByRole("link", { name: /Bài kiểm tra · 8 câu/ })).toBeTruthy();
    expect(screen.getByText("Đã học 33%")).toBeTruthy();

    const notice = screen.getByRole("region", { name: "Đã có phiên bản mới (2) của khoá học" });
    expect(within(notice).getByText(/Thêm chiêu giả nhân viên điện lực/)).toBeTruthy();
    fireEvent.click(within(notice).getByRole("button", { name: "Đã đọc" }));
    expect(within(notice).queryByText(/Thêm chiêu giả nhân viên điện lực/)).toBeNull();
    expect(screen.getByRole("link", { name: "Học tiếp: 4 dấu hiệu" })).toBeTruthy();
  });

  it("completes a lesson through the outbox and moves on to the next one", async () => {
    signIn("u-lesson");
    const received: unknown[] = [];
    const fetch = serve({
      "GET /api/v1/courses/cyber-safety": { status: 200, body: course },
      "POST /api/v1/progress": (body) => {
        received.push(body);
        const events = (body as { events: { id: string }[] }).events;
        return { status: 200, body: { accepted: events.map((e) => e.id), rejected: [] } };
      },
    });
    const { history } = renderApp("/courses/cyber-safety/lessons/m1-l2", fetch);

    expect(await screen.findByRole("heading", { level: 1, name: "4 dấu hiệu" }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText("Phần 1 · Bài 2/2")).toBeTruthy();
    expect(screen.getByRole("img", { name: "Bốn dấu hiệu" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Hoàn thành" }));

    await waitFor(() => expect(history.get()).toBe("/courses/cyber-safety/quizzes/cyber-safety.m1"), { timeout: 5000 });
    await waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ events: [{ type: "lesson.completed", courseId: "cyber-safety", lessonId: "m1-l2" }] });
    expect(JSON.parse(localStorage.getItem("kns.resume.u-lesson") ?? "{}")).toEqual({ "cyber-safety": "m1-l2" });
  });

  it("shows the course kept on the phone at once, then the newer one from the network with its new-version notice", async () => {
    signIn("u-stale");
    const older = { ...course, title: "An toàn mạng (bản đã lưu)", newerVersions: [], latestVersion: 1 };
    await keepOnPhone("u-stale", older);
    const network = later();
    const fetch = serve({ "GET /api/v1/courses/cyber-safety": network.promise });
    renderApp("/courses/cyber-safety", fetch);

    // The network has not answered: the stored copy is on the screen anyway, with no "no network" note.
    expect(await screen.findByRole("heading", { level: 1, name: "An toàn mạng (bản đã lưu)" }, { timeout: 5000 })).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith("/api/v1/courses/cyber-safety", expect.anything());
    expect(screen.queryByRole("region", { name: /Đã có phiên bản mới/ })).toBeNull();
    expect(screen.queryByText(/Không có mạng/)).toBeNull();

    network.answer({ status: 200, body: course });
    expect(await screen.findByRole("heading", { level: 1, name: "An toàn trên không gian mạng" })).toBeTruthy();
    expect(screen.queryByText("An toàn mạng (bản đã lưu)")).toBeNull();
    expect(screen.getByRole("region", { name: "Đã có phiên bản mới (2) của khoá học" })).toBeTruthy();
    // …and kept for next time.
    await waitFor(async () => expect((await storedCourse("u-stale", "cyber-safety"))?.title).toBe("An toàn trên không gian mạng"));
  });

  it("opens a lesson from the stored course while the course screen is still waiting for the network", async () => {
    signIn("u-stale-lesson");
    await keepOnPhone("u-stale-lesson", course);
    const network = later();
    renderApp("/courses/cyber-safety", serve({ "GET /api/v1/courses/cyber-safety": network.promise }));

    fireEvent.click(await screen.findByRole("link", { name: /^4 dấu hiệu/ }, { timeout: 5000 }));
    expect(await screen.findByRole("heading", { level: 1, name: "4 dấu hiệu" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "Bốn dấu hiệu" })).toBeTruthy();

    network.answer({
      status: 200,
      body: {
        ...course,
        modules: [{ ...course.modules[0]!, lessons: [course.modules[0]!.lessons[0]!, { ...course.modules[0]!.lessons[1]!, title: "Bốn dấu hiệu lừa đảo" }] }],
      },
    });
    expect(await screen.findByRole("heading", { level: 1, name: "Bốn dấu hiệu lừa đảo" })).toBeTruthy();
  });
});

import { cleanup, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SESSION_KEY } from "../../lib/session-key";
import { buildBootScript } from "../../testing/boot-script";
import { courseDetail, courseModule } from "../../testing/course";
import { renderApp, reply } from "../../testing/render-app";
import { dropStoredLesson, forgetShownLesson, keepShownLesson, SHOWN_LESSON_PREFIX } from "./stored-lesson";

const USER = "u-lan";
const LESSON_PATH = "/courses/cyber-safety/lessons/m1-l2";

const course = courseDetail({
  sizeBytes: 10_000,
  modules: [
    courseModule({
      lessons: [
        { id: "m1-l1", title: "Giả danh công an", kind: "text", sizeBytes: 1837, html: "<p>Không chuyển tiền.</p>" },
        {
          id: "m1-l2",
          title: "Quét mã QR để trả tiền",
          kind: "image",
          sizeBytes: 4820,
          image: { url: "/api/v1/media/0123456789abcdef0123456789abcdef.svg", alt: "Mã QR ở quầy", width: 360, height: 640, bytes: 4598 },
          html: "<p>Kiểm tra <strong>tên người nhận</strong> trước khi bấm chuyển.</p>",
        },
      ],
    }),
  ],
});

/** The boot script as the build writes it (the stored lesson, then the screen's data and preloads), minified. */
function bootScript(): string {
  return buildBootScript().source;
}

function signIn(userId: string) {
  const user = { id: userId, phone: "0912000001", fullName: "Cầm Thị Lan", roles: ["member"], unitId: "u_1" };
  localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
}

/** A fresh start of the page at `path`, as the browser does it: an empty root, then the boot script. */
function start(path: string, userId?: string) {
  if (userId) signIn(userId);
  document.head.replaceChildren();
  document.body.innerHTML = '<div id="app"></div>';
  history.replaceState(null, "", path);
  new Function(bootScript())();
}

function keep(userId: string, lessonId: string, html: string) {
  localStorage.setItem(`${SHOWN_LESSON_PREFIX}${userId}`, JSON.stringify({ courseId: "cyber-safety", lessonId, html }));
}

const shown = () => document.querySelectorAll("[data-stored-lesson]");

beforeEach(() => {
  document.head.replaceChildren();
});

afterEach(() => {
  vi.restoreAllMocks();
  document.head.replaceChildren();
  document.body.replaceChildren();
});

describe("the lesson shown from the phone before the app has run", () => {
  it("is the page the lesson screen showed last time, on screen as soon as the boot script runs, until the app takes its place", async () => {
    signIn(USER);
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("<svg/>"));
    const app = renderApp(LESSON_PATH, async () => reply({ status: 200, body: course }));
    app.container.id = "app";
    await screen.findByRole("heading", { level: 1, name: "Quét mã QR để trả tiền" }, { timeout: 15_000 });
    // Kept once the page has been painted and the outbox read.
    await waitFor(() => expect(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`)).not.toBeNull());
    const kept = JSON.parse(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`) ?? "null");
    expect(kept).toMatchObject({ courseId: "cyber-safety", lessonId: "m1-l2" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const onScreen = app.container.innerHTML;
    cleanup();

    start(LESSON_PATH, USER);
    const root = document.getElementById("app")!;
    // Synchronously: nothing waits for the app's code, the network or IndexedDB.
    expect(root.innerHTML.replaceAll(/ data-stored-lesson=""| inert=""/g, "")).toBe(onScreen);
    expect(document.getElementById("lesson-title")?.textContent).toBe("Quét mã QR để trả tiền");
    expect(root.querySelector(".lesson--image .lesson__html")?.innerHTML).toBe("<p>Kiểm tra <strong>tên người nhận</strong> trước khi bấm chuyển.</p>");
    expect(root.querySelector<HTMLImageElement>(".lesson__figure img")?.getAttribute("src")).toBe("/api/v1/media/0123456789abcdef0123456789abcdef.svg");
    // Every part is marked (the app's styles hide what the app renders after it) and inert until then.
    expect([...root.children].map((node) => [node.tagName, node.hasAttribute("data-stored-lesson"), (node as HTMLElement).inert])).toEqual([
      ["HEADER", true, true],
      ["MAIN", true, true],
    ]);
    // The preload link for the lesson screen's CSS became its stylesheet.
    expect([...document.head.querySelectorAll("link")].filter((link) => link.getAttribute("href") === "/assets/lesson.css").map((link) => link.rel)).toEqual([
      "stylesheet",
    ]);

    // The app starts on the same page: once the lesson screen has the course, the copy is gone.
    const again = renderApp(LESSON_PATH, async () => reply({ status: 200, body: course }));
    root.append(again.container);
    await within(again.container).findByRole("button", { name: "Hoàn thành" }, { timeout: 15_000 });
    expect(shown()).toHaveLength(0);
    expect(screen.getAllByRole("heading", { level: 1, name: "Quét mã QR để trả tiền" })).toHaveLength(1);
  }, 30_000);

  it("leaves out of the copy what says how things are right now", () => {
    document.body.innerHTML =
      '<div id="app"><header class="top-bar"><p class="offline-banner" role="status">Không có mạng</p></header><main class="main"><p class="notice" role="status">Bản đã lưu</p><h1 id="lesson-title">Bài</h1></main></div>';
    keepShownLesson(USER, "cyber-safety", "m1-l2");
    expect(JSON.parse(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`)!).html).toBe(
      '<header class="top-bar"></header><main class="main"><h1 id="lesson-title">Bài</h1></main>',
    );
  });

  it("keeps one page per person, replaced by the next lesson shown, and none too long for localStorage", () => {
    document.body.innerHTML = '<div id="app"><main><h1 id="lesson-title">Một</h1></main></div>';
    keepShownLesson(USER, "cyber-safety", "m1-l1");
    keepShownLesson("u-other", "cyber-safety", "m1-l1");
    document.getElementById("lesson-title")!.textContent = "Hai";
    keepShownLesson(USER, "cyber-safety", "m1-l2");
    expect(JSON.parse(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`)!)).toMatchObject({
      lessonId: "m1-l2",
      html: '<main><h1 id="lesson-title">Hai</h1></main>',
    });
    expect(JSON.parse(localStorage.getItem(`${SHOWN_LESSON_PREFIX}u-other`)!)).toMatchObject({ lessonId: "m1-l1" });
    document.getElementById("lesson-title")!.textContent = "chữ ".repeat(60_000);
    keepShownLesson(USER, "cyber-safety", "m1-l2");
    expect(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`)).toBeNull();
  });

  it("shows nothing to another person on the same phone, for another lesson or course, or once the app is on screen", () => {
    keep(USER, "m1-l2", '<main><h1 id="lesson-title">Bài</h1></main>');
    start(LESSON_PATH, "u-someone-else");
    expect(shown()).toHaveLength(0);
    start("/courses/cyber-safety/lessons/m1-l1", USER);
    expect(shown()).toHaveLength(0);
    start("/courses/other/lessons/m1-l2", USER);
    expect(shown()).toHaveLength(0);
    start(`${LESSON_PATH}/`, USER);
    expect(shown()).toHaveLength(1);

    document.head.replaceChildren();
    document.body.innerHTML = '<div id="app"><header></header></div>';
    new Function(bootScript())();
    expect(shown()).toHaveLength(0);
    dropStoredLesson();
  });

  it("does nothing for a guest, at another address, or when what is stored is not what it keeps", () => {
    keep(USER, "m1-l2", '<main><h1 id="lesson-title">Bài</h1></main>');
    start(LESSON_PATH);
    expect(shown()).toHaveLength(0);
    for (const path of [
      "/",
      "/courses/cyber-safety",
      `${LESSON_PATH}/extra`,
      "/courses/cyber-safety/quizzes/m1-l2",
      "/courses/cyber-safety/lessons/%E0%A4%A",
    ]) {
      start(path, USER);
      expect(shown()).toHaveLength(0);
    }
    localStorage.setItem(SESSION_KEY, "{not json");
    start(LESSON_PATH);
    expect(shown()).toHaveLength(0);
    signIn(USER);
    for (const value of ["{not json", JSON.stringify({ courseId: "cyber-safety", lessonId: "m1-l2", html: 42 }), "null"]) {
      localStorage.setItem(`${SHOWN_LESSON_PREFIX}${USER}`, value);
      start(LESSON_PATH);
      expect(shown()).toHaveLength(0);
    }
  });

  it("goes by itself when the app fails on the way, or has not taken its place in 10 s", () => {
    vi.useFakeTimers();
    try {
      keep(USER, "m1-l2", '<main><h1 id="lesson-title">Bài</h1></main>');
      start(LESSON_PATH, USER);
      expect(shown()).toHaveLength(1);
      vi.advanceTimersByTime(9_000);
      expect(shown()).toHaveLength(1);
      vi.advanceTimersByTime(1_000);
      expect(shown()).toHaveLength(0);

      start(LESSON_PATH, USER);
      expect(shown()).toHaveLength(1);
      window.dispatchEvent(new Event("unhandledrejection"));
      expect(shown()).toHaveLength(0);

      start(LESSON_PATH, USER);
      window.dispatchEvent(new ErrorEvent("error", { message: "boom" }));
      expect(shown()).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is forgotten when the person signs out for good", () => {
    keep(USER, "m1-l2", '<main><h1 id="lesson-title">Bài</h1></main>');
    keep("u-other", "m1-l2", "<main></main>");
    forgetShownLesson(USER);
    expect(localStorage.getItem(`${SHOWN_LESSON_PREFIX}${USER}`)).toBeNull();
    expect(localStorage.getItem(`${SHOWN_LESSON_PREFIX}u-other`)).not.toBeNull();
  });
});

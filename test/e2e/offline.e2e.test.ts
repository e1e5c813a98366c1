import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { apiJson, findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));
const COURSE_ID = "payments";
const COURSE_TITLE = "Thanh toán không dùng tiền mặt";
const QUIZ_ID = "payments.m1";

let browser: Browser;
let context: BrowserContext;
let page: Page;

async function screenshot(name: string) {
  await keepScreenshot(page, { path: `${SCREENSHOTS}offline-${name}.png`, fullPage: true });
}

const api = <T>(method: string, path: string, token?: string, body?: unknown) => apiJson<T>(baseUrl, method, path, token, body);

describe.skipIf(!baseUrl)("learning offline on a 360 × 640 phone", () => {
  const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const password = "Hoc2026vui";

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A member of their own, so the attempt count below is this test's alone.
    await api("POST", "/auth/register", undefined, { phone, password, fullName: "Cầm Thị Lan", joinCode: "DEMO-SONLA", consent: true });
    browser = await launchBrowser(findChromium()!);
    context = await newPhoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("downloads a course, learns and takes a quiz offline, survives a reload, and syncs exactly once", async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Số điện thoại").fill(phone);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Xin chào, Cầm Thị Lan!" }).waitFor();
    // The service worker has installed and controls the page: the shell now loads with no network.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });

    // The home screen may list it twice: assigned by a campaign (another test sets one), and in the catalogue.
    await page.getByRole("link", { name: COURSE_TITLE, exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: COURSE_TITLE }).waitFor();
    await page.getByRole("button", { name: /^Tải về để học không cần mạng \(0,\d+ MB\)$/ }).click();
    await page.getByText(/Đã tải về điện thoại \(0,\d+ MB\)/).waitFor();
    await screenshot("01-downloaded");
    await checkAccessibility(page, "learner-course-downloaded");

    await context.setOffline(true);
    const firstLesson = page.locator(".steps").first().getByRole("link").first();
    const lessonTitle = (await firstLesson.locator(".step__title").textContent())!;
    await firstLesson.click();
    await page.getByRole("heading", { level: 1, name: lessonTitle }).waitFor();
    await page.getByText("Bạn đang không có mạng", { exact: false }).first().waitFor();
    await screenshot("02-lesson-offline");
    await checkAccessibility(page, "learner-lesson-offline");
    await page.getByRole("button", { name: "Hoàn thành" }).click();
    await page.waitForURL(/\/lessons\/(?!m1-l1)/);

    // Reopening the app on a lesson, offline: the boot script shows the copy of the lesson kept on the phone
    // before the app's code runs (features/offline/stored-lesson.ts; deferred scripts run in order, so always
    // first), and the app's lesson screen then takes its place.
    const nextTitle = (await page.locator("#lesson-title").textContent())!;
    await page.addInitScript(() => {
      // The copy's title once shown, and whether the app's own title was there when the copy went (a hand-over,
      // not a blank screen between them).
      const seen = { title: "", handedOver: undefined as boolean | undefined };
      Object.assign(window, { __storedLesson: seen });
      new MutationObserver(() => {
        seen.title ||= document.querySelector("[data-stored-lesson] #lesson-title")?.textContent ?? "";
        if (seen.title && seen.handedOver === undefined && !document.querySelector("[data-stored-lesson]"))
          seen.handedOver = document.querySelector("#lesson-title") !== null;
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    const storedLesson = () => page.evaluate(() => (window as unknown as { __storedLesson: { title: string; handedOver?: boolean } }).__storedLesson);
    await expect.poll(async () => (await storedLesson()).title).toBe(nextTitle);
    await page.locator("[data-stored-lesson]").first().waitFor({ state: "detached" });
    expect((await storedLesson()).handedOver).toBe(true);
    await page.getByRole("button", { name: "Hoàn thành" }).waitFor();
    expect(await page.getByRole("heading", { level: 1, name: nextTitle }).count()).toBe(1);

    await page.goto(`${baseUrl}/courses/${COURSE_ID}/quizzes/${QUIZ_ID}`);
    await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
    for (;;) {
      const question = page.locator(".quiz-question");
      const choice = question.locator(".option input").first();
      if (await choice.count()) await choice.check();
      else await question.locator(".spot__region").first().click();
      const submit = question.getByRole("button", { name: "Nộp bài" });
      if (await submit.count()) {
        await submit.click();
        break;
      }
      await question.getByRole("button", { name: "Câu tiếp ›" }).click();
    }
    await page.getByRole("heading", { name: "Đã lưu bài làm" }).waitFor();
    await page.locator(".attempt .tag--waiting").getByText("Đang chờ gửi", { exact: true }).waitFor();
    await checkAccessibility(page, "learner-quiz-saved-offline");

    // Closing and reopening the app offline: the shell comes from the service worker, the outbox from IndexedDB.
    await page.reload();
    await page.getByRole("heading", { name: "Đã lưu bài làm" }).waitFor();
    await page.getByRole("link", { name: /Chờ gửi/ }).click();
    await page.getByRole("heading", { level: 1, name: "Chờ gửi" }).waitFor();
    await page.getByText("2 mục đang chờ gửi.").waitFor();
    expect(await page.locator(".outbox-item .tag--waiting").count()).toBe(2);
    await page.getByRole("button", { name: "Gửi ngay" }).click();
    await page.getByText("Chưa có mạng. Các mục vẫn được giữ và sẽ tự gửi khi có mạng.").waitFor();
    await screenshot("03-outbox-waiting");
    await checkAccessibility(page, "learner-outbox-waiting");

    // Back online: the `online` event sends both, and the offline attempt's grade appears.
    await context.setOffline(false);
    await page.getByText("Không có mục nào đang chờ gửi.").waitFor({ timeout: 20_000 });
    await page.locator(".outbox-item .tag--graded").waitFor();
    await page.locator(".outbox-item .tag--sent").waitFor();
    await page.getByText(/^Kết quả \d+% – (Đạt|Chưa đạt)\./).waitFor();
    await screenshot("04-outbox-synced");
    await checkAccessibility(page, "learner-outbox-synced");

    // The server counted each exactly once, even after the reload and the manual "send now" while offline.
    const session = await api<{ accessToken: string }>("POST", "/auth/login", undefined, { phone, password });
    const course = await api<{
      modules: { lessons: { id: string; title: string }[] }[];
      progress: { completedLessons: string[]; quizzes: Record<string, { attempts: number }> };
    }>("GET", `/courses/${COURSE_ID}`, session.accessToken);
    const lessonId = course.modules[0]!.lessons.find((lesson) => lesson.title === lessonTitle)!.id;
    expect(course.progress.completedLessons).toEqual([lessonId]);
    expect(course.progress.quizzes[QUIZ_ID]?.attempts).toBe(1);

    await page.getByRole("link", { name: "Xem kết quả" }).click();
    await page.getByRole("heading", { name: /^Kết quả: \d+%$/ }).waitFor();
    await screenshot("05-offline-attempt-result");
    await checkAccessibility(page, "learner-quiz-offline-attempt-result");

    // The downloaded course on the downloads screen, with its size and the data saver.
    await page.goto(`${baseUrl}/downloads`);
    await page.locator(".download-item").filter({ hasText: COURSE_TITLE }).waitFor();
    await checkAccessibility(page, "learner-downloads");
  });
});

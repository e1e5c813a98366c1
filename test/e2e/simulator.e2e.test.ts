import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import {
  apiJson,
  findChromium,
  launchBrowser,
  newPhoneContext,
  playScenarioOnPage,
  type SeededScenario,
  seededScenarios,
  signInOnPage,
  keepScreenshot,
} from "./browser";

const baseUrl = inject("baseUrl");
/** The closing note's screenshots (issue 19): a scenario mid-call and its endings. */
const SHOTS = "/tmp/shots/";
const PASSWORD = "Lua2026dao";

let browser: Browser;
let context: BrowserContext;
let page: Page;

const api = <T>(method: string, path: string, token?: string, body?: unknown) => apiJson<T>(baseUrl, method, path, token, body);

/** The lessons the server counts as completed in a course, for this test's own member. */
async function completedLessons(phone: string, courseId: string): Promise<string[]> {
  const { accessToken } = await api<{ accessToken: string }>("POST", "/auth/login", undefined, { phone, password: PASSWORD });
  const course = await api<{ progress: { completedLessons: string[] } }>("GET", `/courses/${courseId}`, accessToken);
  return course.progress.completedLessons;
}

/** Nothing scrolls sideways, at the phone's text size and at twice it (a reader's large-text setting). */
async function checkNoSidewaysScroll() {
  for (const size of ["100%", "200%"]) {
    const overflow = await page.evaluate((fontSize) => {
      document.documentElement.style.fontSize = fontSize;
      return document.documentElement.scrollWidth - document.documentElement.clientWidth;
    }, size);
    expect(overflow, `sideways scroll at ${size} text`).toBeLessThanOrEqual(0);
  }
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "";
  });
}

const lessonUrl = (lesson: SeededScenario) => `${baseUrl}/courses/${lesson.courseId}/lessons/${lesson.lessonId}`;
const lessonDone = () => page.locator(".lesson-meta").getByText("✓ Đã hoàn thành");

describe.skipIf(!baseUrl)("the scam simulator on a 360 × 640 phone", () => {
  const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // A member of their own: the plays and completions below are this test's alone.
    await api("POST", "/auth/register", undefined, { phone, password: PASSWORD, fullName: "Quàng Thị Xuân", joinCode: "DEMO-SONLA", consent: true });
    browser = await launchBrowser(findChromium()!);
    context = await newPhoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("plays a call to the scam ending, then to the safe one, another scenario offline, and the server agrees", async () => {
    const scenarios = seededScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    const call =
      scenarios.find((s) => s.scenario.screen === "call" && /công an|viện kiểm sát/i.test(s.title)) ?? scenarios.find((s) => s.scenario.screen === "call");
    expect(call, "a seeded scenario that starts with a call").toBeDefined();
    const other = scenarios.find((s) => s !== call && s.scenario.screen !== "call") ?? scenarios.find((s) => s !== call)!;

    await signInOnPage(page, baseUrl, phone, PASSWORD);
    await page.getByRole("heading", { name: "Xin chào, Quàng Thị Xuân!" }).waitFor();
    // The service worker controls the page: the simulator's chunk is in its precache for the offline part below.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });

    // 1. The call, to the scam ending: what happened and why, the signs missed, and the lesson not done.
    await page.goto(lessonUrl(call!));
    await page.getByRole("heading", { level: 1, name: call!.title }).waitFor();
    const phoneScreen = page.getByRole("region", { name: /^Điện thoại giả lập/ });
    await phoneScreen.waitFor();
    await phoneScreen.getByText("Cuộc gọi đến").waitFor();
    expect(await page.getByRole("button", { name: "Hoàn thành" }).count()).toBe(0);
    // Mid-call: every step of the call on the way; the screenshot keeps the last one (the call under way).
    let midCall = false;
    const scam = await playScenarioOnPage(page, call!.scenario, "scammed", async () => {
      if (!(await page.locator(".sim-phone--call").count())) return;
      if (!midCall) {
        await checkNoSidewaysScroll();
        await checkAccessibility(page, "simulator-mid-call");
      }
      midCall = true;
      await keepScreenshot(page, { path: `${SHOTS}sim-mid-call.png`, fullPage: true });
    });
    expect(midCall, "a screen of the call to check and show").toBe(true);
    const ending = page.locator(".sim-ending");
    await ending.locator(".sim-ending__badge").filter({ hasText: "Bạn đã bị lừa" }).waitFor();
    await ending.getByText(scam.body.split("\n")[0]!, { exact: false }).waitFor();
    await ending.getByText("Lần này bạn đã bị lừa, nên bài học chưa hoàn thành. Hãy chơi lại và chọn cách an toàn.").waitFor();
    await ending.getByRole("heading", { level: 3, name: "Dấu hiệu bạn đã bỏ qua" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(scam.title);
    expect(await lessonDone().count()).toBe(0);
    await checkNoSidewaysScroll();
    await checkAccessibility(page, "simulator-ending-scammed");
    await keepScreenshot(page, { path: `${SHOTS}sim-ending-scammed.png`, fullPage: true });

    // 2. Play again, to the safe ending: the lesson is done on the phone at once, and on the server once sent.
    await ending.getByRole("button", { name: "Chơi lại" }).click();
    await phoneScreen.getByText("Cuộc gọi đến").waitFor();
    const safe = await playScenarioOnPage(page, call!.scenario, "safe");
    await ending.locator(".sim-ending__badge").filter({ hasText: "An toàn" }).waitFor();
    await ending.getByText("Bạn đã dừng lại đúng lúc. Bài học này đã hoàn thành.").waitFor();
    await ending.getByText(safe.body.split("\n")[0]!, { exact: false }).waitFor();
    await lessonDone().waitFor();
    await checkNoSidewaysScroll();
    await checkAccessibility(page, "simulator-ending-safe");
    await keepScreenshot(page, { path: `${SHOTS}sim-ending-safe.png`, fullPage: true });
    await expect.poll(() => completedLessons(phone, call!.courseId), { timeout: 20_000 }).toContain(call!.lessonId);

    // 3. Another scenario, with no network: opened once online (the course stays on the phone), then the app is
    // reopened offline: its shell and the simulator's chunk come from the service worker, the course from IndexedDB.
    await page.goto(lessonUrl(other));
    await page.getByRole("region", { name: /^Điện thoại giả lập/ }).waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: other.title }).waitFor();
    await page.getByRole("region", { name: /^Điện thoại giả lập/ }).waitFor();
    await playScenarioOnPage(page, other.scenario, "scammed");
    expect(await lessonDone().count()).toBe(0);
    await page.locator(".sim-ending").getByRole("button", { name: "Chơi lại" }).click();
    const otherSafe = await playScenarioOnPage(page, other.scenario, "safe");
    await lessonDone().waitFor();
    expect(await completedLessons(phone, other.courseId)).not.toContain(other.lessonId);

    await page.goto(`${baseUrl}/outbox`);
    await page.getByRole("heading", { level: 1, name: "Chờ gửi" }).waitFor();
    await page.getByText("2 mục đang chờ gửi.").waitFor();
    const plays = page.locator(".outbox-item").filter({ hasText: other.title });
    await plays.filter({ hasText: `Kết thúc: “${otherSafe.title}” Kết thúc an toàn: bài học được tính là hoàn thành.` }).waitFor();
    await plays.filter({ hasText: "Kết thúc bị lừa: bài học chưa hoàn thành." }).waitFor();
    await checkAccessibility(page, "simulator-outbox-offline");

    // Back online: both plays go; the safe one completes the lesson on the server, exactly as on the phone.
    await context.setOffline(false);
    await page.getByText("Không có mục nào đang chờ gửi.").waitFor({ timeout: 20_000 });
    expect(await completedLessons(phone, other.courseId)).toContain(other.lessonId);
    expect(await completedLessons(phone, call!.courseId)).toContain(call!.lessonId);
  });

  it("a trainer builds a scenario in the editor, sees a dead end until it is joined up, saves it and plays it in the preview", async () => {
    const trainer = await newPhoneContext(browser);
    const editor = await trainer.newPage();
    editor.on("dialog", (dialog) => void dialog.accept());
    try {
      const courseId = `e2e-mo-phong-${Date.now().toString(36)}`;
      await editor.goto(`${baseUrl}/sign-in?next=/trainer`);
      await editor.getByLabel("Số điện thoại").fill("0912000002");
      await editor.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
      await editor.getByRole("button", { name: "Đăng nhập" }).click();
      await editor.getByRole("heading", { name: "Soạn khoá học", level: 1 }).waitFor();
      await editor.getByRole("button", { name: "+ Tạo khoá học" }).click();
      await editor.getByLabel("Tên khoá học").fill("Tập nhận ra cuộc gọi lừa đảo");
      await editor.getByLabel("Mã khoá học").fill(courseId);
      await editor.getByLabel("Giới thiệu ngắn").fill("Chơi thử một cuộc gọi giả công an.");
      await editor.getByRole("button", { name: "Tạo và bắt đầu soạn" }).click();
      await editor.waitForURL(`**/trainer/courses/${courseId}`);
      await editor.getByRole("button", { name: "+ Thêm phần" }).click();
      await editor.getByLabel("Tên phần").fill("Cuộc gọi lạ");
      await editor.getByRole("button", { name: "+ Tình huống giả lập" }).click();

      const lesson = editor.getByRole("region", { name: "Bài học của phần 1" }).locator("li.t-item").first();
      const node = (name: RegExp) => lesson.locator("li.sc-node").filter({ has: editor.getByRole("heading", { level: 6, name }) });
      await lesson.getByLabel("Tên bài").fill("Cuộc gọi xưng là công an");
      await lesson.getByLabel("Người gọi hoặc người gửi").fill("0868 000 113");
      await node(/^Bước 1/)
        .getByLabel("Nội dung lời 1")
        .fill("Tôi là công an. Anh liên quan tới một vụ án.");
      await node(/^Bước 1/)
        .getByLabel("Lời của lựa chọn 1")
        .fill("Cúp máy");
      await node(/^Kết thúc 1/)
        .getByLabel("Tiêu đề kết thúc 1")
        .fill("Bạn đã an toàn");
      await node(/^Kết thúc 1/)
        .getByLabel("Chuyện gì đã xảy ra và vì sao (kết thúc 1)")
        .fill("Công an không làm việc qua điện thoại.");

      // A second step: at first nothing leads to it and it has no choice, and the editor says so beside it.
      await lesson.getByRole("button", { name: "+ Thêm bước" }).click();
      await node(/^Bước 2/)
        .getByText("Bước “s2” chưa có lựa chọn nào: người học sẽ bị kẹt ở đây.")
        .waitFor();
      await node(/^Bước 2/)
        .getByText("Không lựa chọn nào dẫn tới “s2”.")
        .waitFor();
      await node(/^Bước 2/)
        .getByLabel("Nội dung lời 1")
        .fill("Chuyển tiền vào tài khoản tạm giữ ngay.");
      await node(/^Bước 1/)
        .getByRole("button", { name: "+ Thêm lựa chọn" })
        .click();
      await node(/^Bước 1/)
        .getByLabel("Lời của lựa chọn 2")
        .fill("Nghe tiếp");
      await node(/^Bước 1/)
        .getByLabel("Lựa chọn 2 dẫn tới")
        .selectOption("s2");
      await node(/^Bước 2/)
        .getByRole("button", { name: "+ Thêm lựa chọn" })
        .click();
      await node(/^Bước 2/)
        .getByLabel("Việc người học làm (lựa chọn 1)")
        .selectOption("transfer");
      await node(/^Bước 2/)
        .getByLabel("Lời của lựa chọn 1")
        .fill("Chuyển tiền");
      await lesson.getByRole("button", { name: "+ Thêm kết thúc" }).click();
      await node(/^Kết thúc 2/)
        .getByLabel("Kết quả của kết thúc 2")
        .selectOption("scammed");
      await node(/^Kết thúc 2/)
        .getByLabel("Tiêu đề kết thúc 2")
        .fill("Bạn đã mất tiền");
      await node(/^Kết thúc 2/)
        .getByLabel("Chuyện gì đã xảy ra và vì sao (kết thúc 2)")
        .fill("Không có tài khoản tạm giữ nào.");
      await node(/^Bước 2/)
        .getByLabel("Lựa chọn 1 dẫn tới")
        .selectOption("e2");
      expect(await lesson.locator(".sc-problem").count()).toBe(0);
      expect(await editor.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await checkAccessibility(editor, "simulator-editor");
      await keepScreenshot(editor, { path: `${SHOTS}sim-editor.png`, fullPage: true });

      await editor.locator(".t-savebar").getByRole("button", { name: "Lưu nháp" }).click();
      await editor.getByText(/Đã lưu bản nháp \(lần 2\)/).waitFor();

      // The preview plays it as a learner would, to the scam ending, with nothing recorded.
      await lesson.getByRole("button", { name: "Chơi thử trên điện thoại" }).click();
      const preview = editor.getByTestId("phone-preview");
      await preview.getByRole("region", { name: "Điện thoại giả lập: 0868 000 113" }).waitFor();
      await preview.getByRole("button", { name: "Nghe tiếp", exact: true }).click();
      await preview.getByRole("button", { name: "Chuyển tiền", exact: true }).click();
      await preview.getByRole("heading", { level: 2, name: "Bạn đã mất tiền" }).waitFor();
      expect(await preview.getByText("Bài học chưa hoàn thành", { exact: false }).count()).toBe(0);
      await keepScreenshot(editor, { path: `${SHOTS}sim-editor-preview.png` });
    } finally {
      await trainer.close();
    }
  });
});

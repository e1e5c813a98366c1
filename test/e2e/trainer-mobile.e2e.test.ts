import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));

let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A phone screenshot as an SVG (the editor sends SVGs as they are): a header bar and a blue "link" band. */
const SCREENSHOT_SVG = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640" viewBox="0 0 360 640">` +
    `<rect width="360" height="640" fill="#ebf0ee"/><rect width="360" height="77" fill="#283c37"/>` +
    `<rect x="36" y="320" width="288" height="51" fill="#1e5ac8"/></svg>`,
);

const lessons = () => page.getByRole("region", { name: "Bài học của phần 1" }).locator("li.t-item");
const questions = () => page.locator(".t-quiz li.t-item");

/** Horizontal overflow of the whole page, in CSS pixels (0 when nothing sticks out). */
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Every control of the editor that is shown now and smaller than 24 × 24 px (WCAG 2.5.8), described. */
const smallTargets = () =>
  page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLElement>(
        ".t-editor :is(button, a[href], input, select, textarea, summary, [role=tab]), .t-editor label:has(> input[type=file])",
      ),
    )
      .filter((el) => {
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        // Shown; not one of the visually hidden file inputs (their label is the target, checked above); not a link
        // inside a sentence, which WCAG 2.5.8 exempts (the lesson text in the preview).
        return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && !(el.tagName === "A" && style.display === "inline");
      })
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width < 24 || box.height < 24;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`),
  );

/**
 * What a trainer at 360 × 640 must always have: nothing wider than the screen and every control big enough.
 * axe runs with the open tab scrolled to its top, where the tab buttons put it: mid-scroll, a field half under
 * the sticky tab bar counts as a target "partially obscured" to axe's target-size rule.
 */
async function expectPhoneLayout(screen: string) {
  expect(await overflow(), `horizontal overflow on ${screen}`).toBeLessThanOrEqual(0);
  expect(await smallTargets(), `controls under 24 px on ${screen}`).toEqual([]);
  await page.evaluate(() => {
    const tabs = document.querySelector<HTMLElement>(".t-tabs")!;
    const panel = document.querySelector<HTMLElement>(".t-panel--active")!;
    window.scrollTo({ top: window.scrollY + panel.getBoundingClientRect().top - tabs.offsetHeight - 8, behavior: "instant" });
  });
  await checkAccessibility(page, screen);
}

async function select(field: Locator, from: number, to: number) {
  await field.evaluate((el: HTMLTextAreaElement, [a, b]) => el.setSelectionRange(a!, b!), [from, to]);
}

describe.skipIf(!baseUrl)("a trainer writes a lesson and a quiz on a 360 × 640 phone", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
    context = await newPhoneContext(browser);
    page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("fits the screen with every kind of lesson and question, and formats text with the toolbar", async () => {
    const courseId = `e2e-dien-thoai-${Date.now().toString(36)}`;
    await page.goto(`${baseUrl}/sign-in?next=/trainer`);
    await page.getByLabel("Số điện thoại").fill("0912000002");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Soạn khoá học", level: 1 }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.getByRole("button", { name: "+ Tạo khoá học" }).click();
    await page.getByLabel("Tên khoá học").fill("Nhận biết lừa đảo trên điện thoại");
    await page.getByLabel("Mã khoá học").fill(courseId);
    await page.getByLabel("Giới thiệu ngắn").fill("Nhận ra cuộc gọi, tin nhắn giả và không làm theo.");
    await page.getByRole("button", { name: "Tạo và bắt đầu soạn" }).click();
    await page.waitForURL(`**/trainer/courses/${courseId}`);

    // A module with a long title: its header keeps the title readable and moves its buttons below it.
    await page.getByRole("button", { name: "+ Thêm phần" }).click();
    await page.getByLabel("Tên phần").fill("Nhận diện cuộc gọi và tin nhắn lừa đảo qua mạng xã hội");
    const moduleTitle = (await page.locator(".t-module__title").first().boundingBox())!;
    expect(moduleTitle.width).toBeGreaterThan(200);
    expect(moduleTitle.height).toBeLessThan(100);
    for (const button of await page.locator(".t-module__head .t-icon-button").all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    }

    // A reading lesson, formatted with the toolbar rather than typed Markdown.
    await page.getByRole("button", { name: "+ Bài đọc" }).click();
    const text = lessons().nth(0);
    await text.getByLabel("Tên bài").fill("Mã OTP là gì");
    const body = text.getByLabel("Nội dung (Markdown)");
    const toolbar = text.getByRole("toolbar", { name: "Định dạng chữ" });
    for (const button of await toolbar.getByRole("button").all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    }
    await body.fill("Mã OTP là mật khẩu dùng một lần.");
    await select(body, 10, 31);
    await toolbar.getByRole("button", { name: "Đậm" }).click();
    expect(await body.inputValue()).toBe("Mã OTP là **mật khẩu dùng một lần**.");
    await body.press("Control+End");
    await page.keyboard.type("\n\nKhông đọc mã cho ai\nKhông bấm đường dẫn lạ");
    const value = await body.inputValue();
    await select(body, value.indexOf("Không đọc"), value.length);
    await toolbar.getByRole("button", { name: "Danh sách" }).click();
    const listed = "Mã OTP là **mật khẩu dùng một lần**.\n\n- Không đọc mã cho ai\n- Không bấm đường dẫn lạ";
    expect(await body.inputValue()).toBe(listed);
    // One Ctrl+Z takes the formatting back, as it would a typed edit.
    await body.press("Control+z");
    expect(await body.inputValue()).toBe(value);
    await body.press("Control+Shift+z");
    expect(await body.inputValue()).toBe(listed);

    // A link through the small form, which must fit the phone too.
    await body.press("Control+End");
    await page.keyboard.type("\n\nTra cứu ở Cổng DVC.");
    const withLink = await body.inputValue();
    await select(body, withLink.indexOf("Cổng DVC"), withLink.indexOf("Cổng DVC") + "Cổng DVC".length);
    await toolbar.getByRole("button", { name: "Đường dẫn" }).click();
    await text.getByLabel("Địa chỉ trang web").fill("dichvucong.gov.vn");
    expect(await text.getByLabel("Chữ hiện ra (không bắt buộc)").inputValue()).toBe("Cổng DVC");
    await expectPhoneLayout("trainer-360-link-form");
    await text.getByRole("button", { name: "Chèn đường dẫn" }).click();
    expect(await body.inputValue()).toBe(`${listed}\n\nTra cứu ở [Cổng DVC](https://dichvucong.gov.vn).`);

    // The formatting help no longer widens the page, and its Vietnamese samples are in the text font.
    await text.getByText("Cách định dạng chữ").click();
    const sample = text.locator(".t-help__code", { hasText: "### Tiêu đề nhỏ" });
    await sample.waitFor();
    expect(await sample.evaluate((el) => getComputedStyle(el).fontFamily === getComputedStyle(document.body).fontFamily)).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);

    // The preview shows what the buttons wrote, as a learner will see it; then back to the same field.
    await toolbar.getByRole("button", { name: "Xem trước" }).click();
    const phone = page.getByTestId("phone-preview");
    await phone.locator("strong", { hasText: "mật khẩu dùng một lần" }).waitFor();
    await phone.locator("li", { hasText: "Không đọc mã cho ai" }).waitFor();
    await phone.getByRole("link", { name: "Cổng DVC" }).waitFor();
    await expectPhoneLayout("trainer-360-preview-text");
    await page.getByRole("button", { name: "← Quay lại chỗ đang soạn" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-path"))).toBe("modules.0.lessons.0.body");

    // The quiz: an ordering question and a spot-the-scam question.
    await page.getByRole("button", { name: /^Bài kiểm tra/ }).click();
    await page.getByRole("button", { name: "+ Xếp theo thứ tự" }).click();
    const ordering = questions().last();
    await ordering.getByLabel("Đề bài").fill("Xếp các bước khi nhận cuộc gọi tự xưng công an.");
    for (const [i, step] of ["Bình tĩnh, không làm theo", "Gác máy", "Gọi số đường dây nóng của công an xã"].entries()) {
      await ordering.getByLabel(`Nội dung bước ${i + 1}`).fill(step);
    }
    await ordering.getByLabel("Giải thích (bắt buộc)").fill("Công an không làm việc qua điện thoại.");

    await page.getByRole("button", { name: "+ Tìm dấu hiệu lừa đảo" }).click();
    const spot = questions().last();
    await spot.getByLabel("Đề bài").fill("Chạm vào chi tiết cho thấy đây là tin nhắn lừa đảo.");
    await spot.locator("input[type=file]").setInputFiles({ name: "tin-nhan.svg", mimeType: "image/svg+xml", buffer: SCREENSHOT_SVG });
    await spot.getByText(/Đã tải lên · \d+ (B|KB)/).waitFor();
    await spot.getByLabel("Mô tả hình (bắt buộc)").fill("Tin nhắn tự xưng ngân hàng, có một đường dẫn.");
    await spot.getByTestId("region-surface").waitFor();
    await spot.getByRole("button", { name: "+ Thêm vùng bằng toạ độ (không cần kéo)" }).click();
    await spot.getByLabel("Tên vùng 1").fill("Đường dẫn trong tin");
    await spot.getByLabel("Là dấu hiệu lừa đảo").check();
    await spot.getByRole("button", { name: "+ Thêm vùng bằng toạ độ (không cần kéo)" }).click();
    await spot.getByLabel("Tên vùng 2").fill("Tên người gửi");
    await spot.getByLabel("Giải thích (bắt buộc)").fill("Đường dẫn không phải trang của ngân hàng.");

    // Unsaved: the save bar is on the screen, whole, and saves.
    const bar = (await page.locator(".t-savebar").boundingBox())!;
    expect(bar.y).toBeGreaterThanOrEqual(0);
    expect(bar.y + bar.height).toBeLessThanOrEqual(640);
    expect(bar.x + bar.width).toBeLessThanOrEqual(360);
    await expectPhoneLayout("trainer-360-edit-quiz");
    await keepScreenshot(page, { path: `${SCREENSHOTS}trainer-mobile-quiz-360x640.png` });
    await page.locator(".t-savebar").getByRole("button", { name: "Lưu nháp" }).click();
    await page.getByText(/Đã lưu bản nháp \(lần 2\)/).waitFor();

    // The two questions in the preview tab.
    await page.getByRole("tab", { name: "Xem trước" }).click();
    await page.getByLabel("Xem bài hoặc câu hỏi").selectOption({ label: "Câu 1: Xếp các bước khi nhận cuộc gọi tự xưng công an." });
    await phone.getByText("Gác máy").waitFor();
    await expectPhoneLayout("trainer-360-preview-ordering");
    await page.getByLabel("Xem bài hoặc câu hỏi").selectOption({ label: "Câu 2: Chạm vào chi tiết cho thấy đây là tin nhắn lừa đảo." });
    await phone.getByRole("button", { name: /Đường dẫn trong tin/ }).waitFor();
    await expectPhoneLayout("trainer-360-preview-spot");
    await page.getByRole("tab", { name: /^Cần sửa/ }).click();
    await page.locator("#panel-problems").getByRole("heading", { name: "Cần sửa" }).waitFor();
    await expectPhoneLayout("trainer-360-problems");

    // Every other kind, open at once: a picture (from the toolbar's "Hình"), slides, video, audio and the choice questions.
    await page.getByRole("tab", { name: "Soạn" }).click();
    await toolbar.getByRole("button", { name: "Hình" }).click();
    await expect.poll(() => lessons().count()).toBe(2);
    expect(await lessons().nth(1).locator(".t-badge").textContent()).toBe("Hình minh hoạ");
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-path"))).toBe("modules.0.lessons.1.image.src");
    await page.getByRole("button", { name: "+ Trình chiếu" }).click();
    await lessons().nth(2).getByRole("button", { name: "+ Thêm trang chiếu" }).click();
    await page.getByRole("button", { name: "+ Video" }).click();
    await lessons().nth(3).getByRole("button", { name: "+ Thêm ảnh đại diện" }).click();
    await page.getByRole("button", { name: "+ Bài nghe" }).click();
    for (const kind of ["Chọn một", "Chọn nhiều", "Đúng / Sai"]) await page.getByRole("button", { name: `+ ${kind}` }).click();
    await lessons().nth(3).getByLabel("Hoặc đường dẫn video").fill("https://example.com/video-rat-dai-khong-co-cho-xuong-dong.mp4");
    await expectPhoneLayout("trainer-360-every-kind");
    for (const title of await page.locator(".t-module__title, .t-item__title").all()) {
      expect((await title.boundingBox())!.width).toBeGreaterThan(150);
    }
  });
});

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));

let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A real PNG drawn here (no image library): a grey phone screen with a dark header bar and a blue "link" band. */
function makePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const [r, g, b] =
        y < height * 0.12 ? [40, 60, 55] : y > height * 0.5 && y < height * 0.58 && x > width * 0.1 && x < width * 0.9 ? [30, 90, 200] : [235, 240, 238];
      rows.set([r, g, b], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function screenshot(name: string, fullPage = false) {
  await keepScreenshot(page, { path: `${SCREENSHOTS}${name}.png`, fullPage });
}

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

const lessons = () => page.getByRole("region", { name: "Bài học của phần 1" }).locator("li.t-item");
const questions = () => page.locator(".t-quiz li.t-item");

async function upload(scope: Locator, name: string, png: Buffer, nth = 0) {
  await scope.locator("input[type=file]").nth(nth).setInputFiles({ name, mimeType: "image/png", buffer: png });
  await scope
    .getByText(/Đã tải lên · \d+ (B|KB)/)
    .nth(nth)
    .waitFor();
}

async function addChoiceQuestion(kind: "Chọn một" | "Chọn nhiều" | "Đúng / Sai", prompt: string, options: string[], correct: number[], explanation: string) {
  await page.getByRole("button", { name: `+ ${kind}` }).click();
  const item = questions().last();
  await item.getByLabel("Đề bài").fill(prompt);
  for (const [i, text] of options.entries()) {
    if (kind !== "Đúng / Sai" && i >= 2) await item.getByRole("button", { name: "+ Thêm lựa chọn" }).click();
    if (kind !== "Đúng / Sai") await item.getByLabel(`Nội dung lựa chọn ${i + 1}`).fill(text);
  }
  for (const i of correct) await item.getByLabel(`Lựa chọn ${i + 1} là đáp án đúng`).check();
  await item.getByLabel("Giải thích (bắt buộc)").fill(explanation);
  await item.getByLabel("Thêm kỹ năng…").selectOption("dc-4.2");
}

/**
 * What a lesson needs to publish (docs/curriculum.md), given as a trainer would: a basic skill and a DigComp
 * competence from the list, a source, and "reviewed today".
 */
async function tagLesson(lesson: Locator, source: string) {
  await lesson.getByLabel("Thêm kỹ năng…").selectOption("cyber-safety");
  await lesson.getByLabel("Thêm kỹ năng…").selectOption("dc-4.2");
  await lesson.getByRole("button", { name: "Bỏ kỹ năng 4.2 Bảo vệ dữ liệu cá nhân và quyền riêng tư" }).waitFor();
  await lesson.getByRole("button", { name: "Thêm nguồn" }).click();
  await lesson.getByLabel("Tên nguồn 1").fill(source);
  await lesson.getByLabel("Địa chỉ trang của nguồn 1 (nếu có)").fill("https://canhbao.khonggianmang.vn");
  await lesson.getByRole("button", { name: "Đã rà soát hôm nay" }).click();
  await lesson.getByText("Còn trong hạn.").waitFor();
}

/** Drags on the drawing surface from one point to another, given as fractions of the shown image. */
async function drawRegion(surface: Locator, from: [number, number], to: [number, number]) {
  await surface.scrollIntoViewIfNeeded();
  const box = (await surface.boundingBox())!;
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from[0] + to[0]) / 2), box.y + box.height * ((from[1] + to[1]) / 2), { steps: 4 });
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
}

/** The second pair of eyes (docs/authoring.md): the demo national admin reviews every national course, as the trainer's are. */
const REVIEWER = "0912000006";

/** Another person signs in on their own browser, opens the review queue and approves the course's pending request. */
async function approveAsReviewer(title: string, summary: string, version: number) {
  const reviewerContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
  try {
    const reviewer = await reviewerContext.newPage();
    await reviewer.goto(`${baseUrl}/sign-in?next=/trainer/reviews`);
    await reviewer.getByLabel("Số điện thoại").fill(REVIEWER);
    await reviewer.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
    await reviewer.getByRole("button", { name: "Đăng nhập" }).click();
    await reviewer.getByRole("heading", { name: "Duyệt xuất bản", level: 1 }).waitFor();
    await reviewer.getByRole("link", { name: `Xem và duyệt “${title}”` }).click();
    await reviewer.getByRole("heading", { name: "Câu hỏi và đáp án thay đổi" }).waitFor();
    await reviewer.getByText(summary, { exact: true }).waitFor();
    await reviewer.getByText(version === 1 ? "Phiên bản đầu tiên: mọi nội dung đều mới." : `So với phiên bản ${version - 1} học viên đang học.`).waitFor();
    await reviewer.getByRole("button", { name: "Duyệt và xuất bản" }).click();
    await reviewer.getByText(`Đã duyệt. Phiên bản ${version} đã xuất bản cho học viên.`).waitFor();
  } finally {
    await reviewerContext.close();
  }
}

describe.skipIf(!baseUrl)("a trainer writes, previews and publishes a course", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
    page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("creates a course, is told what is missing, fixes it, previews at 360 × 640 and publishes v1 and v2 (each approved by a second person)", async () => {
    const courseId = `e2e-lua-dao-${Date.now().toString(36)}`;
    const png = makePng(360, 640);

    await page.goto(`${baseUrl}/sign-in?next=/trainer`);
    await page.getByLabel("Số điện thoại").fill("0912000002");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Soạn khoá học", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Soạn khoá học" }).first().waitFor();
    await checkAccessibility(page, "trainer-course-list");

    // New course.
    await page.getByRole("button", { name: "+ Tạo khoá học" }).click();
    await page.getByLabel("Tên khoá học").fill("Nhận biết tin nhắn lừa đảo");
    expect(await page.getByLabel("Mã khoá học").inputValue()).toBe("nhan-biet-tin-nhan-lua-dao");
    await page.getByLabel("Mã khoá học").fill(courseId);
    await page.getByLabel("Giới thiệu ngắn").fill("Nhận ra tin nhắn giả ngân hàng và không làm theo.");
    await checkAccessibility(page, "trainer-new-course-dialog");
    await page.getByRole("button", { name: "Tạo và bắt đầu soạn" }).click();
    await page.waitForURL(`**/trainer/courses/${courseId}`);
    await page.getByRole("heading", { name: "Nhận biết tin nhắn lừa đảo", level: 1 }).waitFor();

    // A module with a text lesson, an image lesson and a slides lesson.
    await page.getByRole("button", { name: "+ Thêm phần" }).click();
    await page.getByLabel("Tên phần").fill("Tin nhắn giả ngân hàng");
    await page.getByRole("button", { name: "+ Bài đọc" }).click();
    await lessons().nth(0).getByLabel("Tên bài").fill("Mã OTP là gì");
    await lessons()
      .nth(0)
      .getByLabel("Nội dung (Markdown)")
      .fill(
        "### Mã OTP\n\nMã OTP là **mật khẩu dùng một lần**.\n\n- Không đọc mã cho ai\n- Không nhập mã vào trang lạ\n\n> Ngân hàng không bao giờ hỏi mã OTP.",
      );

    await page.getByRole("button", { name: "+ Hình minh hoạ" }).click();
    const imageLesson = lessons().nth(1);
    await imageLesson.getByLabel("Tên bài").fill("Một tin nhắn giả");
    await upload(imageLesson, "tin-nhan.png", png);
    await imageLesson.getByLabel("Mô tả hình (bắt buộc)").fill("Tin nhắn báo tài khoản bị khoá, kèm đường dẫn lạ.");

    await page.getByRole("button", { name: "+ Trình chiếu" }).click();
    const slidesLesson = lessons().nth(2);
    await slidesLesson.getByLabel("Tên bài").fill("Ba bước kiểm tra");
    for (const [i, caption] of ["Xem ai gửi", "Xem đường dẫn"].entries()) {
      await slidesLesson.getByRole("button", { name: "+ Thêm trang chiếu" }).click();
      await upload(slidesLesson, `trang-${i + 1}.png`, png, i);
      await slidesLesson
        .getByLabel(`Mô tả hình (bắt buộc)`)
        .nth(i)
        .fill(`Trang ${i + 1}: ${caption}`);
      await slidesLesson.getByLabel("Chú thích (không bắt buộc)").nth(i).fill(caption);
    }

    // What each lesson teaches, where its facts come from, and that it was checked today.
    for (const i of [0, 1, 2]) await tagLesson(lessons().nth(i), "Cổng thông tin cảnh báo an toàn thông tin");

    // The quiz, four questions for now.
    await page.getByRole("button", { name: /^Bài kiểm tra/ }).click();
    await addChoiceQuestion(
      "Chọn một",
      "Ngân hàng nhắn xin mã OTP. Bạn làm gì?",
      ["Đọc mã cho họ", "Không đưa, gọi tổng đài ngân hàng"],
      [1],
      "Ngân hàng không bao giờ xin mã OTP.",
    );
    await addChoiceQuestion(
      "Chọn nhiều",
      "Dấu hiệu nào cho thấy tin nhắn đáng ngờ?",
      ["Giục làm ngay", "Đường dẫn lạ", "Có tên ngân hàng"],
      [0, 1],
      "Kẻ gian giục giã và gửi đường dẫn giả.",
    );
    await addChoiceQuestion("Đúng / Sai", "Mã OTP có thể đọc cho nhân viên ngân hàng.", [], [1], "Không ai được biết mã OTP của bạn.");
    await addChoiceQuestion(
      "Chọn một",
      "Lỡ bấm đường dẫn lạ, việc đầu tiên là gì?",
      ["Đổi mật khẩu, báo ngân hàng", "Chờ xem sao"],
      [0],
      "Báo sớm giúp chặn giao dịch.",
    );
    await page.getByRole("button", { name: "Lưu nháp" }).first().click();
    await page.getByText(/Đã lưu bản nháp \(lần 2\)/).waitFor();
    await checkAccessibility(page, "trainer-editor-edit");

    // Too early: the dialog lists what is missing, each entry leads to its place. The course issues certificates,
    // so its trainer asks for review rather than publishing alone (four-eyes publishing, docs/authoring.md).
    expect(await page.getByRole("button", { name: "Xuất bản…" }).count()).toBe(0);
    await page.getByRole("button", { name: "Gửi duyệt…" }).click();
    const dialog = page.getByRole("dialog", { name: "Gửi duyệt phiên bản mới" });
    await dialog.getByText("Chưa xuất bản được: còn 1 mục cần sửa.").waitFor();
    expect(await dialog.getByRole("button", { name: /Bài kiểm tra cần ít nhất 5 câu hỏi \(đang có 4\)/ }).isVisible()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Gửi duyệt", exact: true }).isDisabled()).toBe(true);
    await screenshot("trainer-publish-blocked-1280x800");
    await checkAccessibility(page, "trainer-publish-dialog-blocked");
    await dialog.getByRole("button", { name: /ít nhất 5 câu hỏi/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Câu hỏi (4)");

    // The fix: a spot-the-scam question with regions drawn on the screenshot.
    await page.getByRole("button", { name: "+ Tìm dấu hiệu lừa đảo" }).click();
    const spot = questions().last();
    await spot.getByLabel("Đề bài").fill("Chạm vào chi tiết cho thấy đây là tin nhắn lừa đảo.");
    await upload(spot, "man-hinh.png", png);
    await spot.getByLabel("Mô tả hình (bắt buộc)").fill("Tin nhắn tự xưng ngân hàng, có tên người gửi và một đường dẫn.");
    const surface = spot.getByTestId("region-surface");
    await surface.waitFor();
    await drawRegion(surface, [0.05, 0.01], [0.95, 0.11]);
    await spot.getByLabel("Tên vùng 1").fill("Tên người gửi");
    await drawRegion(surface, [0.1, 0.5], [0.9, 0.58]);
    await spot.getByLabel("Tên vùng 2").fill("Đường dẫn trong tin");
    await spot.locator(".t-region-row").nth(1).getByLabel("Là dấu hiệu lừa đảo").check();
    // Regions are stored in the image's pixels (360 × 640), whatever size it is shown at.
    const link = await spot.locator(".t-region-row").nth(1).locator("summary").textContent();
    const [x, y, w, h] = (link!.match(/\d+/g) ?? []).map(Number);
    expect(Math.abs(x! - 36)).toBeLessThanOrEqual(3);
    expect(Math.abs(y! - 320)).toBeLessThanOrEqual(3);
    expect(Math.abs(w! - 288)).toBeLessThanOrEqual(4);
    expect(Math.abs(h! - 51)).toBeLessThanOrEqual(4);
    await spot.getByLabel("Giải thích (bắt buộc)").fill("Đường dẫn không phải trang của ngân hàng: đó là dấu hiệu lừa đảo.");
    await spot.getByLabel("Thêm kỹ năng…").selectOption("cyber-safety");
    await page.getByText("✓ Không còn gì cần sửa. Khoá học sẵn sàng để xuất bản.").waitFor();
    await page.getByRole("button", { name: "Lưu nháp" }).first().click();
    await page.getByText(/Đã lưu bản nháp \(lần 3\)/).waitFor();
    expect(await page.getByText("Có thay đổi chưa lưu").count()).toBe(0);

    // The live preview: the learner's 360 × 640 screen, one lesson or question at a time.
    const phone = page.getByTestId("phone-preview");
    await page.getByLabel("Xem bài hoặc câu hỏi").selectOption({ label: "Bài 1: Mã OTP là gì" });
    await phone.getByRole("heading", { name: "Mã OTP là gì" }).waitFor();
    await phone.getByText("mật khẩu dùng một lần").waitFor();
    const screen = (await phone.locator(".t-phone__screen").boundingBox())!;
    expect([Math.round(screen.width), Math.round(screen.height)]).toEqual([360, 640]);
    await page.getByLabel("Xem bài hoặc câu hỏi").selectOption({ label: "Câu 5: Chạm vào chi tiết cho thấy đây là tin nhắn lừa đảo." });
    await phone.getByRole("button", { name: /Đường dẫn trong tin/ }).waitFor();
    // Show the drawn regions beside the learner's view of them.
    await surface.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 130));
    await screenshot("trainer-editor-1280x800");
    await checkAccessibility(page, "trainer-editor-spot-regions");

    await page.setViewportSize({ width: 360, height: 640 });
    await page.getByRole("tab", { name: "Xem trước" }).click();
    await page.getByLabel("Xem bài hoặc câu hỏi").selectOption({ label: "Bài 3: Ba bước kiểm tra" });
    await page.getByTestId("phone-preview").getByText("1/2").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await screenshot("trainer-preview-360x640");
    await checkAccessibility(page, "trainer-editor-preview-360");
    await page.getByRole("tab", { name: /^Cần sửa/ }).click();
    await page.getByText("✓ Không còn gì cần sửa. Khoá học sẵn sàng để xuất bản.").first().waitFor();
    await checkAccessibility(page, "trainer-editor-problems-360");
    await page.getByRole("tab", { name: "Soạn" }).click();
    await screenshot("trainer-editor-360x640");
    await checkAccessibility(page, "trainer-editor-edit-360");
    await page.setViewportSize({ width: 1280, height: 800 });

    // Ask for v1: nothing reaches learners until a second person approves.
    const learner = await api<{ accessToken: string }>("POST", "/auth/login", undefined, { phone: "0912000001", password: "Demo@2026" });
    const learnerSees = async () =>
      (await api<{ items: { id: string; version: number; title: string }[] }>("GET", "/courses", learner.json.accessToken)).json.items.find(
        (c) => c.id === courseId,
      );
    await page.getByRole("button", { name: "Gửi duyệt…" }).click();
    await dialog.getByLabel("Tóm tắt thay đổi (bắt buộc)").fill("Phiên bản đầu tiên");
    await checkAccessibility(page, "trainer-publish-dialog-ready");
    await dialog.getByRole("button", { name: "Gửi duyệt", exact: true }).click();
    await page.getByText("Đã gửi duyệt bản nháp lần 3. Học viên sẽ thấy phiên bản mới khi được duyệt.").waitFor();
    await page.getByRole("status").filter({ hasText: "Đang chờ duyệt (bản nháp lần 3)" }).waitFor();
    await checkAccessibility(page, "trainer-editor-pending");
    expect(await learnerSees()).toBeUndefined();

    // The national admin approves it; the trainer's editor then shows v1 in use, and the learner sees it in the catalogue.
    await approveAsReviewer("Nhận biết tin nhắn lừa đảo", "Phiên bản đầu tiên", 1);
    await page.reload();
    await page.getByText(/Đang dùng: phiên bản 1 \(/).waitFor();
    expect(await page.getByText(/Đang chờ duyệt/).count()).toBe(0);
    await checkAccessibility(page, "trainer-editor-published");
    expect(await learnerSees()).toMatchObject({ version: 1, title: "Nhận biết tin nhắn lừa đảo" });

    // An edit, asked for as v2 with a change summary (unsaved edits are saved first), approved, published as v2.
    // The reloaded editor starts with parts and lessons folded.
    await page.locator(".t-module__toggle").first().click();
    await lessons().nth(0).locator(".t-item__toggle").click();
    await lessons()
      .nth(0)
      .getByLabel("Nội dung (Markdown)")
      .fill("### Mã OTP\n\nMã OTP là **mật khẩu dùng một lần**. Kẻ gian giả nhân viên ngân hàng để xin mã.");
    await page.getByRole("button", { name: "Gửi duyệt…" }).click();
    await dialog.getByText("Thay đổi chưa lưu sẽ được lưu trước, rồi mới xuất bản.").waitFor();
    await dialog.getByLabel("Tóm tắt thay đổi (bắt buộc)").fill("Thêm kiểu giả nhân viên ngân hàng");
    await dialog.getByRole("button", { name: "Gửi duyệt", exact: true }).click();
    await page.getByText("Đã gửi duyệt bản nháp lần 4. Học viên sẽ thấy phiên bản mới khi được duyệt.").waitFor();
    expect((await learnerSees())?.version).toBe(1);
    await approveAsReviewer("Nhận biết tin nhắn lừa đảo", "Thêm kiểu giả nhân viên ngân hàng", 2);
    expect((await learnerSees())?.version).toBe(2);

    // The history shows both.
    await page.getByRole("link", { name: "Lịch sử phiên bản" }).click();
    await page.getByRole("heading", { name: "Phiên bản 2" }).waitFor();
    await page.getByRole("heading", { name: "Phiên bản 1" }).waitFor();
    await page.getByText("Thêm kiểu giả nhân viên ngân hàng").waitFor();
    await page.getByText("Phiên bản đầu tiên").waitFor();
    expect(await page.locator(".t-version").count()).toBe(2);
    await screenshot("trainer-history-1280x800");
    await checkAccessibility(page, "trainer-history");
    // The longest journey of the suite (authoring, preview, two reviews by a second person): more than the default 120 s on a busy machine.
  }, 300_000);
});

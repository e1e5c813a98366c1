import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SVG, testBundle } from "../fixtures/course";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

/**
 * Four-eyes publishing at 360 × 640 (docs/authoring.md): the demo trainer asks to publish a new version of a
 * Sơn La course, Sơn La's admin (a second person, admin of the course's scope) reads the diff and approves, and
 * the demo learner in Sơn La gets the new version. The admin finds the queue from the admin area (a commune admin, who
 * reviews nothing, does not).
 */
const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/issue17/", import.meta.url));

let browser: Browser;

async function api<T = any>(method: string, path: string, token?: string, body?: unknown, raw?: { text: string; type: string }) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(raw ? { "content-type": raw.type } : body ? { "content-type": "application/json" } : {}),
    },
    body: raw ? raw.text : body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

const token = async (phone: string) => (await api("POST", "/auth/login", undefined, { phone, password: "Demo@2026" })).json.accessToken as string;

async function signIn(page: Page, phone: string, next: string) {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

describe.skipIf(!baseUrl)("four-eyes publishing on a phone", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a trainer asks for review, Sơn La's admin reads the diff and approves, a Sơn La learner gets the new version", async () => {
    const courseId = `e2e-bon-mat-${Date.now().toString(36)}`;
    const trainer = await token("0912000002");
    const slaAdmin = await token("0912000003");

    // Version 1 of a Sơn La course, set up through the API (asked by the trainer, approved by the admin).
    const { format: _f, id: _i, changeSummary: _c, ...content } = testBundle(courseId, "Lừa đảo ở Sơn La");
    expect((await api("POST", "/authoring/courses", trainer, { id: courseId, owner: "sla", content: { ...content, modules: [] } })).status).toBe(201);
    const media = await api("POST", `/authoring/courses/${courseId}/media`, trainer, undefined, { text: new TextDecoder().decode(SVG), type: "image/svg+xml" });
    const full = JSON.parse(JSON.stringify(content).replaceAll("media/sms.svg", media.json.src));
    const saved = await api("PUT", `/authoring/courses/${courseId}/draft`, trainer, { content: full, baseRevision: 1 });
    const first = await api("POST", `/authoring/courses/${courseId}/publish-requests`, trainer, {
      changeSummary: "Phiên bản đầu tiên",
      draftRevision: saved.json.revision,
    });
    expect((await api("POST", `/authoring/publish-requests/${first.json.id}/approve`, slaAdmin)).json.version).toBe(1);

    // The trainer changes a right answer and asks for review on their phone.
    full.modules[0].quiz.questions[0].correctOptionIds = ["c"];
    full.title = "Lừa đảo ở Sơn La (cập nhật)";
    const edited = await api("PUT", `/authoring/courses/${courseId}/draft`, trainer, { content: full, baseRevision: saved.json.revision });
    expect(edited.status).toBe(200);

    const author = await (await newPhoneContext(browser)).newPage();
    author.on("dialog", (dialog) => void dialog.accept());
    await signIn(author, "0912000002", `/trainer/courses/${courseId}`);
    const ask = author.getByRole("button", { name: "Gửi duyệt…" });
    await ask.waitFor();
    await ask.click();
    const dialog = author.getByRole("dialog", { name: "Gửi duyệt phiên bản mới" });
    await dialog.getByLabel("Tóm tắt thay đổi (bắt buộc)").fill("Sửa đáp án câu 1 theo chiêu lừa mới");
    await checkAccessibility(author, "four-eyes-request-dialog");
    await keepScreenshot(author, { path: `${SCREENSHOTS}four-eyes-1-request-360x640.png` });
    await dialog.getByRole("button", { name: "Gửi duyệt", exact: true }).click();
    await author.getByText(/Đang chờ duyệt \(bản nháp lần \d+\)/).waitFor();
    await checkAccessibility(author, "four-eyes-pending");
    await keepScreenshot(author, { path: `${SCREENSHOTS}four-eyes-2-pending-360x640.png` });
    await author.context().close();

    // Sơn La's admin reviews: the queue, the summary, the changed question with its right answers, approve.
    // A commune's admin reviews nothing: no way in from the admin area.
    const communeAdmin = await (await newPhoneContext(browser)).newPage();
    await signIn(communeAdmin, "0912000007", "/admin");
    await communeAdmin.waitForURL("**/admin/units/sla-muongbu");
    await communeAdmin.getByRole("navigation", { name: "Các mục của đơn vị" }).waitFor();
    expect(await communeAdmin.getByRole("link", { name: "Duyệt xuất bản khoá học" }).count()).toBe(0);
    await communeAdmin.context().close();

    // Sơn La's admin finds the queue from the admin area, where they land.
    const reviewer = await (await newPhoneContext(browser)).newPage();
    await signIn(reviewer, "0912000003", "/admin");
    await reviewer.waitForURL("**/admin/units/sla");
    const toReviews = reviewer.getByRole("link", { name: "Duyệt xuất bản khoá học" });
    await toReviews.waitFor();
    expect((await toReviews.boundingBox())!.height).toBeGreaterThanOrEqual(24);
    await checkAccessibility(reviewer, "four-eyes-admin-link");
    await keepScreenshot(reviewer, { path: `${SCREENSHOTS}four-eyes-3a-admin-link-360x640.png` });
    await toReviews.click();
    await reviewer.waitForURL("**/trainer/reviews");
    await reviewer.getByRole("heading", { name: "Duyệt xuất bản", level: 1 }).waitFor();
    expect(await reviewer.getByRole("link", { name: "← Quản lý" }).getAttribute("href")).toBe("/admin");
    await reviewer.getByRole("link", { name: "Xem và duyệt “Lừa đảo ở Sơn La (cập nhật)”" }).click();
    await reviewer.getByRole("heading", { name: "Câu hỏi và đáp án thay đổi" }).waitFor();
    await reviewer.getByText("Tên khoá học: “Lừa đảo ở Sơn La” → “Lừa đảo ở Sơn La (cập nhật)”").waitFor();
    const changed = reviewer.locator(".r-question--changed");
    expect(await changed.count()).toBe(1);
    // Before and after, each with its right answer marked in words (for screen readers) and by a tick.
    expect(await changed.getByRole("img", { name: "Đáp án đúng" }).count()).toBe(2);
    expect((await changed.locator(".r-option--correct").allTextContents()).map((text) => text.replace("✓", "").trim())).toEqual([
      "Không bao giờ",
      "Có, nếu họ gọi từ ngân hàng",
    ]);
    await checkAccessibility(reviewer, "four-eyes-review");
    await keepScreenshot(reviewer, { path: `${SCREENSHOTS}four-eyes-3-review-360x640.png` });
    await changed.scrollIntoViewIfNeeded();
    await keepScreenshot(reviewer, { path: `${SCREENSHOTS}four-eyes-4-diff-360x640.png` });
    await reviewer.getByRole("button", { name: "Duyệt và xuất bản" }).click();
    await reviewer.getByText("Đã duyệt. Phiên bản 2 đã xuất bản cho học viên.").waitFor();
    await checkAccessibility(reviewer, "four-eyes-approved");
    await keepScreenshot(reviewer, { path: `${SCREENSHOTS}four-eyes-5-approved-360x640.png` });
    await reviewer.context().close();

    // The demo learner, in Sơn La, gets version 2.
    const learner = await (await newPhoneContext(browser)).newPage();
    await signIn(learner, "0912000001", `/courses/${courseId}`);
    await learner.getByRole("heading", { name: "Lừa đảo ở Sơn La (cập nhật)", level: 1 }).waitFor();
    await keepScreenshot(learner, { path: `${SCREENSHOTS}four-eyes-6-learner-360x640.png` });
    expect((await api("GET", `/courses/${courseId}`, await token("0912000001"))).json.version).toBe(2);
    await learner.context().close();
  });
});

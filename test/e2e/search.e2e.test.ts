import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { apiJson, DEMO_PASSWORD, findChromium, launchBrowser, newPhoneContext, signInOnPage, keepScreenshot } from "./browser";

/**
 * Issue 19's search on a 360 × 640 phone: a member types without diacritics ("dich vu cong", "nhan tien qr") and
 * finds the course and the lesson; offline, the same search answers from the index kept on the phone and says
 * which results need the network to open.
 */

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/issue19/", import.meta.url));
const MEMBER = `07${String(Date.now() % 1e8).padStart(8, "0")}`;

let browser: Browser;

describe.skipIf(!baseUrl)("searching the catalogue and lessons", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await apiJson(baseUrl, "POST", "/auth/register", undefined, {
      phone: MEMBER,
      password: DEMO_PASSWORD,
      fullName: "Lường Văn Tìm",
      joinCode: "DEMO-SONLA",
      consent: true,
    });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("finds courses and lessons without diacritics, online and offline", async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await signInOnPage(page, baseUrl, MEMBER);
    const box = page.getByLabel("Tìm khoá học, bài học");
    await box.waitFor();

    await box.fill("dich vu cong");
    const results = page.getByRole("region", { name: "Kết quả tìm kiếm" });
    await results.getByRole("link", { name: "Dịch vụ công trực tuyến" }).waitFor();
    await box.fill("nhan tien qr");
    const lesson = results.getByRole("link", { name: "Bán hàng nhận tiền qua mã QR" });
    await lesson.waitFor();
    await expect(results.getByText(/Tìm thấy \d+ kết quả/).isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await checkAccessibility(page, "search results");
    await keepScreenshot(page, { path: `${SCREENSHOTS}search-online-360.png`, fullPage: true });

    // Offline: the app and the index come from the phone.
    await context.setOffline(true);
    await page.reload();
    await box.waitFor();
    await box.fill("nhan tien qr");
    await lesson.waitFor();
    await results.getByText("Không có mạng: đang tìm trong bản lưu trên điện thoại", { exact: false }).waitFor();
    await expect(results.getByText("Chưa tải về máy: cần có mạng để mở.").first().isVisible()).resolves.toBe(true);
    await checkAccessibility(page, "search results offline");
    await keepScreenshot(page, { path: `${SCREENSHOTS}search-offline-360.png`, fullPage: true });

    await lesson.click();
    await page.waitForURL(/\/courses\/payments\/lessons\//);
    await context.close();
  });
});

import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SHOTS = fileURLToPath(new URL("../../test-results/issue17/", import.meta.url));

let browser: Browser;
let phone: BrowserContext;
let page: Page;

/** Every link, button and input on screen is at least 24 × 24 px, and the page never scrolls sideways at 360 px. */
async function checkLayout(target: Page) {
  const report = await target.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    small: Array.from(document.querySelectorAll<HTMLElement>("main a, main button, main input, header a, header button"))
      .filter((element) => element.getClientRects().length > 0 && !element.closest("p, li"))
      .map((element) => ({ element: element.outerHTML.slice(0, 100), ...element.getBoundingClientRect().toJSON() }))
      .filter(({ width, height }) => width < 24 || height < 24),
  }));
  expect(report.overflow).toBeLessThanOrEqual(0);
  expect(report.small).toEqual([]);
}

describe.skipIf(!baseUrl)("teams in bulk, on a phone", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
    phone = await newPhoneContext(browser, { acceptDownloads: true });
    page = await phone.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Số điện thoại").fill("0912000003");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
  });

  it("uploads a team list, previews its row errors, creates the teams and downloads the join code sheet", async () => {
    await page.goto(`${baseUrl}/admin/units/sla-muongbu`);
    await page.getByRole("heading", { name: "Mã tham gia của các tổ" }).waitFor();
    await page.getByRole("link", { name: "Tạo tổ hàng loạt" }).click();
    await page.getByRole("heading", { level: 1, name: "Tạo tổ hàng loạt" }).waitFor();
    await checkAccessibility(page, "teams-import");
    await checkLayout(page);

    const csv = [
      "Mã xã;Tên tổ;Tổ trưởng;Số điện thoại",
      "SLA-MUONGBU;Tổ CNSCĐ bản Phiêng Ngùa;Lò Văn Phiêng;0917100001",
      "SLA-MUONGBU;Tổ CNSCĐ bản Nà Sành;Cầm Thị Sành;0917 100 002",
      "DBN-MUONGPHANG;Tổ CNSCĐ bản Ngoài;Lò Văn Ngoài;0917100003",
    ].join("\n");
    await page
      .getByLabel("Tệp danh sách tổ (.csv hoặc .xlsx)")
      .setInputFiles({ name: "danh-sach-to.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`, "utf8") });
    await page.getByRole("heading", { name: "Kết quả kiểm tra (chưa tạo)" }).waitFor();
    await page.getByText("2 tổ mới sẽ được tạo").waitFor();
    const errors = page.getByRole("table", { name: "Các dòng có lỗi (sẽ không được tạo)" });
    const bad = errors.getByRole("row", { name: /Tổ CNSCĐ bản Ngoài/ });
    await bad.getByRole("cell", { name: "4", exact: true }).waitFor();
    await bad.getByText("0917100003").waitFor();
    await bad.getByText("Mã xã “DBN-MUONGPHANG” không phải xã bạn quản lý.").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}teams-preview-360.png`, fullPage: true });
    await checkAccessibility(page, "teams-import-preview");
    await checkLayout(page);

    await page.getByRole("button", { name: "Tạo 2 tổ" }).click();
    await page.getByRole("heading", { name: "Đã tạo xong" }).waitFor();
    await page.getByText("2 tổ mới đã được tạo").waitFor();
    await page.getByText("2 tổ trưởng mới (chờ kích hoạt)").waitFor();
    const teams = page.getByRole("table", { name: "Các tổ" });
    const codes = await teams.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(codes).toHaveLength(2);
    for (const code of codes) expect(code).toMatch(/^[A-Z0-9]+-[A-Z2-9]{6}$/);
    await keepScreenshot(page, { path: `${SHOTS}teams-done-360.png`, fullPage: true });
    await checkAccessibility(page, "teams-import-done");
    await checkLayout(page);

    await page.goto(`${baseUrl}/admin/units/sla-muongbu`);
    await page.getByRole("heading", { name: "Mã tham gia của các tổ" }).scrollIntoViewIfNeeded();
    await keepScreenshot(page, { path: `${SHOTS}commune-print-360.png`, fullPage: true });
    await checkAccessibility(page, "commune-with-print");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "In mã tham gia" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ma-tham-gia-[a-z0-9-]+\.pdf$/);
    await page.getByText("Đã tải tệp PDF mã tham gia.").waitFor();
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const flat = text.replace(/\s+/g, " ");
    for (const name of ["Tổ CNSCĐ bản Phiêng Ngùa", "Tổ CNSCĐ bản Nà Sành", ...codes]) expect(flat).toContain(name);
    expect(flat).toContain(`${baseUrl}/register?code=${codes[0]}`.slice(0, 30));
  });

  it("the same screen in English", async () => {
    await page.evaluate(() => localStorage.setItem("kns.language", "en"));
    await page.goto(`${baseUrl}/admin/teams/import`);
    await page.getByRole("heading", { level: 1, name: "Create teams in bulk" }).waitFor();
    await page.getByLabel("Team list (.csv or .xlsx)").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}teams-import-en-360.png`, fullPage: true });
    await checkAccessibility(page, "teams-import-en");
    await page.evaluate(() => localStorage.setItem("kns.language", "vi"));
  });
});

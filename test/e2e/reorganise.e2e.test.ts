import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

/**
 * Reorganisation through the screens (issue 17 item 4), on a phone: the Sơn La province admin merges one
 * commune into another and follows the job to the end; the province's figures stay the same, the merged
 * commune's page says where it went, and its old code still leads to the commune it joined. Archive and
 * rename/recode too. The communes are made here, so the demo communes other tests use are left alone.
 */

const baseUrl = inject("baseUrl");
const SHOTS = fileURLToPath(new URL("../../test-results/issue17/", import.meta.url));
const PROVINCE = "sla";

let browser: Browser;
let phone: BrowserContext;
let page: Page;

async function api<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A commune under the province with one team and one member who joined with the team's code. */
async function communeWithMember(token: string, id: string, name: string, team: string, member: { fullName: string; phone: string }) {
  await api("POST", `/admin/units/${PROVINCE}/children`, { token, body: { id, code: id.toUpperCase(), name, kind: "commune" } });
  await api("POST", `/admin/units/${id}/children`, { token, body: { id: `${id}-t1`, code: `${id.toUpperCase()}-T1`, name: team, kind: "team" } });
  const { joinCode } = await api<{ joinCode: string }>("POST", `/admin/units/${id}-t1/join-code`, { token, body: {} });
  await api("POST", "/auth/register", { body: { ...member, password: "Demo@2026", joinCode, consent: true } });
}

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

/** The province's headline figures as the dashboard shows them. */
async function provinceFigures(target: Page) {
  await target.goto(`${baseUrl}/admin/units/${PROVINCE}`);
  await target.locator("dl.stat-cards, .admin-error").first().waitFor();
  expect(await target.locator(".admin-error").allTextContents()).toEqual([]);
  return target.locator("dl.stat-cards").textContent();
}

describe.skipIf(!baseUrl)("reorganising units, on a phone", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { accessToken } = await api<{ accessToken: string }>("POST", "/auth/login", { body: { phone: "0912000003", password: "Demo@2026" } });
    await communeWithMember(accessToken, "e2e-gop-a", "Xã Thử Gộp Một", "Tổ bản Gộp Một", { fullName: "Lò Văn Gộp", phone: "0986500001" });
    await communeWithMember(accessToken, "e2e-gop-b", "Xã Thử Gộp Hai", "Tổ bản Gộp Hai", { fullName: "Cà Thị Hai", phone: "0986500002" });
    await api("POST", `/admin/units/${PROVINCE}/children`, {
      token: accessToken,
      body: { id: "e2e-trong", code: "E2E-TRONG", name: "Xã Thử Trống", kind: "commune" },
    });

    browser = await launchBrowser(findChromium()!);
    phone = await newPhoneContext(browser);
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

  it("merges one commune into another: summary, confirmation, progress, done; the province's figures stay the same", async () => {
    const before = await provinceFigures(page);
    expect(before).toMatch(/\d/);

    await page.goto(`${baseUrl}/admin/units/e2e-gop-a`);
    await page.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Sắp xếp lại" }).click();
    await page.getByRole("heading", { level: 2, name: "Sắp xếp lại đơn vị" }).waitFor();
    const merge = page.getByRole("region", { name: "Gộp vào đơn vị khác" });
    const picker = merge.getByRole("group", { name: "Gộp Xã Thử Gộp Một vào" });
    await picker.getByLabel("Lọc theo tên hoặc mã").fill("Gộp Hai");
    await checkAccessibility(page, "reorganise-pick");
    await checkLayout(page);
    // Only units of the same kind can be chosen: the province itself cannot.
    expect(await picker.getByRole("radio").first().isDisabled()).toBe(true);
    await picker.getByRole("radio", { name: /Xã Thử Gộp Hai/ }).check();
    await merge.getByRole("button", { name: "Xem những gì sẽ chuyển" }).click();

    const confirm = merge.getByRole("group", { name: "Gộp Xã Thử Gộp Một vào Xã Thử Gộp Hai?" });
    await confirm.getByText("1 đơn vị trực thuộc (tổ, bản…) chuyển sang Xã Thử Gộp Hai.").waitFor();
    await confirm.getByText(/^1 thành viên cùng 0 lượt hoàn thành khoá học/).waitFor();
    await confirm.getByText("Mã E2E-GOP-A vẫn dùng được: từ nay dẫn tới Xã Thử Gộp Hai.").waitFor();
    await confirm.getByText("Xã Thử Gộp Một được lưu trữ, không bị xoá. Việc gộp không hoàn tác được.").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}reorganise-merge-confirm-360.png`, fullPage: true });
    await checkAccessibility(page, "reorganise-merge-confirm");
    await checkLayout(page);

    await confirm.getByRole("button", { name: "Gộp vào Xã Thử Gộp Hai" }).click();
    // The bar shows from the job's start until its first report comes back.
    await merge.getByRole("progressbar", { name: /^Đang gộp vào Xã Thử Gộp Hai: \d+%$/ }).waitFor();
    await keepScreenshot(page, { path: `${SHOTS}reorganise-merge-progress-360.png`, fullPage: true });

    await merge.getByText("Đã gộp Xã Thử Gộp Một vào Xã Thử Gộp Hai.").waitFor({ timeout: 60_000 });
    await keepScreenshot(page, { path: `${SHOTS}reorganise-merge-done-360.png`, fullPage: true });
    await checkAccessibility(page, "reorganise-merge-done");
    await checkLayout(page);
    await merge.getByRole("link", { name: "Mở Xã Thử Gộp Hai" }).click();
    await page.getByRole("heading", { level: 1, name: "Xã Thử Gộp Hai" }).waitFor();
    const teams = page.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" });
    await teams.getByRole("link", { name: "Tổ bản Gộp Một" }).waitFor();
    await teams.getByRole("link", { name: "Tổ bản Gộp Hai" }).waitFor();

    expect(await provinceFigures(page)).toBe(before);
    const communes = page.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" });
    await communes.getByRole("link", { name: "Xã Thử Gộp Hai" }).waitFor();
    expect(await communes.getByRole("link", { name: "Xã Thử Gộp Một" }).count()).toBe(0);
  });

  it("the merged commune's page says where it went, and its old code leads to the commune it joined", async () => {
    await page.goto(`${baseUrl}/admin/units/e2e-gop-a`);
    await page.getByRole("heading", { level: 1, name: "Xã Thử Gộp Một" }).waitFor();
    const archived = page.getByRole("region", { name: "Đơn vị đã lưu trữ" });
    await archived.getByText(/^Đã gộp vào Xã Thử Gộp Hai ngày \d{2}\/\d{2}\/\d{4}\./).waitFor();
    await archived.getByRole("link", { name: "Mở Xã Thử Gộp Hai" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Các mục của đơn vị" }).count()).toBe(0);
    await keepScreenshot(page, { path: `${SHOTS}reorganise-archived-360.png`, fullPage: true });
    await checkAccessibility(page, "reorganise-archived");
    await checkLayout(page);

    await page.evaluate(() => localStorage.setItem("kns.language", "en"));
    await page.reload();
    await page
      .getByRole("region", { name: "Archived unit" })
      .getByText(/^Merged into Xã Thử Gộp Hai on \d{2}\/\d{2}\/\d{4}\./)
      .waitFor();
    await checkAccessibility(page, "reorganise-archived-en");
    await page.evaluate(() => localStorage.setItem("kns.language", "vi"));

    await page.goto(`${baseUrl}/admin/units/e2e-gop-b/reorganise`);
    await page.getByText("Các mã khác dẫn tới đơn vị này: E2E-GOP-A.").waitFor();

    // A team list written with the old commune code creates its teams in the commune it joined (a dry run only).
    await page.goto(`${baseUrl}/admin/teams/import`);
    const csv = ["Mã xã;Tên tổ;Tổ trưởng;Số điện thoại", "E2E-GOP-A;Tổ bản Gộp Mới;Lò Văn Mới;0986500009"].join("\n");
    await page
      .getByLabel("Tệp danh sách tổ (.csv hoặc .xlsx)")
      .setInputFiles({ name: "to-ma-cu.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`, "utf8") });
    await page.getByRole("heading", { name: "Kết quả kiểm tra (chưa tạo)" }).waitFor();
    await page.getByText("1 tổ mới sẽ được tạo").waitFor();
    await page
      .getByRole("table", { name: "Các tổ" })
      .getByText(/Xã Thử Gộp Hai/)
      .waitFor();
  });

  it("recodes a commune and keeps its earlier code; a code another unit holds is refused at the field", async () => {
    await page.goto(`${baseUrl}/admin/units/e2e-gop-b/reorganise`);
    const identity = page.getByRole("region", { name: "Đổi tên / mã" });
    await identity.getByText("Chưa đổi tên hay mã lần nào.").waitFor();
    const code = identity.getByLabel("Mã đơn vị");
    await code.fill("SLA-MUONGBU");
    await identity.getByRole("button", { name: "Lưu tên và mã" }).click();
    await identity.getByText("Mã này đã có đơn vị dùng hoặc từng dùng. Hãy chọn mã khác.").waitFor();
    expect(await code.getAttribute("aria-invalid")).toBe("true");
    await checkAccessibility(page, "reorganise-code-taken");

    await code.fill("e2e-gop-moi");
    await identity.getByRole("button", { name: "Lưu tên và mã" }).click();
    await identity.getByText("Đã lưu: Xã Thử Gộp Hai (E2E-GOP-MOI).").waitFor();
    await page.getByText("Xã, phường · Mã E2E-GOP-MOI").waitFor();
    await identity.getByText("Xã Thử Gộp Hai · E2E-GOP-B").waitFor();
    await identity.getByText("Các mã khác dẫn tới đơn vị này: E2E-GOP-A, E2E-GOP-B.").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}reorganise-identity-360.png`, fullPage: true });
    await checkAccessibility(page, "reorganise-identity");
    await checkLayout(page);
  });

  it("archives an empty commune after confirmation; a commune with members is not offered", async () => {
    await page.goto(`${baseUrl}/admin/units/e2e-gop-b/reorganise`);
    await page
      .getByRole("region", { name: "Lưu trữ" })
      .getByText("Chỉ lưu trữ được đơn vị trống. Xã Thử Gộp Hai còn đơn vị trực thuộc hoặc thành viên: hãy gộp hoặc chuyển đi trước.")
      .waitFor();

    await page.goto(`${baseUrl}/admin/units/e2e-trong/reorganise`);
    const archive = page.getByRole("region", { name: "Lưu trữ" });
    await archive.getByRole("button", { name: "Lưu trữ Xã Thử Trống" }).click();
    const confirm = archive.getByRole("group", { name: "Lưu trữ Xã Thử Trống? Đơn vị sẽ không còn hiện trong danh sách." });
    await checkAccessibility(page, "reorganise-archive-confirm");
    await confirm.getByRole("button", { name: "Lưu trữ", exact: true }).click();
    await page
      .getByRole("region", { name: "Đơn vị đã lưu trữ" })
      .getByText(/^Đã lưu trữ ngày \d{2}\/\d{2}\/\d{4}\./)
      .waitFor();
    await checkAccessibility(page, "reorganise-archived-empty");
  });
});

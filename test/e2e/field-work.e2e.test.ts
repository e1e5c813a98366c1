import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { apiJson, findChromium, launchBrowser, newPhoneContext, signInOnPage, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/issue18/", import.meta.url));
const TEAM = "sla-muongbu-banbo";
const COMMUNE = "sla-muongbu";
const PASSWORD = "Demo@2026";

let browser: Browser;
const contexts: BrowserContext[] = [];

const api = <T>(method: string, path: string, token?: string, body?: unknown) => apiJson<T>(baseUrl, method, path, token, body);

const tokenOf = async (phone: string) => (await api<{ accessToken: string }>("POST", "/auth/login", undefined, { phone, password: PASSWORD })).accessToken;

interface Figures {
  teamMonth: { people: number; sessions: number };
  teamHelped: number;
  commune: number;
  communeInProvince: number;
}

/** What the team leader, the commune admin and the province admin see, read through the API. */
async function figures(tokens: { leader: string; commune: string; province: string }): Promise<Figures> {
  type Report = { unit: { helped: number }; children: { unitId: string; helped: number }[] };
  const [month, communeReport, provinceReport] = await Promise.all([
    api<{ people: number; sessions: number }>("GET", `/admin/units/${TEAM}/field-work`, tokens.leader),
    api<Report>("GET", `/admin/units/${COMMUNE}/report`, tokens.commune),
    api<Report>("GET", "/admin/units/sla/report", tokens.province),
  ]);
  return {
    teamMonth: { people: month.people, sessions: month.sessions },
    teamHelped: communeReport.children.find((c) => c.unitId === TEAM)!.helped,
    commune: communeReport.unit.helped,
    communeInProvince: provinceReport.children.find((c) => c.unitId === COMMUNE)!.helped,
  };
}

const signIn = (page: Page, phone: string) => signInOnPage(page, baseUrl, phone);

async function phonePage() {
  const context = await newPhoneContext(browser);
  contexts.push(context);
  return { context, page: await context.newPage() };
}

describe.skipIf(!baseUrl)("field work on a 360 × 640 phone", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it("a member records two help sessions offline and syncs; the team, commune and province go up by exactly that", async () => {
    const tokens = { leader: await tokenOf("0912000005"), commune: await tokenOf("0912000007"), province: await tokenOf("0912000003") };
    const before = await figures(tokens);

    const { context, page } = await phonePage();
    await signIn(page, "0912000001");
    await page.getByRole("heading", { name: /^Xin chào/ }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    await keepScreenshot(page, { path: `${SCREENSHOTS}01-home.png` });
    await page.getByRole("link", { name: /Ghi lại lần hướng dẫn/ }).click();
    await page.getByRole("heading", { level: 1, name: "Hướng dẫn người dân" }).waitFor();
    await checkAccessibility(page, "field-work-form");

    await context.setOffline(true);
    // First: 3 households paid a bill without cash, in bản Bó (the stepper from 1 to 3).
    await page.getByText("Thanh toán trực tuyến", { exact: true }).click();
    await page.getByLabel("Trả hoá đơn không dùng tiền mặt").check();
    await page.getByRole("button", { name: "Thêm một" }).click();
    await page.getByRole("button", { name: "Thêm một" }).click();
    await expect.poll(() => page.getByLabel("Số người hoặc số hộ").inputValue()).toBe("3");
    await page.getByLabel("Thôn, bản, tổ dân phố (không bắt buộc)").fill("Bản Bó");
    await keepScreenshot(page, { path: `${SCREENSHOTS}02-form-offline.png`, fullPage: true });
    await page.getByRole("button", { name: "Lưu lần hướng dẫn" }).click();
    await page.getByRole("status").getByText("Đã lưu. Máy sẽ tự gửi khi có mạng.").waitFor();

    // A name without the resident's consent is refused on the phone, before anything is queued.
    await page.getByText("Dịch vụ công trực tuyến", { exact: true }).click();
    await page.getByLabel("Cài VNeID và kích hoạt mức 2").check();
    await page.getByLabel("Số người hoặc số hộ").fill("5");
    await page.getByLabel("Ghi tên hoặc số điện thoại người dân (không bắt buộc)").check();
    await page.getByLabel("Tên người dân").fill("Lò Văn Tâm");
    await page.getByRole("button", { name: "Lưu lần hướng dẫn" }).click();
    await page.getByText("Chỉ ghi tên hoặc số điện thoại khi người dân đồng ý", { exact: false }).waitFor();
    await page.getByLabel("Tên người dân").fill("");
    await page.getByRole("button", { name: "Lưu lần hướng dẫn" }).click();
    await page.getByRole("status").getByText("Đã lưu. Máy sẽ tự gửi khi có mạng.").waitFor();

    const entries = page.locator(".fw-entry");
    await expect.poll(() => entries.filter({ hasText: "Chờ gửi" }).count()).toBe(2);
    await keepScreenshot(page, { path: `${SCREENSHOTS}03-waiting-offline.png`, fullPage: true });
    await checkAccessibility(page, "field-work-offline-list");
    // Nothing reached the server while offline.
    expect(await figures(tokens)).toEqual(before);

    await context.setOffline(false);
    // Both are sent; the list may hold this member's earlier records too (other browser tests record help).
    await expect.poll(() => entries.filter({ hasText: "Chờ gửi" }).count(), { timeout: 30_000 }).toBe(0);
    expect(await entries.filter({ hasText: "Đã gửi" }).count()).toBeGreaterThanOrEqual(2);
    await keepScreenshot(page, { path: `${SCREENSHOTS}04-sent.png`, fullPage: true });

    // Sending again (the app coming back to view) changes nothing: each record is counted once.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Hướng dẫn người dân" }).waitFor();
    const after = await figures(tokens);
    expect(after).toEqual({
      teamMonth: { people: before.teamMonth.people + 8, sessions: before.teamMonth.sessions + 2 },
      teamHelped: before.teamHelped + 8,
      commune: before.commune + 8,
      communeInProvince: before.communeInProvince + 8,
    });
  });

  it("the team leader sees the team's month; the commune admin sees 'Đã hướng dẫn' per team at 360 px", async () => {
    const leader = await phonePage();
    await signIn(leader.page, "0912000005");
    await leader.page.waitForURL(/\/admin/);
    await leader.page.goto(`${baseUrl}/admin/units/${TEAM}`);
    const panel = leader.page.locator(".field-work-panel");
    await panel.getByRole("heading", { name: /^Hướng dẫn người dân tháng/ }).waitFor();
    const month = await api<{ people: number }>("GET", `/admin/units/${TEAM}/field-work`, await tokenOf("0912000005"));
    expect(await panel.locator("[data-figure='people']").textContent()).toBe(String(month.people));
    await panel.getByRole("table", { name: "Theo kỹ năng" }).getByText("Thanh toán trực tuyến").waitFor();
    await panel.scrollIntoViewIfNeeded();
    await keepScreenshot(leader.page, { path: `${SCREENSHOTS}05-team-leader-month.png`, fullPage: true });
    await checkAccessibility(leader.page, "field-work-team-month");

    const commune = await phonePage();
    await signIn(commune.page, "0912000007");
    await commune.page.waitForURL(/\/admin/);
    await commune.page.goto(`${baseUrl}/admin/units/${COMMUNE}`);
    await commune.page.getByRole("columnheader", { name: /Đã hướng dẫn/ }).waitFor();
    const row = commune.page.getByRole("row").filter({ hasText: "Tổ CNSCĐ bản Bó" });
    const report = await api<{ children: { unitId: string; helped: number }[] }>("GET", `/admin/units/${COMMUNE}/report`, await tokenOf("0912000007"));
    await row
      .getByRole("cell", { name: String(report.children.find((c) => c.unitId === TEAM)!.helped), exact: true })
      .first()
      .waitFor();
    await keepScreenshot(commune.page, { path: `${SCREENSHOTS}06-commune-dashboard.png`, fullPage: true });
    await checkAccessibility(commune.page, "field-work-commune-dashboard");
  });
});

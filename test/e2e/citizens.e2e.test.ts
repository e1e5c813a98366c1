import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SHOTS = fileURLToPath(new URL("../../test-results/issue17/", import.meta.url));
const PASSWORD = "Nguoi-dan-2026";
const CITIZENS_COURSE = "Tự bảo vệ mình trên mạng (dành cho người dân)";

let browser: Browser;
const contexts: BrowserContext[] = [];

async function phone(): Promise<Page> {
  const context = await newPhoneContext(browser);
  contexts.push(context);
  return context.newPage();
}

const randomPhone = () => `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

async function signIn(page: Page, phoneNumber: string, password = "Demo@2026") {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Số điện thoại").fill(phoneNumber);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

/**
 * Learner and registration screens: every control a thumb aims at is at least 44 × 44 px (a radio button or a
 * checkbox through its label), links inside running text aside, and the page never scrolls sideways at 360 px.
 */
async function checkPhoneLayout(page: Page) {
  const report = await page.evaluate(() => {
    const inRunningText = (element: HTMLElement) => {
      if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
      const block = element.parentElement;
      return Boolean(block && (block.textContent ?? "").trim().length > (element.textContent ?? "").trim().length);
    };
    const targets = Array.from(document.querySelectorAll<HTMLElement>("main a[href], main button, main select, main input"))
      .map((element) => (element instanceof HTMLInputElement && (element.type === "radio" || element.type === "checkbox") ? element.closest("label") : element))
      .filter((element): element is HTMLElement => Boolean(element) && element!.getClientRects().length > 0 && !inRunningText(element!));
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      small: targets
        .map((element) => ({
          element: element.outerHTML.slice(0, 100),
          width: Math.round(element.getBoundingClientRect().width),
          height: Math.round(element.getBoundingClientRect().height),
        }))
        .filter(({ width, height }) => width < 44 || height < 44),
    };
  });
  expect(report.overflow).toBeLessThanOrEqual(0);
  expect(report.small).toEqual([]);
}

/** The province, then the commune typed without diacritics; exactly one commune answers "muong bu". */
async function pickMuongBu(page: Page) {
  await page.getByLabel("Tỉnh, thành phố").selectOption({ label: "Tỉnh Sơn La" });
  await page.getByLabel("Tìm xã, phường, đặc khu").fill("muong bu");
  const results = page.getByRole("group", { name: "Xã, phường nơi bạn sống" });
  await results.getByRole("radio", { name: "Xã Mường Bú" }).waitFor();
  expect(await results.getByRole("radio").count()).toBe(1);
  await page.getByRole("status").getByText("1 nơi khớp.").waitFor();
}

/** The "Người dân" cell of Xã Mường Bú in the Sơn La admin's table of communes. */
async function muongBuCitizensCell(page: Page) {
  await page.goto(`${baseUrl}/admin/units/sla`);
  const table = page.getByRole("region", { name: "Kết quả theo đơn vị trực thuộc" });
  const row = table.locator('tr[data-key="sla-muongbu"]');
  await row.waitFor();
  const headers = await table.locator("thead th").allTextContents();
  const column = headers.findIndex((text) => text.startsWith("Người dân"));
  expect(column).toBeGreaterThan(0);
  return row.locator("th, td").nth(column);
}
const muongBuCitizens = async (page: Page) => Number((await (await muongBuCitizensCell(page)).textContent())?.replace(/\D/g, ""));

/** The seeded citizens' versions: every bundle in content/courses/ whose audience is "citizens". */
function citizensCourses(): string[] {
  const dir = new URL("../../content/courses/", import.meta.url);
  return readdirSync(dir).filter((id) => {
    const file = new URL(`${id}/course.json`, dir);
    return existsSync(file) && JSON.parse(readFileSync(file, "utf8")).audience === "citizens";
  });
}

describe.skipIf(!baseUrl)("citizens as learners, on a phone", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lets a resident register without a team code, picking Sơn La and typing “muong bu”, and shows the citizens' catalogue", async () => {
    const page = await phone();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Đăng ký", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Đăng ký tài khoản" }).waitFor();
    await checkAccessibility(page, "citizens-register-choice");
    await checkPhoneLayout(page);
    await keepScreenshot(page, { path: `${SHOTS}citizens-01-register-choice-360.png`, fullPage: true });

    await page.getByRole("link", { name: "Tôi là người dân" }).click();
    await page.getByRole("heading", { level: 1, name: "Đăng ký tài khoản người dân" }).waitFor();
    await page.getByRole("option", { name: "Tỉnh Sơn La" }).waitFor({ state: "attached" });
    await checkAccessibility(page, "citizens-register-resident");

    await page.getByLabel("Tỉnh, thành phố").selectOption({ label: "Tỉnh Sơn La" });
    // Sơn La's communes (the official 75, and any other tests made in this shared database): the first 8 are
    // listed, typing narrows them.
    const communes = (await (await fetch(`${baseUrl}/api/v1/units/provinces/14/communes`)).json()).items.length as number;
    expect(communes).toBeGreaterThanOrEqual(75);
    await page
      .getByRole("status")
      .getByText(`${communes} nơi khớp. Còn ${communes - 8} nơi khác: gõ thêm để thu hẹp.`)
      .waitFor();
    await page.getByLabel("Tìm xã, phường, đặc khu").fill("muong bu");
    const results = page.getByRole("group", { name: "Xã, phường nơi bạn sống" });
    await results.getByRole("radio", { name: "Xã Mường Bú" }).waitFor();
    expect(await results.getByRole("radio").count()).toBe(1);
    await page.getByRole("status").getByText("1 nơi khớp.").waitFor();
    await checkAccessibility(page, "citizens-picker-muong-bu");
    await checkPhoneLayout(page);
    await page.getByRole("heading", { level: 1 }).scrollIntoViewIfNeeded();
    await keepScreenshot(page, { path: `${SHOTS}citizens-02-picker-muong-bu-360.png` });

    // Sent before choosing: the message is at the commune's field, on screen and focused.
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await page.getByText("Hãy chọn xã, phường: gõ tên rồi chọn trong danh sách.").waitFor();
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement;
      const box = element.getBoundingClientRect();
      return { name: element.name, invalid: element.getAttribute("aria-invalid"), inView: box.top >= 0 && box.bottom <= window.innerHeight };
    });
    expect(focused).toEqual({ name: "communeSearch", invalid: "true", inView: true });
    await checkAccessibility(page, "citizens-register-errors");
    await page.getByRole("radio", { name: "Xã Mường Bú" }).check();

    await page.getByLabel("Họ và tên").fill("Lò Văn Dân");
    await page.getByLabel("Số điện thoại").fill(randomPhone());
    await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
    await page.getByRole("checkbox", { name: /Tôi đồng ý/ }).check();
    expect(await page.locator(".field__error").count()).toBe(0);
    await page.getByRole("button", { name: "Đăng ký" }).click();

    await page.getByRole("heading", { level: 1, name: "Xin chào, Lò Văn Dân!" }).waitFor();
    await page.getByText("Vai trò: Người dân").waitFor();
    await page.getByRole("link", { name: CITIZENS_COURSE }).waitFor();
    // Only the citizens' courses (every seeded bundle for audience "citizens"), and none of a team member's own screens.
    expect(await page.locator(".course-card").count()).toBe(citizensCourses().length);
    expect(await page.getByRole("link", { name: /Đăng ký cho người dân|Ghi lại lần hướng dẫn/ }).count()).toBe(0);
    await checkAccessibility(page, "citizens-catalogue");
    await checkPhoneLayout(page);
    await keepScreenshot(page, { path: `${SHOTS}citizens-04-catalogue-360.png`, fullPage: true });
  });

  it("lets a team member register a neighbour in help mode, staying signed in as themselves, and the Sơn La admin sees it", async () => {
    const admin = await phone();
    await signIn(admin, "0912000003");
    const before = await muongBuCitizens(admin);

    const page = await phone();
    await signIn(page, "0912000001");
    await page.getByRole("heading", { level: 1, name: "Xin chào, Lò Thị Hương!" }).waitFor();
    await page.getByRole("link", { name: /Đăng ký cho người dân/ }).click();
    await page.getByRole("heading", { level: 1, name: "Đăng ký cho người dân" }).waitFor();
    await page.getByText("Bạn đang đăng ký giúp một người dân; tài khoản của bạn vẫn giữ nguyên.").waitFor();
    await page.getByRole("option", { name: "Tỉnh Sơn La" }).waitFor({ state: "attached" });
    await checkAccessibility(page, "citizens-help-neighbour");
    await checkPhoneLayout(page);

    const neighbourPhone = randomPhone();
    await pickMuongBu(page);
    await page.getByRole("radio", { name: "Xã Mường Bú" }).check();
    await page.getByLabel("Họ và tên").fill("Quàng Thị Lả");
    await page.getByLabel("Số điện thoại").fill(neighbourPhone);
    await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
    await page.getByRole("checkbox", { name: /Người dân đã đọc/ }).check();
    await keepScreenshot(page, { path: `${SHOTS}citizens-03-help-neighbour-360.png`, fullPage: true });
    await page.getByRole("button", { name: "Đăng ký cho người dân" }).click();

    await page.getByRole("heading", { level: 1, name: "Đã đăng ký cho Quàng Thị Lả" }).waitFor();
    await page.getByText(`Quàng Thị Lả có thể đăng nhập bằng số điện thoại ${neighbourPhone}`).waitFor();
    await checkAccessibility(page, "citizens-help-neighbour-done");
    await checkPhoneLayout(page);
    await keepScreenshot(page, { path: `${SHOTS}citizens-03b-help-neighbour-done-360.png`, fullPage: true });

    // The member is still themselves on their phone; the neighbour's account works with their own password.
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("kns.session") ?? "{}").user?.phone);
    expect(kept).toBe("0912000001");
    await page.getByRole("link", { name: "Về trang chủ", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Xin chào, Lò Thị Hương!" }).waitFor();
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: neighbourPhone, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user).toMatchObject({ fullName: "Quàng Thị Lả", roles: ["citizen"], unitId: null });

    const cell = await muongBuCitizensCell(admin);
    expect(Number((await cell.textContent())?.replace(/\D/g, ""))).toBe(before + 1);
    await checkAccessibility(admin, "citizens-admin-province");
    // The table scrolls sideways in its own box at 360 px; sorted by residents, Mường Bú comes first.
    const header = admin.getByRole("columnheader", { name: /^Người dân/ });
    await header.getByRole("button").click();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    await header.scrollIntoViewIfNeeded();
    await keepScreenshot(admin, { path: `${SHOTS}citizens-05-admin-sla-360.png` });
    await admin.goto(`${baseUrl}/admin/units/sla-muongbu`);
    const figure = admin.locator(".stat-card").filter({ has: admin.getByRole("term").getByText("Người dân đã đăng ký", { exact: true }) });
    await figure.waitFor();
    expect(Number(await figure.locator(".stat-card__value").textContent())).toBe(before + 1);
    await checkAccessibility(admin, "citizens-admin-commune");
    await figure.scrollIntoViewIfNeeded();
    await keepScreenshot(admin, { path: `${SHOTS}citizens-06-admin-muong-bu-360.png` });
  });
});

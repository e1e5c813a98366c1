import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));
const LAPTOP = { width: 1280, height: 800 };

let browser: Browser;
/** The Sơn La admin's laptop; its signed-in state is reused for the phone checks. */
let laptop: BrowserContext;
let page: Page;

async function screenshot(target: Page, name: string) {
  await target.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

async function signIn(target: Page, phone: string) {
  await target.goto(`${baseUrl}/sign-in`);
  await target.getByLabel("Số điện thoại").fill(phone);
  await target.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
  await target.getByRole("button", { name: "Đăng nhập" }).click();
  await target.waitForURL((url) => url.pathname !== "/sign-in");
}

/** At 360 px the page never scrolls sideways (wide tables scroll inside their own box) and controls stay ≥ 48 px. */
async function checkPhoneLayout(target: Page) {
  const report = await target.evaluate(() => {
    const targets = Array.from(
      document.querySelectorAll<HTMLElement>(
        ".admin button, .admin input:not([type=checkbox]):not([type=radio]), .admin select, .admin label.checkbox, .section-nav a, .admin a.button",
      ),
    );
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      small: targets
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => ({ element: element.outerHTML.slice(0, 80), height: element.getBoundingClientRect().height }))
        .filter(({ height }) => height < 47.5),
    };
  });
  expect(report.overflow).toBeLessThanOrEqual(0);
  expect(report.small).toEqual([]);
}

describe.skipIf(!baseUrl)("admin screens", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
    laptop = await browser.newContext({ viewport: LAPTOP, locale: "vi-VN", acceptDownloads: true });
    page = await laptop.newPage();
    await signIn(page, "0912000003");
  });
  afterAll(async () => {
    await laptop?.close();
    await browser?.close();
  });

  it("opens the province dashboard and drills down to a commune and to the learner's team", async () => {
    await page.getByRole("link", { name: "Quản lý", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Tỉnh Sơn La" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/admin/units/sla");
    await page.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" }).waitFor();
    const bars = page.getByRole("img", { name: /^Tỷ lệ hoàn thành theo đơn vị\./ });
    // Other browser tests may have completed courses in this server already: any share is fine here.
    expect(await bars.getAttribute("aria-label")).toMatch(/Xã Mường Bú: \d+%/);
    await page.getByRole("img", { name: /^Lượt hoàn thành khoá học mỗi ngày/ }).waitFor();
    await screenshot(page, "admin-01-province-1280");
    await checkAccessibility(page, "admin-province");

    await page.getByRole("link", { name: "Xã Mường Bú" }).click();
    await page.getByRole("heading", { level: 1, name: "Xã Mường Bú" }).waitFor();
    await page.getByRole("navigation", { name: "Vị trí trong cây đơn vị" }).getByRole("link", { name: "Tỉnh Sơn La" }).waitFor();
    await checkAccessibility(page, "admin-commune");
    await page.getByRole("link", { name: "Tổ CNSCĐ bản Bó" }).click();
    await page.getByRole("heading", { level: 1, name: "Tổ CNSCĐ bản Bó" }).waitFor();
    const members = page.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" });
    await members.getByRole("link", { name: "Lò Thị Hương" }).waitFor();
    await members.getByText("0912***001").waitFor();
    await page.getByText("Xếp hạng").waitFor();
    await screenshot(page, "admin-02-team-1280");
    await checkAccessibility(page, "admin-team");

    await members.getByRole("link", { name: "Lò Thị Hương" }).click();
    await page.getByRole("heading", { level: 2, name: "Lò Thị Hương" }).waitFor();
    await checkAccessibility(page, "admin-member");
    await page.getByRole("button", { name: "Cấp mã đặt lại mật khẩu" }).click();
    await expect.poll(() => page.locator(".reset-code__digits").textContent()).toMatch(/^\d{6}$/);
    await screenshot(page, "admin-03-member-1280");
    await checkAccessibility(page, "admin-member-reset-code");
  });

  it("imports a small CSV: the dry run shows the bad row, the commit imports the good ones", async () => {
    await page.goto(`${baseUrl}/admin/units/sla`);
    await page.getByRole("link", { name: "Mở trang nhập danh sách" }).click();
    await page.getByRole("heading", { level: 1, name: "Nhập danh sách thành viên" }).waitFor();
    await checkAccessibility(page, "admin-import");
    const csv = [
      "fullName,phone,unitCode,role",
      "Hoàng Văn Nam,0983100001,SLA-MUONGBU-HUANGAY,member",
      "Lò Thị Xuân,0983 100 002,sla-muongbu-huangay,team-leader",
      "Bad Phone,12345,SLA-MUONGBU-HUANGAY,member",
    ].join("\n");
    await page.getByLabel("Tệp danh sách (.csv hoặc .xlsx)").setInputFiles({ name: "danh-sach.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });

    await page.getByRole("heading", { name: "Kết quả kiểm tra (chưa nhập)" }).waitFor();
    const errors = page.getByRole("table", { name: "Các dòng có lỗi (sẽ không được nhập)" });
    await errors.getByRole("row", { name: /^4 / }).getByText("“12345” không phải số di động Việt Nam.").waitFor();
    await page.getByText("2 thành viên mới sẽ được thêm").waitFor();
    await screenshot(page, "admin-04-import-checked-1280");
    await checkAccessibility(page, "admin-import-checked");

    await page.getByRole("button", { name: "Nhập 2 dòng hợp lệ" }).click();
    await page.getByRole("heading", { name: "Đã nhập xong" }).waitFor();
    await page.getByText("2 thành viên mới đã được thêm").waitFor();
    await page.getByText("1 dòng có lỗi").waitFor();
    await checkAccessibility(page, "admin-import-done");

    await page.goto(`${baseUrl}/admin/units/sla-muongbu-huangay`);
    await page.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" }).getByRole("link", { name: "Hoàng Văn Nam" }).waitFor();
  });

  it("exports the completion list as CSV and downloads it", async () => {
    await page.goto(`${baseUrl}/admin/units/sla`);
    const panel = page.getByRole("region", { name: "Tải danh sách hoàn thành" });
    await panel.getByRole("button", { name: "Tạo danh sách" }).click();
    const link = panel.getByRole("link", { name: "Tải tệp CSV" });
    await link.waitFor({ timeout: 30_000 });
    await screenshot(page, "admin-05-export-ready-1280");
    await checkAccessibility(page, "admin-export-ready");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^hoan-thanh-SLA-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain("Lò Thị Hương");
    expect(text).toContain("Hoàng Văn Nam");
    expect(text).not.toContain("0912000001");
  });

  it("creates and rotates a team's join code and shows it with a printable QR code", async () => {
    // Not the demo team: its code DEMO-SONLA is used by the registration tests.
    await page.goto(`${baseUrl}/admin/units/sla-muongbu-huangay`);
    await page.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Mã tham gia" }).click();
    await page.getByText("Tổ chưa có mã tham gia.").waitFor();
    await checkAccessibility(page, "admin-join-code-none");
    await page.getByRole("button", { name: "Tạo mã tham gia" }).click();
    const code = page.locator(".join-code__code");
    await code.waitFor();
    const first = (await code.textContent())!;
    expect(first).toMatch(/^HUANGA-[A-Z0-9]{6}$/);

    await page.getByRole("button", { name: "Đổi mã mới" }).click();
    await page.getByText("Mã cũ sẽ ngừng hoạt động ngay.").waitFor();
    await checkAccessibility(page, "admin-join-code-rotate-confirm");
    await page.getByRole("button", { name: "Đồng ý đổi mã" }).click();
    await expect.poll(() => code.textContent()).not.toBe(first);
    const second = (await code.textContent())!;
    await page.getByText(`Đã tạo mã mới: ${second}.`).waitFor();
    const qr = page.getByRole("img", { name: `Mã QR mở trang đăng ký với mã tham gia ${second}` });
    expect(await qr.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
    await page.getByText(`${baseUrl}/register?code=${second}`).waitFor();
    await screenshot(page, "admin-06-join-code-1280");
    await checkAccessibility(page, "admin-join-code");

    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("banner").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "In áp phích" }).isVisible()).toBe(false);
    await page.getByText("Tham gia Tổ CNSCĐ bản Hua Ngáy").waitFor();
    await screenshot(page, "admin-07-join-code-print");
    await page.emulateMedia({ media: "screen" });
  });

  it("adds a team under one commune and moves it under another, as in a reorganisation", async () => {
    await page.goto(`${baseUrl}/admin/units/sla-mocchau/manage`);
    const create = page.getByRole("region", { name: "Thêm đơn vị trực thuộc Phường Mộc Châu" });
    await create.waitFor();
    await checkAccessibility(page, "admin-manage-unit");
    await create.getByLabel("Tên đơn vị").fill("Tổ CNSCĐ tiểu khu 7");
    await create.getByLabel("Mã đơn vị").fill("sla-mocchau-tk7");
    await create.getByRole("button", { name: "Thêm đơn vị" }).click();
    await create.getByText("Đã thêm “Tổ CNSCĐ tiểu khu 7”.").waitFor();
    await page.getByRole("link", { name: "Quản lý Tổ CNSCĐ tiểu khu 7" }).click();
    await page.getByRole("heading", { level: 1, name: "Tổ CNSCĐ tiểu khu 7" }).waitFor();
    await page.getByText("Tổ CNSCĐ · Mã SLA-MOCCHAU-TK7").waitFor();

    const move = page.getByRole("region", { name: "Chuyển sang đơn vị cấp trên khác" });
    expect(await move.getByRole("radio", { name: /^Phường Mộc Châu/ }).isDisabled()).toBe(true);
    await move.getByRole("radio", { name: /^Xã Mường Bú/ }).check();
    await move.getByRole("button", { name: "Chuyển vào Xã Mường Bú" }).click();
    await move.getByRole("button", { name: "Đồng ý chuyển" }).waitFor();
    await checkAccessibility(page, "admin-manage-unit-move-confirm");
    await move.getByRole("button", { name: "Đồng ý chuyển" }).click();
    await move.getByText("Đã chuyển “Tổ CNSCĐ tiểu khu 7” vào “Xã Mường Bú”.").waitFor();
    await page.getByRole("navigation", { name: "Vị trí trong cây đơn vị" }).getByRole("link", { name: "Xã Mường Bú" }).waitFor();
    await screenshot(page, "admin-08-unit-moved-1280");
    await checkAccessibility(page, "admin-manage-unit-moved");
  });

  it("deactivates an imported member and reactivates them", async () => {
    await page.goto(`${baseUrl}/admin/units/sla/search?q=Hoàng`);
    await page.getByRole("link", { name: /^Hoàng Văn Nam/ }).waitFor();
    await checkAccessibility(page, "admin-search");
    await page.getByRole("link", { name: /^Hoàng Văn Nam/ }).click();
    await page.getByRole("heading", { level: 2, name: "Hoàng Văn Nam" }).waitFor();
    await page.getByText("Chưa kích hoạt").first().waitFor();
    await page.getByRole("button", { name: "Khoá tài khoản…" }).click();
    await page.getByText("Khoá tài khoản của Hoàng Văn Nam? Có thể mở lại bất cứ lúc nào.").waitFor();
    await checkAccessibility(page, "admin-member-deactivate-confirm");
    await page.getByRole("button", { name: "Khoá tài khoản", exact: true }).click();
    await page.getByText("Đã khoá tài khoản.").waitFor();
    await page.getByRole("button", { name: "Mở khoá tài khoản" }).click();
    await page.getByText("Đã mở khoá tài khoản.").waitFor();
    await page.getByRole("button", { name: "Khoá tài khoản…" }).waitFor();

    // The audit page lists what was just done.
    await page.goto(`${baseUrl}/admin/units/sla`);
    await page.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Nhật ký" }).click();
    await page.getByRole("heading", { level: 2, name: "Nhật ký thao tác" }).waitFor();
    await page.getByRole("table").first().waitFor();
    await checkAccessibility(page, "admin-audit");
  });

  it("hands an imported member an activation code with a QR code; on their phone they activate and are signed in", async () => {
    await page.goto(`${baseUrl}/admin/units/sla/search?q=Lò Thị Xuân`);
    await page.getByRole("link", { name: /^Lò Thị Xuân/ }).click();
    await page.getByRole("heading", { level: 3, name: "Kích hoạt tài khoản" }).waitFor();
    await page.getByRole("button", { name: "Cấp mã kích hoạt" }).click();
    const digits = (await page.locator(".reset-code__digits").textContent())!.trim();
    expect(digits).toMatch(/^\d{8}$/);
    await page.getByRole("img", { name: "Mã QR để Lò Thị Xuân mở trang kích hoạt tài khoản" }).waitFor();
    await screenshot(page, "admin-07b-activation-code-1280");
    await checkAccessibility(page, "admin-member-activation-code");

    const phone = await newPhoneContext(browser);
    try {
      const member = await phone.newPage();
      // Her phone number and the team's code are not enough: registering sends her to activation.
      await member.goto(`${baseUrl}/sign-in`);
      await member.getByRole("link", { name: "Được cấp mã kích hoạt? Kích hoạt tài khoản" }).click();
      await member.getByRole("heading", { level: 1, name: "Kích hoạt tài khoản" }).waitFor();
      await checkAccessibility(member, "activate");
      await member.getByRole("textbox", { name: "Số điện thoại" }).fill("0983100002");
      await member.getByLabel("Mã kích hoạt").fill(digits);
      await member.getByLabel("Mật khẩu mới", { exact: true }).fill("Xuan-Hua-Ngay-7");
      await member.getByLabel(/Tôi đồng ý/).check();
      await screenshot(member, "member-activate-360");
      await checkAccessibility(member, "activate-filled");
      await member.getByRole("button", { name: "Kích hoạt và đăng nhập" }).click();
      await member.getByRole("heading", { level: 1, name: "Xin chào, Lò Thị Xuân!" }).waitFor();
    } finally {
      await phone.close();
    }
    await page.reload();
    await page.getByRole("heading", { level: 3, name: "Quên mật khẩu" }).waitFor();
  });

  it("fits a 360 × 640 phone: tables scroll inside their box, the page never sideways", async () => {
    const phone = await newPhoneContext(browser, { storageState: await laptop.storageState() });
    try {
      const small = await phone.newPage();
      await small.goto(`${baseUrl}/admin/units/sla`);
      await small.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" }).waitFor();
      await checkPhoneLayout(small);
      await screenshot(small, "admin-09-province-360");
      await checkAccessibility(small, "admin-province-360");
      await small.goto(`${baseUrl}/admin/units/sla-muongbu-banbo`);
      await small.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" }).getByRole("link", { name: "Lò Thị Hương" }).waitFor();
      const box = small.getByRole("region", { name: "Tiến độ từng thành viên theo khoá học" });
      expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      await checkPhoneLayout(small);
      await screenshot(small, "admin-10-team-360");
      await checkAccessibility(small, "admin-team-360");
      await small.goto(`${baseUrl}/admin/import`);
      await small.getByRole("heading", { level: 1, name: "Nhập danh sách thành viên" }).waitFor();
      await checkPhoneLayout(small);
      await screenshot(small, "admin-11-import-360");
      await checkAccessibility(small, "admin-import-360");

      // The province dashboard in English.
      await small.goto(`${baseUrl}/admin/units/sla`);
      await small.getByRole("button", { name: "Switch to English" }).click();
      await small.getByRole("table", { name: "Results by unit below" }).waitFor();
      await checkAccessibility(small, "admin-province-360-english");
    } finally {
      await phone.close();
    }
  });

  it("shows the team leader their own team with a reminder to send, and nothing above it", async () => {
    const phone = await newPhoneContext(browser);
    try {
      const leader = await phone.newPage();
      await signIn(leader, "0912000005");
      await leader.getByRole("link", { name: "Quản lý", exact: true }).click();
      await leader.getByRole("heading", { level: 1, name: "Tổ CNSCĐ bản Bó" }).waitFor();
      await leader.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" }).getByRole("link", { name: "Lò Thị Hương" }).waitFor();
      await leader
        .getByRole("region", { name: /^Nhắc \d+ người chưa học xong$/ })
        .getByRole("link", { name: "Soạn tin nhắn SMS" })
        .waitFor();
      expect(await leader.getByRole("link", { name: "Nhật ký" }).count()).toBe(0);
      expect(await leader.getByRole("region", { name: "Tải danh sách hoàn thành" }).count()).toBe(0);
      await checkPhoneLayout(leader);
      await screenshot(leader, "admin-12-leader-team-360");
      await checkAccessibility(leader, "admin-leader-team-360");

      await leader.goto(`${baseUrl}/admin/units/sla-muongbu`);
      await leader.getByRole("heading", { name: "Không tìm thấy" }).waitFor();
      await checkAccessibility(leader, "admin-not-found-360");
    } finally {
      await phone.close();
    }
  });

  it("tells the Điện Biên admin that Sơn La's units are not found", async () => {
    const other = await browser.newContext({ viewport: LAPTOP, locale: "vi-VN" });
    try {
      const dbn = await other.newPage();
      await signIn(dbn, "0912000004");
      await dbn.goto(`${baseUrl}/admin/units/sla`);
      await dbn.getByRole("heading", { level: 1, name: "Không tìm thấy" }).waitFor();
      await dbn.getByText("Đơn vị này không tồn tại hoặc không thuộc phạm vi bạn quản lý.").waitFor();
      expect(await dbn.getByText("Tỉnh Sơn La").count()).toBe(0);
      await screenshot(dbn, "admin-13-other-province-not-found-1280");
    } finally {
      await other.close();
    }
  });
});

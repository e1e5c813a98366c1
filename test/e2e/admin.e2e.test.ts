import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));
const LAPTOP = { width: 1280, height: 800 };

let browser: Browser;
/** The Sơn La admin's laptop; its signed-in state is reused for the phone checks. */
let laptop: BrowserContext;
let page: Page;

async function screenshot(target: Page, name: string) {
  await keepScreenshot(target, { path: `${SCREENSHOTS}${name}.png`, fullPage: true });
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

/** Every link and button on screen is at least 24 × 24 px (WCAG 2.5.8), except links inside running text. */
async function checkTargets(target: Page) {
  const small = await target.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("main a, main button, header a, header button"))
      .filter((element) => element.getClientRects().length > 0 && !element.closest("p, li.prose, .lead"))
      .map((element) => ({ element: element.outerHTML.slice(0, 100), ...element.getBoundingClientRect().toJSON() }))
      .filter(({ width, height }) => width < 24 || height < 24),
  );
  expect(small).toEqual([]);
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
    // Other browser tests may have completed courses in this server already, so which communes the chart's ten
    // best are depends on the order the files ran in: any unit and share are fine here; Mường Bú is in the table.
    expect(await bars.getAttribute("aria-label")).toMatch(/^Tỷ lệ hoàn thành theo đơn vị\. .+: \d+%/);
    await page.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" }).getByRole("link", { name: "Xã Mường Bú" }).waitFor();
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

  it("exports the completion list as CSV for Excel in Vietnamese settings (;) and downloads it", async () => {
    await page.goto(`${baseUrl}/admin/units/sla`);
    const panel = page.getByRole("region", { name: "Tải danh sách hoàn thành" });
    // Excel is the default; CSV with ";" is what Excel opens in columns under Vietnamese regional settings.
    expect(await panel.getByLabel(/^Excel \(\.xlsx/).isChecked()).toBe(true);
    await panel.getByLabel("CSV cho Excel tiếng Việt (phân cách bằng dấu ;)").check();
    await panel.getByRole("button", { name: "Tạo danh sách" }).click();
    const link = panel.getByRole("link", { name: "Tải tệp CSV" });
    await link.waitFor({ timeout: 30_000 });
    await screenshot(page, "admin-05-export-ready-1280");
    await checkAccessibility(page, "admin-export-ready");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^hoan-thanh-14-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toBe("\uFEFFHọ và tên;Số điện thoại;Tỉnh/Thành;Xã/Phường;Tổ;Khoá học;Trạng thái;Điểm TB (%);Ngày hoàn thành;Mã chứng nhận");
    expect(text).toContain("Lò Thị Hương;");
    // An imported person who has not activated yet is listed apart, not as "not started"; staff are not listed.
    expect(text).toMatch(/Hoàng Văn Nam;[^\r\n]*;Chưa kích hoạt tài khoản;/);
    expect(text).not.toContain("Cầm Văn Đức");
    expect(text).not.toContain("0912000001");
  });

  it("finds members by any word of their name, without diacritics, sorted by name", async () => {
    for (const query of ["lo thi", "huong", "LÒ"]) {
      await page.goto(`${baseUrl}/admin/units/sla/search?q=${encodeURIComponent(query)}`);
      await page.getByRole("link", { name: /^Lò Thị Hương/ }).waitFor();
    }
    await page.goto(`${baseUrl}/admin/units/sla/search?q=van`);
    await page.getByRole("link", { name: /^Lường Văn Phúc/ }).waitFor();
    const names = await page.locator("main a[href*='/members/']").allTextContents();
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "vi")));
    await checkAccessibility(page, "admin-search-any-word");
  });

  it("reads a CSV saved by Excel under Vietnamese settings (semicolons, Vietnamese headers)", async () => {
    await page.goto(`${baseUrl}/admin/import`);
    await page.getByText("Họ và tên,Số điện thoại,Mã đơn vị,Vai trò").waitFor();
    const csv = ["Họ và tên;Số điện thoại;Mã đơn vị;Vai trò", "Lường Thị Chấm;0983100009;SLA-MUONGBU-HUANGAY;member"].join("\r\n");
    await page
      .getByLabel("Tệp danh sách (.csv hoặc .xlsx)")
      .setInputFiles({ name: "excel-vn.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`, "utf8") });
    await page.getByRole("heading", { name: "Kết quả kiểm tra (chưa nhập)" }).waitFor();
    await page.getByText("1 thành viên mới sẽ được thêm").waitFor();
    await page.getByText("0 dòng có lỗi").waitFor();
  });

  it("shows the same learners and completions on the dashboard, the team page and the completion list", async () => {
    await page.goto(`${baseUrl}/admin/units/sla-muongbu`);
    const table = page.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" });
    const row = table.getByRole("row").filter({ hasText: "Tổ CNSCĐ bản Bó" });
    await row.waitFor();
    const headers = await table.getByRole("columnheader").allTextContents();
    const cells = await row.locator("th, td").allTextContents();
    const cell = (label: RegExp) => cells[headers.findIndex((h) => label.test(h))]!;
    const members = Number(cell(/^Thành viên/).replace(/\D/g, ""));
    const completed = Number(cell(/^Lượt hoàn thành/).replace(/\D/g, ""));

    await page.goto(`${baseUrl}/admin/units/sla-muongbu-banbo`);
    const team = page.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" });
    await team.getByRole("link", { name: "Lò Thị Hương" }).waitFor();
    const teamRows = team.locator("tbody tr");
    const learners = (await teamRows.allTextContents()).filter((text) => !text.includes("Chưa kích hoạt"));
    expect(learners).toHaveLength(members);
    await screenshot(page, "admin-12-team-agrees-1280");

    const exported = await page.evaluate(async (unitId) => {
      const session = JSON.parse(localStorage.getItem("kns.session")!) as { accessToken: string };
      const headers = { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" };
      const started = (await (await fetch("/api/v1/admin/exports", { method: "POST", headers, body: JSON.stringify({ unitId, format: "csv" }) })).json()) as {
        id: string;
      };
      for (let i = 0; i < 60; i++) {
        const status = (await (await fetch(`/api/v1/admin/exports/${started.id}`, { headers })).json()) as { status: string; downloadUrl?: string };
        if (status.status === "done") return (await fetch(status.downloadUrl!)).text();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return "";
    }, "sla-muongbu-banbo");
    const lines = exported
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .slice(1)
      .map((line) => line.split(","));
    expect(new Set(lines.filter((c) => c[6] !== "Chưa kích hoạt tài khoản").map((c) => c[0])).size).toBe(members);
    expect(lines.filter((c) => c[6] === "Hoàn thành")).toHaveLength(completed);
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
      // She was imported as her team's leader: signed in, she lands on her team's page.
      await member.waitForURL(/\/admin\/units\/sla-muongbu-huangay/);
      await member.getByRole("heading", { level: 1, name: "Tổ CNSCĐ bản Hua Ngáy" }).waitFor();
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
      const children = small.getByRole("table", { name: "Kết quả theo đơn vị trực thuộc" });
      await children.waitFor();
      await checkPhoneLayout(small);
      await checkTargets(small);
      // The completion rate is in view without scrolling the table sideways.
      const rate = children.getByRole("columnheader", { name: /^Tỷ lệ/ });
      const rateBox = (await rate.boundingBox())!;
      expect(rateBox.x + rateBox.width).toBeLessThanOrEqual(360);
      await screenshot(small, "admin-09-province-360");
      await checkAccessibility(small, "admin-province-360");
      await small.goto(`${baseUrl}/admin/units/sla-muongbu-banbo`);
      await small.getByRole("table", { name: "Tiến độ từng thành viên theo khoá học" }).getByRole("link", { name: "Lò Thị Hương" }).waitFor();
      const box = small.getByRole("region", { name: "Tiến độ từng thành viên theo khoá học" });
      expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      await checkPhoneLayout(small);
      await checkTargets(small);
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

  it("finds units without diacritics, and shows the province's question analytics, on a phone", async () => {
    const phone = await newPhoneContext(browser, { storageState: await laptop.storageState() });
    try {
      const small = await phone.newPage();
      await small.goto(`${baseUrl}/admin/units/sla`);
      const search = small.getByRole("search", { name: "Tìm đơn vị" });
      await search.getByLabel("Tên hoặc mã đơn vị").fill("ban bo");
      await search.getByRole("button", { name: "Tìm" }).click();
      const found = small.getByRole("link", { name: /Tổ CNSCĐ bản Bó/ });
      await found.waitFor();
      expect(await found.textContent()).toContain("Thuộc Tỉnh Sơn La › Xã Mường Bú");
      await checkPhoneLayout(small);
      await screenshot(small, "admin-12-unit-search-360");
      await checkAccessibility(small, "admin-unit-search-360");
      await found.click();
      await small.getByRole("heading", { level: 1, name: "Tổ CNSCĐ bản Bó" }).waitFor();

      await small.goto(`${baseUrl}/admin/units/sla`);
      await small.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Phân tích câu hỏi" }).click();
      await small.getByRole("heading", { level: 2, name: "Phân tích câu hỏi" }).waitFor();
      await small.getByText(/^Số liệu của phiên bản \d+/).waitFor();
      await small.getByRole("heading", { level: 4, name: "Câu 1" }).first().waitFor();
      expect(await small.locator("main").textContent()).not.toContain("Lò Thị Hương");
      await checkPhoneLayout(small);
      await screenshot(small, "admin-13-question-analytics-360");
      await checkAccessibility(small, "admin-question-analytics-360");
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

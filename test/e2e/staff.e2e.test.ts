import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/issue17/", import.meta.url));

let browser: Browser;

async function screenshot(target: Page, name: string) {
  await keepScreenshot(target, { path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** At 360 px the page never scrolls sideways, and the staff screen's controls are at least 44 px tall. */
async function checkPhoneLayout(target: Page) {
  const report = await target.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    small: Array.from(document.querySelectorAll<HTMLElement>("main button, main input, main select, .section-nav a"))
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ element: element.outerHTML.slice(0, 80), height: element.getBoundingClientRect().height }))
      .filter(({ height }) => height < 44),
  }));
  expect(report.overflow).toBeLessThanOrEqual(0);
  expect(report.small).toEqual([]);
}

describe.skipIf(!baseUrl)("staff: the national admin appoints a province admin (issue 17)", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("on a 360 × 640 phone: appoint, hand over the code, the new province admin activates and signs in; then remove", async () => {
    const adminPhone = await newPhoneContext(browser);
    const newcomerPhone = await newPhoneContext(browser);
    try {
      const admin = await adminPhone.newPage();
      await admin.goto(`${baseUrl}/sign-in`);
      await admin.getByLabel("Số điện thoại").fill("0912000006");
      await admin.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
      await admin.getByRole("button", { name: "Đăng nhập" }).click();
      await admin.waitForURL((url) => url.pathname !== "/sign-in");

      // From the province's dashboard to its staff.
      await admin.goto(`${baseUrl}/admin/units/dbn`);
      await admin.getByRole("heading", { level: 1, name: "Tỉnh Điện Biên" }).waitFor();
      await admin.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Cán bộ" }).click();
      await admin.getByRole("heading", { level: 2, name: "Cán bộ của đơn vị" }).waitFor();
      expect(new URL(admin.url()).pathname).toBe("/admin/units/dbn/staff");
      await admin.getByText("Quàng Thị Mai").waitFor();
      // The national admin may appoint admins and trainers at a province, nothing else.
      const roles = admin.getByLabel("Vai trò", { exact: true });
      expect(await roles.locator("option").allTextContents()).toEqual(["Quản trị viên", "Giảng viên"]);
      await checkPhoneLayout(admin);
      await checkAccessibility(admin, "staff-list");
      await screenshot(admin, "staff-01-list-360");

      // A wrong phone is caught on the phone, before anything is sent.
      await admin.getByLabel("Số điện thoại").fill("12345");
      await admin.getByLabel("Họ và tên").fill("Lò Văn Thắng");
      await admin.getByRole("button", { name: "Bổ nhiệm" }).click();
      await admin.getByText("Hãy nhập số di động Việt Nam, ví dụ 0912 345 678.").waitFor();
      await checkAccessibility(admin, "staff-appoint-invalid");

      await admin.getByLabel("Số điện thoại").fill("0977 100 001");
      await admin.getByLabel("Họ và tên").fill("Lò Văn Thắng");
      await roles.selectOption({ label: "Quản trị viên" });
      await admin.getByRole("button", { name: "Bổ nhiệm" }).click();
      await admin.getByRole("heading", { level: 2, name: "Mã kích hoạt cho Lò Văn Thắng" }).waitFor();
      const code = (await admin.getByTestId("activation-code").textContent())!.trim();
      expect(code).toMatch(/^\d{8}$/);
      await admin.getByRole("img", { name: "Mã QR kích hoạt tài khoản của Lò Văn Thắng" }).waitFor();
      await admin.getByRole("status").getByText("Đã bổ nhiệm Lò Văn Thắng làm Quản trị viên.").waitFor();
      await admin.locator(".staff-list__item", { hasText: "Lò Văn Thắng" }).getByText("Chưa kích hoạt").waitFor();
      await checkPhoneLayout(admin);
      await checkAccessibility(admin, "staff-activation-code");
      await screenshot(admin, "staff-02-activation-code-360");

      // On the newcomer's phone: activation with the code, then their province.
      const newcomer = await newcomerPhone.newPage();
      await newcomer.goto(`${baseUrl}/sign-in`);
      await newcomer.getByRole("link", { name: "Được cấp mã kích hoạt? Kích hoạt tài khoản" }).click();
      await newcomer.getByRole("heading", { level: 1, name: "Kích hoạt tài khoản" }).waitFor();
      await newcomer.getByRole("textbox", { name: "Số điện thoại" }).fill("0977100001");
      await newcomer.getByLabel("Mã kích hoạt").fill(code);
      await newcomer.getByLabel("Mật khẩu mới", { exact: true }).fill("Thang-Dien-Bien-7");
      await newcomer.getByLabel(/Tôi đồng ý/).check();
      await newcomer.getByRole("button", { name: "Kích hoạt và đăng nhập" }).click();
      await newcomer.waitForURL(/\/admin\/units\/dbn/);
      await newcomer.getByRole("heading", { level: 1, name: "Tỉnh Điện Biên" }).waitFor();
      await screenshot(newcomer, "staff-03-new-province-admin-360");
      // A province admin appoints trainers at their province, never another province admin.
      await newcomer.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Cán bộ" }).click();
      await newcomer.getByRole("heading", { level: 2, name: "Cán bộ của đơn vị" }).waitFor();
      expect(await newcomer.getByLabel("Vai trò", { exact: true }).locator("option").allTextContents()).toEqual(["Giảng viên"]);
      await newcomer.locator(".staff-list__item", { hasText: "Lò Văn Thắng" }).getByText("Bạn").waitFor();

      // Back on the national admin's phone: the role is removed after a confirmation, and their session ends.
      await admin.getByRole("button", { name: "Đã đưa mã, ẩn đi" }).click();
      await admin.reload();
      await admin.getByRole("button", { name: "Bỏ vai trò Quản trị viên của Lò Văn Thắng" }).click();
      await admin.getByText("Bỏ vai trò Quản trị viên của Lò Văn Thắng tại Tỉnh Điện Biên?", { exact: false }).waitFor();
      await checkAccessibility(admin, "staff-remove-confirm");
      await screenshot(admin, "staff-04-remove-confirm-360");
      await admin.getByRole("button", { name: "Bỏ vai trò", exact: true }).click();
      await admin.getByRole("status").getByText("Đã bỏ vai trò Quản trị viên của Lò Văn Thắng.").waitFor();
      expect(await admin.locator(".staff-list__item", { hasText: "Lò Văn Thắng" }).count()).toBe(0);
      await newcomer.reload();
      await newcomer.waitForURL(/\/sign-in/);
    } finally {
      await adminPhone.close();
      await newcomerPhone.close();
    }
  });

  it("in English, the staff screen speaks English", async () => {
    const phone = await newPhoneContext(browser, { locale: "en-GB" });
    try {
      const admin = await phone.newPage();
      await admin.goto(`${baseUrl}/sign-in`);
      await admin.evaluate(() => localStorage.setItem("kns.language", "en"));
      await admin.goto(`${baseUrl}/sign-in`);
      await admin.getByLabel(/Số điện thoại|Phone number/).fill("0912000007");
      await admin.getByLabel(/^(Mật khẩu|Password)$/).fill("Demo@2026");
      await admin.getByRole("button", { name: /^(Đăng nhập|Sign in)$/ }).click();
      await admin.waitForURL((url) => url.pathname !== "/sign-in");
      await admin.goto(`${baseUrl}/admin/units/sla-muongbu-huangay/staff`);
      await admin.getByRole("heading", { level: 2, name: "Staff of the unit" }).waitFor();
      await admin.getByRole("button", { name: "Appoint" }).waitFor();
      await checkAccessibility(admin, "staff-team");
      await screenshot(admin, "staff-05-team-360");
    } finally {
      await phone.close();
    }
  });
});

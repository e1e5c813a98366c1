import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BASIC_SKILL_LABELS_VI, BASIC_SKILLS, DIGCOMP_AREA_LABELS, DIGCOMP_AREAS } from "../../packages/core/src/model";
import { checkAccessibility } from "./axe";
import { apiJson, DEMO_PASSWORD, findChromium, launchBrowser, newPhoneContext, signInOnPage, keepScreenshot } from "./browser";

/**
 * "Kỹ năng đã học" on a 360 × 640 phone: the commune admin of Mường Bú opens it from the commune's sections and
 * reads the 5 basic skills (with the month's help given to residents, one record of which a member of the demo
 * team sends first) and DigComp's 5 areas, in Vietnamese, without scrolling sideways.
 */

const baseUrl = inject("baseUrl");
const SHOTS = "/tmp/kns-shots/";
const COMMUNE = "sla-muongbu";

let browser: Browser;

describe.skipIf(!baseUrl)("skills learned on a phone", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the commune admin the basic skills and the DigComp areas at 360 px", async () => {
    const { accessToken } = await apiJson<{ accessToken: string }>(baseUrl, "POST", "/auth/login", undefined, {
      phone: "0912000001",
      password: DEMO_PASSWORD,
    });
    await apiJson(baseUrl, "POST", "/activities", accessToken, {
      activities: [{ id: crypto.randomUUID(), at: new Date().toISOString(), skill: "cyber-safety", outcome: "scam-reported", people: 2 }],
    });

    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await signInOnPage(page, baseUrl, "0912000007");
    await page.waitForURL(/\/admin\/units\/sla-muongbu/);
    const link = page.getByRole("navigation", { name: "Các mục của đơn vị" }).getByRole("link", { name: "Kỹ năng đã học" });
    expect(await link.getAttribute("href")).toBe(`/admin/units/${COMMUNE}/competences`);
    await link.click();
    await page.waitForURL(new RegExp(`/admin/units/${COMMUNE}/competences`));
    await page.getByRole("heading", { level: 2, name: "Kỹ năng đã học" }).waitFor();
    expect(await page.title()).toContain("Kỹ năng đã học");
    await expect(page.getByText(/^Xã Mường Bú: \d+ thành viên$/).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/Số thành viên đã hoàn thành ít nhất một khoá dạy kỹ năng này/).isVisible()).resolves.toBe(true);

    const basic = page.getByRole("region", { name: "5 kỹ năng số cơ bản" });
    expect(await basic.getByRole("heading", { level: 3 }).allInnerTexts()).toEqual(BASIC_SKILLS.map((code) => BASIC_SKILL_LABELS_VI[code]));
    const safety = basic.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: BASIC_SKILL_LABELS_VI["cyber-safety"] }) });
    await expect(
      safety
        .getByText(/^Tháng \d{2}\/\d{4}: đã hướng dẫn \d+ người dân, \d+ lượt$/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    // Every skill says in words how far it is learned, or that it is a gap.
    for (const code of BASIC_SKILLS) {
      const card = basic.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: BASIC_SKILL_LABELS_VI[code] }) });
      expect(await card.getByText(/\d+% · \d+\/\d+ thành viên đã học|Chưa có khoá nào dạy kỹ năng này|Chưa có thành viên/).count(), code).toBeGreaterThan(0);
    }

    const digcomp = page.getByRole("region", { name: "Khung năng lực số DigComp 2.2" });
    expect(await digcomp.getByRole("heading", { level: 3 }).allInnerTexts()).toEqual(
      DIGCOMP_AREAS.map((area) => `Lĩnh vực ${area}: ${DIGCOMP_AREA_LABELS[area].vi}`),
    );
    await expect(digcomp.getByText(/^Chưa có khoá dạy: \d+ năng lực$/).isVisible()).resolves.toBe(true);
    expect(await digcomp.locator(".cc-item").count()).toBe(21);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await keepScreenshot(page, { path: `${SHOTS}competences.png`, fullPage: true });
    await checkAccessibility(page, "admin skills learned");
    await context.close();
  });
});

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { apiJson, DEMO_PASSWORD, findChromium, launchBrowser, newPhoneContext, signInOnPage, keepScreenshot } from "./browser";

/**
 * Issue 19's "a trainer sees a flagged question with its distractor shares": a member of their own answers a
 * quiz twenty times, always with each question's first option (so every question they meet is either always
 * right or always wrong, and its other options are never picked), through the API as the phone would send it;
 * the trainer then opens the course's question analytics on a 360 × 640 phone and reads the flags and shares.
 */

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/issue19/", import.meta.url));
const COURSE = "e-commerce";
const MEMBER = `08${String(Date.now() % 1e8).padStart(8, "0")}`;
const ATTEMPTS = 20;

const api = <T>(method: string, path: string, token?: string, body?: unknown) => apiJson<T>(baseUrl, method, path, token, body);

interface LearnerQuiz {
  id: string;
  title: string;
  questions: { id: string; prompt: string; options: { id: string; text: string }[] }[];
  draws?: { token: string; questionIds: string[] }[];
}

let browser: Browser;

describe.skipIf(!baseUrl)("question analytics for the trainer", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a flagged question with the share of each option", async () => {
    const { accessToken } = await api<{ accessToken: string }>("POST", "/auth/register", undefined, {
      phone: MEMBER,
      password: DEMO_PASSWORD,
      fullName: "Quàng Thị Mai",
      joinCode: "DEMO-SONLA",
      consent: true,
    });
    const course = await api<{ modules: { quizId: string }[] }>("GET", `/courses/${COURSE}`, accessToken);
    const quizId = course.modules.at(-1)!.quizId;
    const quiz = await api<LearnerQuiz>("GET", `/quizzes/${quizId}`, accessToken);
    const firstOption = new Map(quiz.questions.map((q) => [q.id, q.options[0]!.id]));
    const sets = quiz.draws?.length ? quiz.draws : [{ token: undefined, questionIds: quiz.questions.map((q) => q.id) }];
    for (let i = 0; i < ATTEMPTS; i++) {
      const set = sets[i % sets.length]!;
      await api("POST", `/quizzes/${quizId}/attempts`, accessToken, {
        attemptId: crypto.randomUUID(),
        ...(set.token ? { drawToken: set.token } : {}),
        answers: set.questionIds.map((questionId) => ({ questionId, optionIds: [firstOption.get(questionId)!], seconds: 12 })),
      });
    }

    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await signInOnPage(page, baseUrl, "0912000002");
    await page.waitForURL(/\/trainer/);
    await page.goto(`${baseUrl}/trainer/courses/${COURSE}/analytics`);
    const section = page.getByRole("region", { name: quiz.title });
    await section.waitFor();

    // The question answered most often by this member: every answer to it was its first option.
    const counted = new Map<string, number>();
    for (let i = 0; i < ATTEMPTS; i++) for (const id of sets[i % sets.length]!.questionIds) counted.set(id, (counted.get(id) ?? 0) + 1);
    const [questionId] = [...counted].sort((a, b) => b[1] - a[1])[0]!;
    const question = quiz.questions.find((q) => q.id === questionId)!;
    const card = section.getByRole("listitem").filter({ hasText: question.prompt }).first();
    await card.scrollIntoViewIfNeeded();
    // Always right or always wrong (unless other browser tests answered it too), and the other options unpicked.
    await expect(
      card
        .getByText(/Quá dễ|Quá khó|Có lựa chọn không ai chọn/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    for (const option of question.options) await expect(card.getByText(option.text, { exact: false }).first().isVisible()).resolves.toBe(true);
    const shares = await card.getByText(/\d+% chọn/).allInnerTexts();
    expect(shares.length).toBe(question.options.length);
    expect(shares.some((text) => /^([7-9]\d|100)(,\d+)?% chọn/.test(text.trim()))).toBe(true);
    await expect(
      card
        .getByText(/Thời gian|giây/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await keepScreenshot(card, { path: `${SCREENSHOTS}trainer-flagged-question-360.png` });
    await checkAccessibility(page, "trainer question analytics");
    await context.close();
  });
});

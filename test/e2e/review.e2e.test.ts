import { mkdirSync, readFileSync } from "node:fs";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { apiJson, findChromium, launchBrowser, newPhoneContext, signInOnPage, keepScreenshot } from "./browser";

/**
 * Issue 19's review deck on a 360 × 640 phone against the local server: a member passes a quiz with one question
 * wrong; "2 phút ôn tập" shows on the home screen; with the network off they review that question from the deck,
 * the review waits in the outbox, and once the network is back it reaches the server. The phone's clock is an
 * hour ahead, as cheap phones' often are: the server keeps the review at the time it was really made.
 */

const baseUrl = inject("baseUrl");
const SHOTS = "/tmp/shots/";
const PASSWORD = "Demo@2026";
/** A member of their own (joined bản Bó with its code), so no other browser test's attempts are in their deck. */
const MEMBER = `08${String((Date.now() + 7) % 1e8).padStart(8, "0")}`;
/** A quiz taken straight from the catalogue: no lesson need be finished first. */
const COURSE = "e-commerce";
const QUIZ = `${COURSE}.m1`;

let browser: Browser;
const contexts: BrowserContext[] = [];

const api = <T>(method: string, path: string, token?: string, body?: unknown) => apiJson<T>(baseUrl, method, path, token, body);

interface BundleQuestion {
  id: string;
  kind: string;
  prompt: string;
  options: { id: string; text: string }[];
  correctOptionIds: string[];
  explanation: string;
}

/** The quiz's questions with their answers, from the course's own bundle (the app never shows them before a pass). */
function bundleQuestions(): Map<string, BundleQuestion> {
  const bundle = JSON.parse(readFileSync(new URL(`../../content/courses/${COURSE}/course.json`, import.meta.url), "utf8")) as {
    modules: { id: string; quiz: { questions: BundleQuestion[] } }[];
  };
  return new Map(bundle.modules.find((m) => `${COURSE}.${m.id}` === QUIZ)!.quiz.questions.map((q) => [q.id, q]));
}

interface Deck {
  cards: { id: string; questionId: string; state: { reps: number; lastReview: string; due: string } | null }[];
  week: { start: string; days: string[] };
}

describe.skipIf(!baseUrl)("the review deck on a 360 × 640 phone, offline", () => {
  let token: string;
  let wrong: BundleQuestion;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const registered = await api<{ accessToken: string }>("POST", "/auth/register", undefined, {
      phone: MEMBER,
      password: PASSWORD,
      fullName: "Hà Thị Ôn",
      joinCode: "DEMO-SONLA",
      consent: true,
    });
    token = registered.accessToken;
    // The quiz asks five of its questions (a draw the server signed); one single-choice question answered wrong.
    const quiz = await api<{ draws: { token: string; questionIds: string[] }[]; passPercent: number }>("GET", `/quizzes/${QUIZ}`, token);
    const draw = quiz.draws[0]!;
    const questions = bundleQuestions();
    wrong = draw.questionIds.map((id) => questions.get(id)!).find((q) => q.kind === "single")!;
    const answers = draw.questionIds.map((id) => {
      const question = questions.get(id)!;
      const optionIds = question === wrong ? [question.options.find((o) => !question.correctOptionIds.includes(o.id))!.id] : question.correctOptionIds;
      return { questionId: id, optionIds };
    });
    const result = await api<{ passed: boolean; scorePercent: number }>("POST", `/quizzes/${QUIZ}/attempts`, token, {
      attemptId: crypto.randomUUID(),
      answers,
      drawToken: draw.token,
    });
    expect(result).toMatchObject({ passed: true, scorePercent: 80 });
    browser = await launchBrowser(findChromium()!);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it("shows '2 phút ôn tập', reviews the wrong question with no network on a phone an hour ahead, and syncs the review once back online", async () => {
    const cardId = `${QUIZ}.${wrong.id}`;
    const before = await api<Deck>("GET", "/me/review-deck", token);
    expect(before.cards.map((c) => [c.id, c.state])).toEqual([[cardId, null]]);

    const context = await newPhoneContext(browser);
    contexts.push(context);
    const hour = 3_600_000;
    await context.clock.install({ time: new Date(Date.now() + hour) });
    await context.clock.resume();
    const page = await context.newPage();
    await signInOnPage(page, baseUrl, MEMBER);
    expect((await page.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(hour - 60_000);
    await page.getByRole("heading", { name: /^Xin chào/ }).waitFor();
    // The service worker holds the app (the deck's chunk included) before the network goes.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });

    const homeCard = page.locator("section.review-home");
    await homeCard.getByRole("heading", { name: "2 phút ôn tập" }).waitFor();
    await homeCard.getByText("1 câu bạn từng trả lời sai đang chờ ôn lại.").waitFor();
    await homeCard.scrollIntoViewIfNeeded();
    await keepScreenshot(page, { path: `${SHOTS}review-home-card.png` });
    await checkAccessibility(page, "review-home-card");

    await context.setOffline(true);
    await homeCard.getByRole("link", { name: "Ôn ngay" }).click();
    await page.getByRole("heading", { level: 1, name: "2 phút ôn tập" }).waitFor();
    await page.getByText("Câu 1/1").waitFor();
    await page.getByRole("heading", { name: wrong.prompt }).waitFor();
    await keepScreenshot(page, { path: `${SHOTS}review-card.png`, fullPage: true });
    await checkAccessibility(page, "review-card");

    // The right answer this time: tapped, checked, then shown with the explanation.
    const right = wrong.options.find((o) => o.id === wrong.correctOptionIds[0])!;
    await page.getByLabel(right.text, { exact: true }).check();
    await page.getByRole("button", { name: "Kiểm tra" }).click();
    await page.locator(".question__verdict").getByText("Trả lời đúng").waitFor();
    // The button pressed is gone: focus is on the verdict, not dropped to the page.
    await page.waitForFunction(() => document.activeElement?.classList.contains("question__verdict"));
    await page.getByText(`Giải thích: ${wrong.explanation}`).waitFor();
    await page.getByRole("status").getByText("Bạn nhớ đúng. Câu này sẽ quay lại sau vài ngày.").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}review-card-answered.png`, fullPage: true });
    await checkAccessibility(page, "review-card-answered");
    await page.getByRole("button", { name: "Tiếp tục" }).click();

    await page.getByRole("heading", { name: "Xong! Hẹn bạn lần sau" }).waitFor();
    await page.getByText("Bạn vừa ôn 1 câu, đúng 1 câu.").waitFor();
    await page.getByText("1 kết quả ôn tập đang chờ gửi. Máy sẽ tự gửi khi có mạng.").waitFor();
    await page.getByText("Bạn đã ôn 1 ngày trong tuần này.").waitFor();
    await keepScreenshot(page, { path: `${SHOTS}review-done-offline.png`, fullPage: true });
    await checkAccessibility(page, "review-done");

    // Waiting in the outbox; the server has heard nothing.
    await page.getByRole("link", { name: /Chờ gửi/ }).click();
    const item = page.locator(".outbox-item").filter({ hasText: "Ôn tập" }).filter({ hasText: wrong.prompt });
    await item.getByText("Đang chờ gửi").waitFor();
    expect((await api<Deck>("GET", "/me/review-deck", token)).cards[0]!.state).toBeNull();

    await context.setOffline(false);
    await item.getByText("Đã gửi").waitFor({ timeout: 30_000 });
    const after = await api<Deck>("GET", "/me/review-deck", token);
    const state = after.cards.find((c) => c.id === cardId)!.state!;
    expect(state.reps).toBe(1);
    expect(Date.parse(state.due)).toBeGreaterThan(Date.parse(state.lastReview) + 86_400_000);
    // On the server's clock: made a moment ago, not an hour from now.
    expect(Math.abs(Date.parse(state.lastReview) - Date.now())).toBeLessThan(10 * 60_000);
    expect(after.week.days).toHaveLength(1);
  });
});

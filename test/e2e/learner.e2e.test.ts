import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkAccessibility } from "./axe";
import { findChromium, launchBrowser, newPhoneContext, playScenarioOnPage, seededScenarios, keepScreenshot } from "./browser";

const baseUrl = inject("baseUrl");
const SCREENSHOTS = fileURLToPath(new URL("../../test-results/e2e/", import.meta.url));
const COURSE_TITLE = "An toàn trên không gian mạng";

let browser: Browser;
let context: BrowserContext;
let page: Page;
const taken = new Set<string>();
const checked = new Set<string>();

/** axe on the first screen of each kind; later ones are built from the same parts. */
async function checkOnce(name: string) {
  if (checked.has(name)) return;
  checked.add(name);
  await checkAccessibility(page, `learner-${name}`);
}

/** The first screen of each kind is enough to look at; later ones would only repeat it. */
async function screenshot(name: string) {
  if (taken.has(name)) return;
  taken.add(name);
  await keepScreenshot(page, { path: `${SCREENSHOTS}learner-${name}.png`, fullPage: true });
}

/** No sideways scrolling at 360 px, and every button, input and link in the learner UI at least 48 px high. */
async function checkPhoneLayout() {
  const report = await page.evaluate(() => {
    const targets = Array.from(
      document.querySelectorAll<HTMLElement>(
        "main button:not(.spot__region), main input:not([type=checkbox]):not([type=radio]), main label.option, main a.button, main .step, .learner-nav a",
      ),
    );
    return {
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      small: targets
        .map((element) => ({ element: element.outerHTML.slice(0, 100), height: element.getBoundingClientRect().height }))
        .filter(({ height }) => height > 0 && height < 48),
    };
  });
  expect(report.overflow).toBeLessThanOrEqual(0);
  expect(report.small).toEqual([]);
}

/**
 * The right options of each question, by prompt, from the course's own bundle: the app never shows them
 * before the quiz is passed, so a learner (and this test) cannot read them off a failed attempt.
 */
/** A prompt as the quiz shows it: without a closing "(Chọn tất cả ý đúng)", which the hint under it already says. */
const shownPrompt = (prompt: string) => prompt.replace(/\s*\(Chọn tất cả[^)]*\)\s*$/u, "");

function correctAnswers(): Map<string, string[]> {
  const bundle = JSON.parse(readFileSync(new URL("../../content/courses/cyber-safety/course.json", import.meta.url), "utf8")) as {
    modules: { quiz: { questions: { prompt: string; options: { id: string; text: string }[]; correctOptionIds: string[] }[] } }[];
  };
  const answers = new Map<string, string[]>();
  for (const question of bundle.modules.flatMap((m) => m.quiz.questions)) {
    answers.set(
      shownPrompt(question.prompt),
      question.correctOptionIds.map((id) => question.options.find((o) => o.id === id)!.text),
    );
  }
  return answers;
}

/** Answers the quiz on screen, one question per screen: nothing at all, or the given right answers. */
async function answerQuiz(answers?: Map<string, string[]>) {
  for (;;) {
    const question = page.locator(".quiz-question");
    await question.waitFor();
    const prompt = (await question.locator(".question__prompt").textContent()) ?? "";
    const spot = (await question.locator(".spot").count()) > 0;
    if (answers) {
      const right = answers.get(prompt);
      expect(right, prompt).toBeDefined();
      for (const text of right!) {
        if (spot) await question.getByRole("button", { name: text, exact: true }).click();
        else await question.getByLabel(text, { exact: true }).check();
      }
    }
    if (spot && answers) await screenshot("06-spot-the-scam");
    const kind = spot ? "spot" : (await question.locator("input[type=checkbox]").count()) ? "multiple" : "single";
    await checkOnce(`quiz-question-${kind}${answers ? "-answered" : ""}`);
    const submit = question.getByRole("button", { name: "Nộp bài" });
    if (await submit.count()) {
      await checkPhoneLayout();
      await submit.click();
      if (!answers) {
        await question.getByRole("button", { name: "Vẫn nộp bài" }).waitFor();
        await checkOnce("quiz-unanswered-warning");
        await question.getByRole("button", { name: "Vẫn nộp bài" }).click();
      }
      return;
    }
    await question.getByRole("button", { name: "Câu tiếp ›" }).click();
  }
}

/** Takes the quiz on screen: fails it with no answers, reads the right ones from the result, then passes it. */
async function failThenPassQuiz() {
  await page.getByRole("button", { name: /Bắt đầu làm bài|Làm tiếp/ }).click();
  await answerQuiz();
  await page.getByRole("heading", { name: "Kết quả: 0%" }).waitFor();
  await page.getByText(/^Chưa đạt \(cần \d+%\)$/).waitFor();
  await screenshot("07-quiz-failed");
  await checkOnce("quiz-failed");
  // A failed attempt says which questions were wrong, never which options were right.
  expect(await page.locator(".review__item").count()).toBeGreaterThan(0);
  expect(await page.locator(".review .option__mark", { hasText: "Đáp án đúng" }).count()).toBe(0);
  const answers = correctAnswers();

  await page.getByRole("button", { name: "Làm lại" }).click();
  await answerQuiz(answers);
  await page.getByRole("heading", { name: "Kết quả: 100%" }).waitFor();
  await page.getByText(/^Đạt \(cần \d+%\)$/).waitFor();
  await screenshot("08-quiz-passed");
  await checkOnce("quiz-passed");
}

/** Reads the lesson on screen to its end and completes it; slides are swiped through, a scenario played to a safe ending. */
async function readLesson() {
  const title = await page.locator("#lesson-title").textContent();
  const kind = (await page.locator(".lesson").getAttribute("class"))?.match(/lesson--(\w+)/)?.[1] ?? "text";
  if (kind === "scenario") {
    // Completed by playing it, not by "Hoàn thành": only a safe ending counts.
    const lesson = seededScenarios().find((s) => s.courseId === "cyber-safety" && s.title === title);
    expect(lesson, `${title} in the course bundle`).toBeDefined();
    await playScenarioOnPage(page, lesson!.scenario, "safe");
    await page.locator(".lesson-meta").getByText("✓ Đã hoàn thành").waitFor();
  }
  if (kind === "slides") {
    const next = page.getByRole("button", { name: "Trang sau" });
    while (await next.isEnabled()) await next.click();
    await page.getByText(/^(\d+)\/\1$/).waitFor();
  }
  await screenshot(`05-lesson-${kind}`);
  await checkPhoneLayout();
  await checkOnce(`lesson-${kind}`);
  // "Hoàn thành" completes and moves on; once the end of a lesson has been on screen for a few seconds it is
  // already complete, and the same place holds "Bài tiếp theo" instead.
  await page.locator(".lesson-nav .button--primary").click();
  await page.waitForFunction((previous) => document.querySelector("#lesson-title")?.textContent !== previous, title);
}

describe.skipIf(!baseUrl)("a member learns a course on a 360 × 640 phone and gets a certificate", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchBrowser(findChromium()!);
    context = await newPhoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it("reads every lesson, fails then passes each quiz, and finds the certificate, which verifies", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Số điện thoại").fill("0912000001");
    await page.getByLabel("Mật khẩu", { exact: true }).fill("Demo@2026");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Xin chào, Lò Thị Hương!" }).waitFor();
    for (const topic of ["Dịch vụ công trực tuyến", "Thanh toán không dùng tiền mặt", "Mua bán trực tuyến", "An toàn trên không gian mạng"]) {
      await page.getByRole("heading", { level: 3, name: topic }).waitFor();
    }
    await checkPhoneLayout();
    await checkOnce("catalogue");
    await screenshot("01-catalogue");

    // The home screen may list it twice: assigned by a campaign (another test sets one), and in the catalogue.
    await page.getByRole("link", { name: COURSE_TITLE, exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: COURSE_TITLE }).waitFor();
    await page.getByRole("button", { name: /Tải về để học không cần mạng \(0,\d+ MB\)/ }).waitFor();
    await checkPhoneLayout();
    await checkOnce("course");
    await screenshot("02-course");

    await page.getByRole("link", { name: /^(Bắt đầu học|Học tiếp|Làm bài kiểm tra)/ }).click();
    let quizzes = 0;
    while (quizzes < 4) {
      await page.waitForURL(/\/(lessons|quizzes)\//);
      if (page.url().includes("/lessons/")) {
        await page.locator("#lesson-title").waitFor();
        await readLesson();
        continue;
      }
      await page.getByRole("heading", { level: 1 }).waitFor();
      if (!taken.has("04-quiz-intro")) await screenshot("04-quiz-intro");
      await checkOnce("quiz-intro");
      await failThenPassQuiz();
      quizzes++;
      if (quizzes < 4) {
        const url = page.url();
        await page.getByRole("link", { name: "Học tiếp ›" }).click();
        await page.waitForURL((next) => next.href !== url);
      }
    }

    await page.getByText("Chúc mừng! Bạn đã hoàn thành khoá học và được cấp chứng nhận.").waitFor();
    await screenshot("09-course-completed");
    await checkOnce("quiz-course-completed");
    await page.getByRole("link", { name: "Xem chứng nhận" }).click();
    await page.getByRole("heading", { name: "Chứng nhận của tôi" }).waitFor();
    const card = page.locator(".certificate").filter({ hasText: COURSE_TITLE });
    const code = (await card.locator(".code").textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    await card.getByRole("button", { name: "Hiện mã QR" }).click();
    await card.getByRole("img", { name: `Mã QR kiểm tra chứng nhận ${code}` }).waitFor();
    await checkPhoneLayout();
    await checkOnce("certificates");
    await screenshot("10-certificates");

    const download = page.waitForEvent("download");
    await card.getByRole("button", { name: "Tải PDF" }).click();
    expect((await download).suggestedFilename()).toBe(`chung-nhan-${code.replace(/-/g, "")}.pdf`);
    await card.getByText("Đã tải tệp PDF về điện thoại.").waitFor();
    await checkOnce("certificates-pdf-downloaded");

    await card.getByRole("link", { name: "Kiểm tra chứng nhận" }).click();
    await page.getByRole("heading", { name: "Chứng nhận hợp lệ" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/verify/${code.replace(/-/g, "")}`);
    await page.getByText(COURSE_TITLE, { exact: true }).waitFor();
    await page.getByText("Lò T. H***").waitFor();
    await checkPhoneLayout();
    await checkAccessibility(page, "verify");
    await screenshot("11-verify");

    // A QR link whose facts were edited: the lookup still answers, but the signature check on the phone fails.
    const facts = Buffer.from(JSON.stringify({ n: "Nguyễn Văn Giả", c: "cyber-safety", t: COURSE_TITLE, v: 1, i: new Date().toISOString() })).toString(
      "base64url",
    );
    const forged = Buffer.alloc(64, 7).toString("base64url");
    await page.goto(`${baseUrl}/verify/${code.replace(/-/g, "")}?d=${facts}&s=${forged}`);
    await page.getByText("Chữ ký không hợp lệ").waitFor();
    await page.getByRole("heading", { name: "Chứng nhận hợp lệ" }).waitFor();
    expect(await page.getByText("Nguyễn Văn Giả").count()).toBe(0);
    await checkAccessibility(page, "verify-forged-link");
    await screenshot("11b-verify-forged-link");

    // Back on the course: all ticks, 100 %, and the progress screen agrees.
    await page.goto(`${baseUrl}/progress`);
    const row = page.locator(".progress-item").filter({ hasText: COURSE_TITLE });
    await row.getByText("Đã hoàn thành").waitFor();
    await checkOnce("progress");
    await screenshot("12-progress");

    // An ordering question (payments, part 3): steps placed by tapping, no dragging. The quiz resumes a saved
    // attempt, as after a reload, on one of the server's draws that asks this question.
    const quiz = await page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem("kns.session")!) as { accessToken: string; user: { id: string } };
      const res = await fetch("/api/v1/quizzes/payments.m3", { headers: { authorization: `Bearer ${session.accessToken}` } });
      return {
        userId: session.user.id,
        body: (await res.json()) as { draws: { token: string; questionIds: string[] }[]; questions: { id: string; kind: string; options: { id: string }[] }[] },
      };
    });
    const draw = quiz.body.draws.find((d) => d.questionIds.includes("m3-q7"))!;
    expect(draw).toBeDefined();
    const ordering = quiz.body.questions.find((q) => q.id === "m3-q7")!;
    expect(ordering.kind).toBe("ordering");
    // The phone never gets the authored ids (a, b, c…), which would give the order away.
    for (const option of ordering.options) expect(["a", "b", "c", "d", "e"]).not.toContain(option.id);
    const draft = {
      questionIds: ["m3-q7", ...draw.questionIds.filter((id) => id !== "m3-q7")],
      drawToken: draw.token,
      optionOrder: {},
      answers: {},
      index: 0,
      startedAt: new Date().toISOString(),
    };
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [`kns.quiz.${quiz.userId}.payments.m3`, JSON.stringify(draft)]);
    await page.goto(`${baseUrl}/courses/payments/quizzes/payments.m3`);
    const steps = JSON.parse(readFileSync(new URL("../../content/courses/payments/course.json", import.meta.url), "utf8"))
      .modules.find((m: { id: string }) => m.id === "m3")
      .quiz.questions.find((q: { id: string }) => q.id === "m3-q7")
      .options.map((o: { text: string }) => o.text) as string[];
    const question = page.locator(".quiz-question");
    const resume = page.getByRole("button", { name: "Làm tiếp" });
    if (await resume.isVisible()) await resume.click();
    await question.getByText("Chạm lần lượt vào từng bước theo đúng thứ tự.", { exact: false }).waitFor();
    // Place them wrong first (last step first), take it back, then in the right order.
    await question.getByRole("button", { name: new RegExp(steps.at(-1)!) }).click();
    await question.getByRole("button", { name: `Bỏ ra: ${steps.at(-1)}` }).click();
    for (const step of steps) await question.getByRole("button", { name: new RegExp(`Xếp làm bước \\d+: ${step}`) }).click();
    await question.getByText(`Thứ tự của bạn (${steps.length}/${steps.length} bước)`).waitFor();
    expect(await question.locator(".ordering__placed .ordering__text").allTextContents()).toEqual(steps);
    await checkPhoneLayout();
    await checkOnce("quiz-ordering");
    await screenshot("06b-ordering");
    // Graded on the server: the ordering question is right, the others (left empty) wrong.
    while (!(await question.getByRole("button", { name: "Nộp bài" }).count())) await question.getByRole("button", { name: "Câu tiếp ›" }).click();
    await question.getByRole("button", { name: "Nộp bài" }).click();
    await question.getByRole("button", { name: "Vẫn nộp bài" }).click();
    await page.getByRole("heading", { name: "Kết quả: 20%" }).waitFor();
    const reviewed = page.locator(".review__item").filter({ hasText: "Trả tiền điện trên ứng dụng ngân hàng" });
    await reviewed.getByText("Trả lời đúng").waitFor();

    // The screens linked from home: downloads (none on this phone), account, and sharing the phone.
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: "Bài học đã tải về và tiết kiệm dữ liệu" }).click();
    await page.getByRole("heading", { level: 1, name: "Bài học trên điện thoại" }).waitFor();
    await checkPhoneLayout();
    await checkOnce("downloads-empty");
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: "Đổi mật khẩu, đăng xuất khỏi mọi máy" }).click();
    await page.getByRole("heading", { level: 1, name: "Tài khoản và bảo mật" }).waitFor();
    await checkPhoneLayout();
    await checkOnce("account");
    await page.getByRole("button", { name: "Đổi mật khẩu", exact: true }).click();
    await page.locator("[aria-invalid=true]").first().waitFor();
    await checkOnce("account-errors");
    await page.goto(`${baseUrl}/`);
    await page.getByRole("link", { name: "Dùng chung máy: thêm người, đổi người" }).click();
    await page.getByRole("heading", { level: 1, name: "Dùng chung điện thoại" }).waitFor();
    await checkPhoneLayout();
    await checkOnce("profiles");
    await page.getByRole("button", { name: "Đặt mã PIN" }).click();
    await page.getByLabel("Mã PIN mới").waitFor();
    await checkOnce("profiles-set-pin");

    // The same learner screens in English.
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.goto(`${baseUrl}/progress`);
    await page.getByRole("heading", { level: 1, name: "My progress" }).waitFor();
    await checkOnce("progress-english");
    await page.goto(`${baseUrl}/certificates`);
    await page.getByRole("heading", { level: 1, name: "My certificates" }).waitFor();
    await checkOnce("certificates-english");
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { level: 1, name: /^Hello/ }).waitFor();
    await checkOnce("catalogue-english");
    await page.goto(`${baseUrl}/account`);
    await page.getByRole("heading", { level: 1, name: "Account and security" }).waitFor();
    await checkOnce("account-english");
  }, 300_000); // the whole course, four quizzes twice and an axe check on every screen: the longest journey in the suite

  it("asks for a linked lesson's course from the page itself as it is parsed, which the page's CSP allows", async () => {
    // The signed-in phone of the journey above opens a link to a lesson. The page's inline script sends the course
    // request while the page is still being parsed (web/src/build/preload-linked-screen.ts); the server's CSP
    // names that script's hash. A wrong hash would block it, and the app would ask only once its code had run.
    const linked = await context.newPage();
    await linked.addInitScript(() => {
      const seen = { requests: [] as string[][], violations: [] as string[] };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        seen.requests.push([String(input instanceof Request ? input.url : input), document.readyState]);
        return fetch(input, init);
      };
      document.addEventListener("securitypolicyviolation", (event) => seen.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    try {
      const answer = await linked.goto(`${baseUrl}/courses/public-services/lessons/m1-l1`);
      expect(answer?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='/);
      await linked.locator("#lesson-title").waitFor();
      const seen = await linked.evaluate(() => (window as unknown as { __seen: { requests: string[][]; violations: string[] } }).__seen);
      expect(seen.violations).toEqual([]);
      const course = seen.requests.filter(([url]) => url?.endsWith("/api/v1/courses/public-services"));
      expect(course).toEqual([["/api/v1/courses/public-services", "loading"]]);
    } finally {
      await linked.close();
    }
  });
});

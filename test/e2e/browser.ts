import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import type { Scenario } from "../../packages/core/src/model";

/**
 * Browser e2e runs the system Chromium (Debian's `chromium` package); it never downloads one. Where none is
 * installed the e2e tests are skipped locally, but fail in CI, where a skipped suite would look like a pass.
 */
export const INSTALL_HINT = "Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.";

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, but there is no file there. ${INSTALL_HINT}`);
    return fromEnv;
  }
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const which = spawnSync("which", ["chromium", "chromium-browser"], { encoding: "utf8" });
  const found = (which.stdout ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean);
  if (found) return found;
  if (process.env.CI) throw new Error(`No Chromium found for the browser e2e tests. ${INSTALL_HINT}`);
  return undefined;
}

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh profile shaped like the learners' phones: a small Android screen, touch, Vietnamese locale. */
export function newPhoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "vi-VN",
    ...options,
  });
}

/**
 * Screenshots are for a person to look at (under test-results/): taken only when `E2E_SCREENSHOTS=1`. A full-page
 * shot of a phone screen at twice its density costs a busy 2-core machine a few hundred milliseconds, over a
 * hundred times a run, and no test reads them.
 */
export const SCREENSHOTS_WANTED = process.env.E2E_SCREENSHOTS === "1";

export async function keepScreenshot(target: Pick<Page, "screenshot">, options: NonNullable<Parameters<Page["screenshot"]>[0]> & { path: string }) {
  if (SCREENSHOTS_WANTED) await target.screenshot(options);
}

/** The demo accounts' password (packages/core/src/seed). */
export const DEMO_PASSWORD = "Demo@2026";

/** A JSON call to the local server's API that must succeed (the failure names the route and status). */
export async function apiJson<T>(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Signs in through the sign-in screen, as a person would. */
export async function signInOnPage(page: Page, baseUrl: string, phone: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** A scenario lesson (the scam simulator) of a seeded course, as its bundle in content/courses/ has it. */
export interface SeededScenario {
  courseId: string;
  courseTitle: string;
  lessonId: string;
  title: string;
  scenario: Scenario;
}

/** Every scenario lesson of the seeded courses, in course and lesson order. */
export function seededScenarios(): SeededScenario[] {
  const dir = new URL("../../content/courses/", import.meta.url);
  return readdirSync(dir)
    .sort()
    .flatMap((courseId) => {
      const file = new URL(`${courseId}/course.json`, dir);
      if (!existsSync(file)) return [];
      const bundle = JSON.parse(readFileSync(file, "utf8")) as {
        title: string;
        modules: { lessons: { id: string; title: string; kind: string; scenario?: Scenario }[] }[];
      };
      return bundle.modules.flatMap((module) =>
        module.lessons.flatMap((lesson) =>
          lesson.kind === "scenario" && lesson.scenario
            ? [{ courseId, courseTitle: bundle.title, lessonId: lesson.id, title: lesson.title, scenario: lesson.scenario }]
            : [],
        ),
      );
    });
}

/** The choices to tap, step by step, along the shortest way from the start to an ending with this outcome. */
export function scenarioRoute(scenario: Scenario, outcome: "safe" | "scammed"): { choices: string[]; ending: Scenario["endings"][number] } {
  const steps = new Map(scenario.steps.map((step) => [step.id, step]));
  const endings = new Map(scenario.endings.map((ending) => [ending.id, ending]));
  const queue: { at: string; choices: string[] }[] = [{ at: scenario.start, choices: [] }];
  const seen = new Set<string>();
  while (queue.length) {
    const { at, choices } = queue.shift()!;
    const ending = endings.get(at);
    if (ending?.outcome === outcome) return { choices, ending };
    if (seen.has(at)) continue;
    seen.add(at);
    for (const choice of steps.get(at)?.choices ?? []) queue.push({ at: choice.next, choices: [...choices, choice.text] });
  }
  throw new Error(`scenarioRoute: no way to a ${outcome} ending`);
}

/**
 * Plays the scenario lesson on screen to an ending of that outcome by tapping its choices (`before` runs before
 * each tap, e.g. to check the screen), and waits for the ending's title. Returns the ending.
 */
export async function playScenarioOnPage(
  page: Page,
  scenario: Scenario,
  outcome: "safe" | "scammed",
  before?: (step: number, steps: number) => Promise<void>,
): Promise<Scenario["endings"][number]> {
  const route = scenarioRoute(scenario, outcome);
  for (const [step, text] of route.choices.entries()) {
    const choices = page.locator(".sim-choices");
    await choices.waitFor();
    await before?.(step, route.choices.length);
    await choices.getByRole("button", { name: text, exact: true }).click();
  }
  await page.getByRole("heading", { level: 2, name: route.ending.title, exact: true }).waitFor();
  return route.ending;
}

import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA, as axe-core tags its rules. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Impacts that fail a test; "moderate" and "minor" ones are only reported. */
const BLOCKING = new Set(["serious", "critical"]);

type Result = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

const REPORTS = fileURLToPath(new URL("../../test-results/e2e/axe/", import.meta.url));

function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) => {
    const summary = node.failureSummary?.replace(/\s*\n\s*/g, " ").trim();
    return `    - ${node.target.map(String).join(" ")}\n      ${node.html.replace(/\s+/g, " ").slice(0, 240)}${summary ? `\n      ${summary}` : ""}`;
  });
  return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes.join("\n")}`;
}

/**
 * Runs axe-core on what `page` shows now, against WCAG 2.0/2.1/2.2 A and AA. A "serious" or "critical" violation
 * fails the test with each rule, its help text and every failing element's selector and HTML; moderate and
 * minor ones get one summary line in the log. The full result of each screen is kept in test-results/e2e/axe/.
 */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  // Fonts first, so the text is measured in the face a person sees.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Legacy mode runs axe in the page itself: the default (partial) mode opens a blank tab for every scan to
  // finish the run there, which buys nothing here since the app has no frames. Passed and inapplicable rules keep
  // one node each (`passed` lists their rules): every node's selector and HTML are kept only for what failed or
  // needs a look, the only results read.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ["violations", "incomplete"] })
    .withTags(WCAG_TAGS)
    .setLegacyMode()
    .analyze();

  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(
    `${REPORTS}${screen}.json`,
    JSON.stringify(
      { url: results.url, violations: results.violations, incomplete: results.incomplete, passed: results.passes.map((rule) => rule.id) },
      null,
      2,
    ),
  );

  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ""));
  const other = results.violations.filter((violation) => !BLOCKING.has(violation.impact ?? ""));
  if (other.length) {
    const counts = other.map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length})`).join(", ");
    console.log(`[axe] ${screen}: not failing on ${counts}`);
  }
  expect(
    blocking.length,
    `axe found ${blocking.length} serious or critical violation(s) on "${screen}" (${results.url}):\n${blocking.map(describeViolation).join("\n")}`,
  ).toBe(0);
}

// `npm test`: lint and format check (Biome), typecheck, then every Vitest project (unit, int, infra, web, e2e) in one run.
// Extra arguments go to Vitest, e.g. `npm test -- --project int`.
// Writes test-results/vitest.json and ends with one "N passed, N failed, N skipped" line; with
// REQUIRE_E2E=1 (set by .ci/run) it fails when no browser test ran or any was skipped.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env }).status ?? 1;

if (!process.argv.includes("--no-typecheck")) {
  console.log("› lint and format (biome)");
  if (run("npm", ["run", "--silent", "lint"]) !== 0) process.exit(1);
  console.log("› typecheck");
  if (run("npm", ["run", "--silent", "typecheck"]) !== 0) process.exit(1);
}

mkdirSync(`${root}/test-results`, { recursive: true });
const report = `${root}/test-results/vitest.json`;
// A report left by an earlier run must not stand for this one if Vitest stops before writing its own.
rmSync(report, { force: true });
const extra = process.argv.slice(2).filter((arg) => arg !== "--no-typecheck");
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra]);

if (!existsSync(report)) process.exit(status || 1);
const results = JSON.parse(readFileSync(report, "utf8"));
const tests = results.testResults.flatMap((file) => file.assertionResults.map((test) => ({ file: file.name, status: test.status })));
const count = (s) => tests.filter((t) => t.status === s).length;
const e2e = tests.filter((t) => t.file.includes("/test/e2e/"));
console.log(`\ne2e: ${e2e.filter((t) => t.status === "passed").length} passed, ${e2e.filter((t) => t.status !== "passed").length} not passed`);
console.log(`${count("passed")} passed, ${count("failed")} failed, ${count("skipped") + count("pending") + count("todo")} skipped`);

if (process.env.REQUIRE_E2E === "1" && (e2e.length === 0 || e2e.some((t) => t.status !== "passed"))) {
  console.error("The browser e2e tests did not all run and pass: failing, because REQUIRE_E2E=1.");
  process.exit(1);
}
process.exit(status);

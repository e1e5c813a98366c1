// `npm test`: lint and format check (Biome), typecheck, then every Vitest project (unit, int, infra, web, e2e): two
// Vitest processes at once, e2e and the rest (below).
// Extra arguments go to Vitest, e.g. `npm test -- --project int`.
// Writes test-results/vitest.json and ends with one "N passed, N failed, N skipped" line; with
// REQUIRE_E2E=1 (set by .ci/run) it fails when no browser test ran or any was skipped.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env }).status ?? 1;

// Ctrl-C or a CI timeout stops the Vitest processes too, so each runs its teardown (the e2e server and its
// DynamoDB Local); npm test then exits as they do.
const children = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (children.size === 0) process.exit(signal === "SIGINT" ? 130 : 143);
    for (const child of children) child.kill(signal);
  });
}
// A reader gone from the other end of the pipe (`npm test | head`) is not a test failure.
process.stdout.on("error", (err) => {
  if (err.code !== "EPIPE") throw err;
});

if (!process.argv.includes("--no-typecheck")) {
  console.log("› lint and format (biome)");
  if (run("npm", ["run", "--silent", "lint"]) !== 0) process.exit(1);
  console.log("› typecheck");
  if (run("npm", ["run", "--silent", "typecheck"]) !== 0) process.exit(1);
}

mkdirSync(`${root}/test-results`, { recursive: true });
const report = `${root}/test-results/vitest.json`;
rmSync(report, { force: true });
const extra = process.argv.slice(2).filter((arg) => arg !== "--no-typecheck");
const vitest = ["vitest", "run", "--reporter=default", "--reporter=json"];

// Vitest runs a project whose files go one at a time (e2e: one server, one browser) only after every other project
// has finished. On CI's 2 cores that left e2e's ~12 minutes of mostly waiting on the browser and the server to start
// at minute 8, after the other projects' ~8 minutes, for a run of 20.5 minutes (CI of 9db5569). The whole run
// (no arguments) is therefore two Vitest processes at once, e2e beside the rest, each with its own report,
// merged into one. With arguments (a project, a file), one Vitest as before.
let status;
if (extra.length === 0) {
  const parts = [
    { name: "e2e", args: ["--project", "e2e"], prefix: "e2e │ " },
    { name: "rest", args: ["--project", "!e2e"], prefix: "" },
  ];
  for (const part of parts) rmSync(`${root}/test-results/vitest-${part.name}.json`, { force: true });
  const statuses = await Promise.all(
    parts.map((part) => runPrefixed(["npx", ...vitest, `--outputFile.json=${root}/test-results/vitest-${part.name}.json`, ...part.args], part.prefix)),
  );
  status = statuses.find((s) => s !== 0) ?? 0;
  const reports = parts.map((part) => `${root}/test-results/vitest-${part.name}.json`).filter((file) => existsSync(file));
  if (reports.length !== parts.length) process.exit(status || 1);
  writeFileSync(report, JSON.stringify(mergeReports(reports.map((file) => JSON.parse(readFileSync(file, "utf8"))))));
} else {
  status = run("npx", [...vitest, `--outputFile.json=${report}`, ...extra]);
}

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

/** Runs a command with its output passed on whole line by whole line, each line after `prefix`. */
function runPrefixed([cmd, ...args], prefix) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    children.add(child);
    child.on("error", (err) => {
      console.error(`${prefix}${cmd} could not start: ${err.message}`);
      resolve(1);
    });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let pending = "";
      from.setEncoding("utf8");
      from.on("data", (chunk) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop();
        if (lines.length > 0) to.write(lines.map((line) => `${prefix}${line}\n`).join(""));
      });
      from.on("end", () => {
        if (pending) to.write(`${prefix}${pending}\n`);
      });
    }
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Vitest's JSON reports of two runs as one: every file's results, the counts added up, the earliest start. */
function mergeReports(reports) {
  const merged = { ...reports[0], testResults: reports.flatMap((r) => r.testResults), startTime: Math.min(...reports.map((r) => r.startTime)) };
  for (const key of Object.keys(reports[0])) {
    if (key.startsWith("num")) merged[key] = reports.reduce((sum, r) => sum + (r[key] ?? 0), 0);
  }
  merged.success = reports.every((r) => r.success);
  return merged;
}

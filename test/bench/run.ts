// `npm run bench`: speed, size and cost against the budgets of docs/performance.md. Loopback only, bounded in
// time (under 15 minutes on 2 cores). Starts its own server and DynamoDB Local with a fresh DATA_DIR, prints a
// table and writes test/bench/results.json (numbers only). Timings are never asserted in `npm test`.
//
//   npm run bench                      everything
//   npm run bench -- --only=lambda,web only some groups (lambda, web, capacity, api, export; cost needs capacity)
//   npm run bench -- --quick           shorter runs (development; the figures are not comparable)
//   npm run bench -- --only=national   the nation at scale (opt-in, never in the default run; up to 25 minutes);
//                                      --scale=0.01 for a smaller nation, --check for one request per page,
//                                      --minutes=40 to let it run longer than 25 minutes (the seed alone takes 18
//                                      minutes on a 2-core machine; the run reports how long it took either way)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

process.env.LOG_LEVEL ??= "silent";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { startServer } = await import("./server");
const { round, spread, withTimeout } = await import("./stats");

type Group = "lambda" | "web" | "capacity" | "api" | "export" | "national";
const ALL: Group[] = ["lambda", "web", "capacity", "api", "export"];
const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",") as Group[] | undefined;
const quick = args.includes("--quick");
const groups = new Set<Group>(only ?? ALL);
const started = Date.now();
// The national group writes a nation before it measures: it has 25 minutes of its own (or --minutes), after the
// others' 15.
const nationalMinutes = Number(args.find((a) => a.startsWith("--minutes="))?.slice(10) ?? 25);
if (!(nationalMinutes > 0)) throw new Error("--minutes must be a positive number");
const BUDGET_MS = (15 + (groups.has("national") ? nationalMinutes : 0)) * 60_000;

const results: Record<string, number | null> = {};
const notes: string[] = [];
const failures: string[] = [];
const spreads: Record<string, string> = {};
const log = (line: string) => console.log(line);
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

async function step<T>(name: string, timeoutMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const load = loadavg()[0]!.toFixed(1);
  log(`\n[bench ${elapsed()}] ${name} (load average ${load})`);
  try {
    return await withTimeout(fn(), Math.min(timeoutMs, BUDGET_MS - (Date.now() - started)), name);
  } catch (err) {
    const message = `${name} failed: ${(err as Error).stack ?? err}`;
    failures.push(message);
    console.error(message);
    return undefined;
  }
}

function put(values: object) {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "number" || value === null) results[key] = value;
  }
}

results.loadAverageAtStart = round(loadavg()[0]!, 2);

// Lambda first, before the server and DynamoDB Local compete for the CPU.
if (groups.has("lambda")) {
  const { lambda } = await import("./lambda");
  const r = await step("lambda: bundle size, cold start and cold import", 240_000, () => lambda(quick ? 5 : 11, quick ? 5 : 21));
  if (r) {
    put(r);
    results.lambdaColdStartRatio = round(r.lambdaColdStartMs / r.lambdaSdkFloorColdStartMs, 2);
    results.lambdaColdStartCpuRatio = round(r.lambdaColdStartCpuMs / r.lambdaSdkFloorColdStartCpuMs, 2);
    results.lambdaInitRatio = round(r.lambdaInitMs / r.lambdaFloorInitMs, 2);
    results.lambdaInitCpuRatio = round(r.lambdaInitCpuMs / r.lambdaFloorInitCpuMs, 2);
    results.lambdaSdkFloorRatio = round(r.lambdaSdkFloorInitMs / r.lambdaFloorInitMs, 2);
    results.lambdaInitSdkRatio = round(r.lambdaInitMs / r.lambdaSdkFloorInitMs, 2);
    spreads.lambdaColdStartMs = `import ${r.lambdaColdStartImportMs} ms + first request ${r.lambdaColdStartRequestMs} ms; ${spread(r.samples.coldStart)}; statuses ${[...new Set(r.coldStartStatuses.api)].join(", ")}`;
    spreads.lambdaSdkFloorColdStartMs = `import ${r.lambdaSdkFloorColdStartImportMs} ms + GetItem ${r.lambdaSdkFloorColdStartRequestMs} ms; ${spread(r.samples.sdkFloorColdStart)}; statuses ${[...new Set(r.coldStartStatuses.sdkFloor)].join(", ")}`;
    spreads.lambdaColdStartCpuMs = `${results.lambdaColdStartCpuRatio}× the floor's`;
    spreads.lambdaBundleKB = r.lambdaBundleKB === r.lambdaBundleEntryKB ? "the entry, /me included" : `entry ${r.lambdaBundleEntryKB} KB + the /me route group`;
    spreads.lambdaSdkFloorInitMs = `${results.lambdaSdkFloorRatio}× the hello world, the API ${results.lambdaInitSdkRatio}× this; ${spread(r.samples.sdkFloor)}`;
    spreads.lambdaInitMs = `${results.lambdaInitRatio}× the hello world; ${spread(r.samples.api)}`;
    spreads.lambdaFloorInitMs = spread(r.samples.floor);
    spreads.lambdaInitSourceMapsMs = `the hello world ${r.lambdaFloorInitSourceMapsMs} ms; ${spread(r.samples.apiMaps)}`;
    notes.push(
      `Lambda imports ran on Node ${r.nodeVersion}${process.env.NODE_COMPILE_CACHE ? ` with NODE_COMPILE_CACHE=${process.env.NODE_COMPILE_CACHE}` : ""}.`,
    );
  }
}

const needsServer = ["web", "capacity", "api", "export"].some((g) => groups.has(g as Group));
const server = needsServer ? await step("starting the server (builds web/ when stale)", 300_000, () => startServer()) : undefined;
if (needsServer && !server) failures.push("no server: web, capacity, api and export were skipped");

if (server) {
  try {
    const { configureCore } = await import("./seed");
    configureCore(server);
    const { coursePlan } = await import("./course-plan");
    const plan = await coursePlan();
    const first = plan.find((c) => c.id === "public-services") ?? plan[0]!;

    if (groups.has("web")) {
      const { web } = await import("./web");
      const r = await step("web: first load, first lesson on 3G and offline", 420_000, () =>
        web(
          { baseUrl: server.baseUrl, phone: "0912000001", password: "Demo@2026", runs: quick ? 2 : 5 },
          { courseId: first.id, lessonId: first.modules[0]!.lessonIds[0]! },
          log,
        ),
      );
      if (r) {
        put(r);
        spreads.firstLesson3gMs = `${r.firstLesson3gFloorRatio}× the floor; ${spread(r.samples.firstLesson3g)}`;
        spreads.firstLesson3gFloorMs = spread(r.samples.firstLesson3gFloor);
        spreads.firstLesson3gBytesFloorMs = spread(r.samples.firstLesson3gBytesFloor);
        spreads.firstLesson3gBytesKB = spread(r.samples.firstLesson3gBytes);
        spreads.firstLessonOfflineMs = spread(r.samples.firstLessonOffline);
        spreads.firstLessonOfflineFloorMs = spread(r.samples.firstLessonOfflineFloor);
        spreads.firstLessonOfflineAppMs = spread(r.samples.firstLessonOfflineApp);
        notes.push(...r.notes);
        log("  sign-in first load, bytes transferred:");
        for (const file of r.firstLoadFiles) log(`    ${String(file.bytes).padStart(7)}  ${file.type.padEnd(10)} ${file.url}`);
      }
    }

    let capacityResult: Awaited<ReturnType<typeof import("./capacity").capacity>> | undefined;
    if (groups.has("capacity")) {
      const { capacity } = await import("./capacity");
      capacityResult = await step("capacity: one learner completes a course", 120_000, () => capacity(first, "sla-muongbu-banbo"));
      if (capacityResult) {
        put(capacityResult);
        log("  request                                        ms     RCU    WCU  calls");
        for (const r of capacityResult.byRequest)
          log(`  ${r.request.padEnd(44)} ${String(r.ms).padStart(6)} ${String(r.rcu).padStart(6)} ${String(r.wcu).padStart(6)} ${String(r.calls).padStart(5)}`);
        log(`  write units by partition (the learner's lineage, then by kind of key): ${JSON.stringify(capacityResult.partitionWritesPerJourney)}`);
        const { cost, PRICES } = await import("./cost");
        // A cold start as Lambda bills it: the import and the first request's extra work (route group, first
        // connection), measured together; the import alone where only it was measured.
        const c = cost(capacityResult, (results.lambdaColdStartMs as number | undefined) ?? (results.lambdaInitMs as number | undefined) ?? 500);
        put(c);
        log(`  cost per 10k MAU (prices of ${PRICES.date}, ${PRICES.region}): ${JSON.stringify(c.breakdown)}`);
        log(`  fixed per stage, not in that figure: ${JSON.stringify(c.fixedPerStage)}`);
      }
    }

    if (groups.has("api")) {
      const { apiLoad, DEFAULT_API_LOAD } = await import("./api-load");
      const options = quick ? { ...DEFAULT_API_LOAD, attemptSeconds: 5, journeySeconds: 15 } : DEFAULT_API_LOAD;
      const r = await step("api: attempts, db floor, journey", 360_000, () => apiLoad(server, options, log));
      if (r) {
        put(r);
        results.attemptFloorRatioP50 = round(r.attemptP50Ms / r.dbFloorP50Ms, 2);
        results.attemptFloorRatioP99 = round(r.attemptP99Ms / r.dbFloorP99Ms, 2);
        spreads.attemptP50Ms = `p90 ${r.attemptP90Ms} ms, ${r.attemptRps} req/s, statuses ${JSON.stringify(r.attemptStatus)}`;
        spreads.dbFloorP50Ms = `p90 ${r.dbFloorP90Ms} ms, ${r.dbFloorRps} tx/s, ${r.dbFloorItems} items, ${r.dbFloorFailed} cancelled ${JSON.stringify(r.dbFloorReasons)}`;
        spreads.journeyRps = `p50 ${r.journeyP50Ms} ms, p99 ${r.journeyP99Ms} ms, ${r.journeyRequests} requests, ${r.journeySignIns} sign-ins`;
        spreads.journeyErrors = `statuses ${JSON.stringify(r.journeyStatus)}`;
        spreads.journeyLostSubmissions = `${r.journeyAcceptedAttempts} attempts + ${r.journeyAcceptedEvents} events acknowledged, ${r.journeyStoredAttempts} attempts stored, ${r.journeyCounterMismatches} counter mismatches`;
        notes.push(...r.notes, ...r.journeyMismatchDetails.slice(0, 5));
      }
    }

    if (groups.has("export")) {
      const { exportBench, DEFAULT_EXPORT } = await import("./export");
      const options = quick ? { ...DEFAULT_EXPORT, members: 10_000, communes: 4, teamsPerCommune: 10 } : DEFAULT_EXPORT;
      const remaining = BUDGET_MS - (Date.now() - started) - 30_000;
      const r = await step(`export: ${options.members.toLocaleString("en")} members`, remaining, () => exportBench(server, plan, options, log));
      if (r) {
        put(r);
        results.exportQueryRatio = r.exportQueryRatio;
        spreads.export100kSeconds = `median of ${r.export100kRuns.join(", ")} s; ${r.export100kRows.toLocaleString("en")} rows, ${r.export100kFileMB} MB CSV; local store ${r.export100kLocalSeconds} s`;
        spreads.export100kPeakRssMB = `worker bundle storing through S3's client; sampled in-process ${r.export100kSampledRssMB} MB`;
        spreads.query100kSeconds = `median of ${r.query100kRuns.join(", ")} s, alternating with the export; ${r.query100kItems.toLocaleString("en")} items`;
        notes.push(...r.notes);
      }
    }
  } finally {
    log(`\n[bench ${elapsed()}] stopping the server`);
    await server.stop();
  }
}

if (groups.has("national")) {
  const { nationalBench, DEFAULT_NATIONAL } = await import("./national");
  const scale = Number(args.find((a) => a.startsWith("--scale="))?.slice(8) ?? DEFAULT_NATIONAL.scale);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], not ${scale}`);
  const options = { ...DEFAULT_NATIONAL, scale, check: args.includes("--check") };
  const groupStarted = Date.now();
  const r = await step(`national: a nation at scale ${scale}, then its pages, export and merge`, nationalMinutes * 60_000, () => nationalBench(options, log));
  results.nationalRunSeconds = Math.round((Date.now() - groupStarted) / 1000);
  if (r) {
    put(r);
    results.nationalReportRatio = round(r.nationalReportMs / r.nationalReportFloorMs, 2);
    results.provinceReportRatio = round(r.provinceReportMs / r.provinceReportFloorMs, 2);
    results.campaignProgressRatio = round(r.campaignProgressMs / r.campaignProgressFloorMs, 2);
    results.nationalExportRatio = round(r.nationalExportSeconds / r.nationalExportFloorSeconds, 2);
    Object.assign(spreads, r.details);
    notes.push(...r.notes);
  }
}

// ------------------------------------------------------------------------------------------------- report

type Check = { limit: number; value: (r: typeof results) => number | null | undefined; label: string };
const le = (limit: number, label = `≤ ${limit}`, value?: (r: typeof results) => number | null | undefined): Check => ({
  limit,
  label,
  value: value ?? (() => undefined),
});

const ROWS: { key: string; what: string; check?: Check }[] = [
  { key: "webFirstLoadJsKB", what: "gzipped JS for the sign-in screen, cold (KB)", check: le(30) },
  { key: "webFirstLoadTotalKB", what: "all bytes for it (KB)", check: le(150) },
  { key: "webFloorJsKB", what: "the same for a bare Solid page (KB, floor)" },
  { key: "webPrecacheKB", what: "service worker precache, gzipped (KB, background)" },
  { key: "simulatorChunkKB", what: "scam simulator, loaded when a scenario opens, gzipped (KB)" },
  { key: "reviewDeckChunkKB", what: "review deck with ts-fsrs, loaded when opened, gzipped (KB)" },
  { key: "firstLesson3gMs", what: "first lesson readable, Regular 3G + 4× CPU (ms)", check: le(2000) },
  { key: "firstLesson3gFloorMs", what: "the same for a static page: one script, one JSON (ms, floor)" },
  { key: "firstLesson3gBytesFloorMs", what: "a page asking at once for all the lesson moved before readable (ms, its bytes' floor)" },
  { key: "firstLesson3gBytesKB", what: "what the lesson moved before readable, on the wire (KB, info)" },
  { key: "firstLessonOfflineMs", what: "the same offline from the service worker (ms)", check: le(500) },
  { key: "firstLessonOfflineFloorMs", what: "the static page offline from a one-cache service worker (ms, floor)" },
  { key: "firstLessonOfflineAppMs", what: "offline, the app's own lesson screen in place of the copy (ms, info)" },
  { key: "lambdaBundleKB", what: "API Lambda loaded at cold start, gzipped (KB)", check: le(200) },
  { key: "lambdaFloorBundleKB", what: "the same, hello-world Hono (KB)" },
  { key: "lambdaSdkFloorBundleKB", what: "the same with the DynamoDB document client (KB, info)" },
  {
    key: "lambdaColdStartMs",
    what: "fresh Node: import + first GET /api/v1/me, signed in (ms)",
    check: le(1.25, "÷ SDK floor ≤ 1.25", (r) => r.lambdaColdStartRatio),
  },
  { key: "lambdaSdkFloorColdStartMs", what: "the same, hello world + one GetItem (ms, floor)" },
  { key: "lambdaColdStartCpuMs", what: "CPU time of that cold start's import and request (ms, info)" },
  { key: "lambdaSdkFloorColdStartCpuMs", what: "the same for the floor (ms, info)" },
  { key: "lambdaInitMs", what: "import alone in a fresh Node process (ms, info)" },
  { key: "lambdaFloorInitMs", what: "the same, hello-world Hono (ms, info)" },
  { key: "lambdaSdkFloorInitMs", what: "the same with the DynamoDB document client (ms, info)" },
  { key: "lambdaInitCpuMs", what: "CPU time of the API import (ms, info)" },
  { key: "lambdaInitSourceMapsMs", what: "the API import with --enable-source-maps (ms, info)" },
  { key: "attemptP50Ms", what: "quiz submission p50, 50 clients (ms)", check: le(2, "÷ floor ≤ 2", (r) => r.attemptFloorRatioP50) },
  { key: "attemptP99Ms", what: "quiz submission p99 (ms)", check: le(1.5, "÷ floor ≤ 1.5", (r) => r.attemptFloorRatioP99) },
  { key: "dbFloorP50Ms", what: "same transaction to DynamoDB Local p50 (ms)" },
  { key: "dbFloorP99Ms", what: "same transaction p99 (ms)" },
  { key: "signInP50Ms", what: "sign-in through the API before the journey, p50 (ms, info)" },
  { key: "journeyRps", what: "200 learners for 60 s (requests/s)" },
  { key: "journeyErrors", what: "errors in the journey", check: le(0, "= 0") },
  { key: "journeyLostSubmissions", what: "acknowledged but not in the table", check: le(0, "= 0") },
  { key: "export100kSeconds", what: "CSV completion list, 100k members (s)", check: le(1.2, "÷ query ≤ 1.2", (r) => r.exportQueryRatio) },
  { key: "export100kPeakRssMB", what: "its peak RSS (MB)", check: le(256) },
  { key: "export100kLocalPeakRssMB", what: "peak RSS with the local object store (MB, info)" },
  { key: "query100kSeconds", what: "the same pages straight from DynamoDB Local (s)" },
  { key: "rcuPerJourney", what: "read units, one learner completes a course" },
  { key: "wcuPerJourney", what: "write units, the same" },
  { key: "costPer10kMauUsd", what: "AWS per month, 10,000 active learners, reminders by web push (USD)", check: le(3) },
  { key: "costPer10kMauApiPassThroughUsd", what: "the same with the API's tracing PassThrough (USD, proposal)" },
  { key: "tracedShare", what: "X-Ray traces recorded ÷ requests (Active tracing)" },
  { key: "logBytesPerRequest", what: "CloudWatch Logs bytes per API request, measured" },
  { key: "costPer10kMauWithSmsUsd", what: "the same with 10% on SMS and 10% on Zalo (USD, info)" },
  { key: "smsPer1kRemindersUsd", what: "1,000 reminders by SMS, 3 parts each (USD)" },
  { key: "zaloPer1kRemindersUsd", what: "1,000 reminders by Zalo ZNS (USD)" },
  { key: "smsFloorPer10kMauUsd", what: "one 1-part SMS per learner a month, 10,000 learners (USD)" },
  { key: "smsShareFittingBudgetPercent", what: "SMS share of reminded members that still fits ≤ 3 (%)" },
  { key: "fixedPerStageUsd", what: "per stage a month, not per learner (USD)" },
  // --only=national (issue 22): a nation of 348,000 members.
  { key: "nationalReportMs", what: "national dashboard, 34 provinces, p50 of 20 (ms)", check: le(2, "÷ floor ≤ 2", (r) => r.nationalReportRatio) },
  { key: "nationalReportFloorMs", what: "those 34 rows' counters read directly (ms)" },
  { key: "provinceReportMs", what: "largest province's dashboard, its communes (ms)", check: le(2, "÷ floor ≤ 2", (r) => r.provinceReportRatio) },
  { key: "provinceReportFloorMs", what: "its communes' counters read directly (ms)" },
  { key: "campaignProgressMs", what: "a province campaign's progress page (ms)", check: le(2, "÷ floor ≤ 2", (r) => r.campaignProgressRatio) },
  { key: "campaignProgressFloorMs", what: "its rows' counters read directly (ms)" },
  { key: "nationalExportSeconds", what: "CSV completion list of one course, the nation (s)", check: le(1.3, "÷ query ≤ 1.3", (r) => r.nationalExportRatio) },
  { key: "nationalExportPeakRssMB", what: "its peak RSS (MB)", check: le(256) },
  { key: "nationalExportFloorSeconds", what: "the same pages straight from DynamoDB Local (s)" },
  { key: "mergeCommune10kSeconds", what: "merging a 10,000-member commune, worker bundle (s)", check: le(900, "≤ 900 (15 min)") },
  { key: "nationalSeedItems", what: "items written for the nation (not timed)" },
  { key: "nationalSeedSeconds", what: "writing them (s), DynamoDB Local's write rate is its floor" },
  { key: "nationalRunSeconds", what: "the national group from start to end (s)", check: le(1500, "≤ 1500 (25 min)") },
];

const lines: string[] = [];
const cell = (value: number | null | undefined) => (value === undefined ? "—" : value === null ? "null" : String(value));
lines.push(`| key | what | value | budget | result | spread / detail |`, `|---|---|---|---|---|---|`);
let missed = 0;
for (const row of ROWS) {
  const value = results[row.key];
  let verdict = "";
  if (row.check) {
    const measured = row.check.value(results) ?? value;
    if (measured === undefined || measured === null) verdict = "not measured";
    else if (measured <= row.check.limit) verdict = row.check.value(results) !== undefined ? `pass (${measured})` : "pass";
    else {
      verdict = row.check.value(results) !== undefined ? `**miss** (${measured})` : "**miss**";
      if (!row.check.label.includes("info")) missed++;
    }
  }
  lines.push(`| ${row.key} | ${row.what} | ${cell(value)} | ${row.check?.label ?? ""} | ${verdict} | ${spreads[row.key] ?? ""} |`);
}
log(`\n[bench ${elapsed()}] results (median where repeated; spread is min–max):\n`);
log(lines.join("\n"));
if (notes.length) log(`\nNotes:\n${notes.map((n) => `- ${n}`).join("\n")}`);
if (failures.length) log(`\nFailed:\n${failures.map((f) => `- ${f.split("\n")[0]}`).join("\n")}`);
log(`\n${missed} budget(s) missed; ${failures.length} group(s) failed; ${elapsed()} in all.`);

results.benchSeconds = Math.round((Date.now() - started) / 1000);
const out = fileURLToPath(new URL("./results.json", import.meta.url));
// A partial run (--only) updates its own keys and keeps the others from the last run; a full run replaces all but
// the national figures, which only --only=national measures.
const last = existsSync(out) ? (JSON.parse(readFileSync(out, "utf8")) as Record<string, number | null>) : {};
const NATIONAL_KEY = /^(national|provinceReport|campaignProgress|mergeCommune)/;
const previous = only ? last : Object.fromEntries(Object.entries(last).filter(([key]) => NATIONAL_KEY.test(key)));
writeFileSync(out, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
log(`Wrote ${out}`);
process.exit(failures.length ? 1 : 0);

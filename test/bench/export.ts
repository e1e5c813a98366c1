import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle, NODE_TARGET, runtimeFilesEnvironment } from "../../infra/bundle";
import { generateCode } from "../../packages/core/src/certificate/code";
import { Job } from "../../packages/core/src/job";
import { newId } from "../../packages/core/src/ids";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import type { PlannedCourse } from "./course-plan";
import { RawDynamo, toItem, type Marshalled } from "./ddb";
import { benchPasswordHash, createTree, addMemberCounters, fullName, memberItems, phone, type Member } from "./seed";
import { ROOT, type BenchServer } from "./server";
import { median, round } from "./stats";

export interface ExportResult {
  /** As deployed: the worker's S3 store (S3's client against a stand-in on loopback). */
  export100kSeconds: number;
  export100kPeakRssMB: number;
  export100kSampledRssMB: number;
  /** The same with the local object store `npm start` uses (streams to a file). */
  export100kLocalSeconds: number;
  export100kLocalPeakRssMB: number;
  export100kRows: number;
  export100kFileMB: number;
  query100kSeconds: number;
  query100kItems: number;
  /** Every timed run, in the order they ran (s). */
  export100kRuns: number[];
  query100kRuns: number[];
  /** The medians' ratio, from the unrounded seconds. */
  exportQueryRatio: number;
  seedSeconds: number;
  seededItems: number;
  members: number;
  notes: string[];
}

export interface ExportOptions {
  members: number;
  communes: number;
  teamsPerCommune: number;
  /** false: the province is already there (development against a running server). */
  seed?: boolean;
}

export const DEFAULT_EXPORT: ExportOptions = { members: 100_000, communes: 20, teamsPerCommune: 20 };

/**
 * Progress as Progress.applyChange leaves it (packages/core/src/progress/index.ts), with its gsi2 keys: 40% of
 * members started the first course, half of those finished it (certificate code on the record), and one in ten
 * also started the second course.
 */
function progressItems(member: Member, index: number, plan: PlannedCourse[], now: string): Marshalled[] {
  const out: Marshalled[] = [];
  const record = (course: PlannedCourse, complete: boolean) => {
    const lessons = course.modules.flatMap((m) => m.lessonIds);
    const quizzes = complete ? course.modules : course.modules.slice(0, 1);
    out.push(
      toItem({
        ...progressKeys.progress(member.id, course.id),
        ...progressKeys.byUnit(member.unitId, course.id, member.id),
        userId: member.id,
        unitId: member.unitId,
        courseId: course.id,
        version: course.version,
        line: 1,
        completedLessons: complete ? lessons : lessons.slice(0, 3),
        quizzes: Object.fromEntries(
          quizzes.map((m) => [m.quizId, { attempts: 1 + (index % 3), bestPercent: 70 + (index % 31), passed: true, lastAttemptAt: now }]),
        ),
        revision: complete ? lessons.length + course.modules.length : 4,
        startedAt: now,
        lastActivityAt: now,
        ...(complete ? { completedAt: now, certificateCode: generateCode() } : {}),
      }),
    );
  };
  if (index % 10 < 4) record(plan[0]!, index % 10 < 2);
  if (index % 10 === 0 && plan[1]) record(plan[1], false);
  return out;
}

/**
 * The worker bundle as deployed, its runner and the raw-query child, in `work`, with the environment the worker
 * runs with against this DynamoDB Local table (the export bench and the national bench run it the same way).
 */
export async function prepareWorker(work: string, stage: { dynamoEndpoint: string; tableName: string; secrets: { tokenSecret: string; linkSecret: string } }) {
  const worker = bundle(ROOT, "worker", join(work, "worker"));
  const runner = join(work, "run-worker.mjs");
  writeFileSync(runner, WORKER_RUNNER);
  const queryChild = await bundleQueryChild(work);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DYNAMODB_ENDPOINT: stage.dynamoEndpoint,
    TABLE_NAME: stage.tableName,
    OBJECTS_DIR: join(work, "objects"),
    TOKEN_SECRET: stage.secrets.tokenSecret,
    LINK_SECRET: stage.secrets.linkSecret,
    AWS_REGION: "ap-southeast-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...runtimeFilesEnvironment("worker", worker.dir),
  };
  return { worker, runner, queryChild, env };
}

/** Bundles query-child.ts as the Lambdas are bundled (one ES module), so the child runs plain Node. */
export async function bundleQueryChild(outdir: string) {
  const { build } = await import("esbuild");
  const outfile = join(outdir, "query-child.mjs");
  await build({
    entryPoints: [join(ROOT, "test/bench/query-child.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: NODE_TARGET,
    format: "esm",
    mainFields: ["module", "main"],
    minify: true,
    logLevel: "silent",
    banner: { js: 'import { createRequire as __kns_createRequire } from "node:module"; const require = __kns_createRequire(import.meta.url);' },
  });
  return outfile;
}

/**
 * Runs the worker Lambda's bundle (infra/bundle.ts, exactly as deployed) on one SQS message for the job, the
 * way the Lambda runtime would call its handler, and prints one JSON line. `node run-worker.mjs <bundle> <job
 * id> [kind]`: an export unless another job kind is given (national.ts runs a merge with it).
 */
export const WORKER_RUNNER = `
import { pathToFileURL } from "node:url";
const [file, id, kind = "export"] = process.argv.slice(2);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
const { handler } = await import(pathToFileURL(file).href);
const started = performance.now();
const result = await handler({ Records: [{ messageId: "bench", eventSource: "aws:sqs", body: JSON.stringify({ kind, id }) }] });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write("\\n" + JSON.stringify({ seconds, failures: result.batchItemFailures.length, peakRssMB: peak / 1024 / 1024 }) + "\\n");
process.exit(0);
`;

export interface ChildResult {
  seconds: number;
  /** Sampled in the child every 50 ms. */
  peakRssMB: number;
  /** "Maximum resident set size" from /usr/bin/time -v. */
  timeRssMB?: number;
  failures?: number;
  items?: number;
}

/**
 * Enough of S3 for what the worker's upload sends (packages/core/src/storage: lib-storage's Upload): PutObject,
 * and a multipart upload's create, parts, completion and abort. Bodies are counted, not kept; `bytes()` is the
 * size of the last object completed.
 */
export async function s3StandIn() {
  let last = 0;
  const uploads = new Map<string, number>();
  let nextUpload = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    let received = 0;
    req.on("data", (chunk: Buffer) => (received += chunk.length));
    req.on("end", () => {
      const uploadId = url.searchParams.get("uploadId");
      if (req.method === "POST" && url.searchParams.has("uploads")) {
        const id = `upload-${++nextUpload}`;
        uploads.set(id, 0);
        res.writeHead(200, { "Content-Type": "application/xml" });
        return res.end(
          `<?xml version="1.0" encoding="UTF-8"?><InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      if (uploadId && !uploads.has(uploadId)) {
        res.writeHead(404, { "Content-Type": "application/xml" });
        return res.end("<Error><Code>NoSuchUpload</Code><Message>No such upload</Message></Error>");
      }
      if (req.method === "PUT" && uploadId) {
        uploads.set(uploadId, uploads.get(uploadId)! + received);
        res.writeHead(200, { ETag: `"part-${url.searchParams.get("partNumber")}"` });
        return res.end();
      }
      if (req.method === "POST" && uploadId) {
        last = uploads.get(uploadId)!;
        uploads.delete(uploadId);
        res.writeHead(200, { "Content-Type": "application/xml" });
        return res.end(
          `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"bench"</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (req.method === "DELETE" && uploadId) {
        uploads.delete(uploadId);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === "PUT") last = received;
      res.writeHead(200, { ETag: '"bench"' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => last,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs the child under `/usr/bin/time -v` when available (its "Maximum resident set size" is the figure). */
export function runChild(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildResult> {
  const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const command = timeBin ?? process.execPath;
  // As the functions run (infra/lambda-function.ts): no --enable-source-maps.
  const node = [process.execPath, file, ...args];
  const argv = timeBin ? ["-v", ...node] : node.slice(1);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`${file} ${args.join(" ")} failed (${code}): ${stderr.slice(-1500)}`));
      const result = JSON.parse(line) as ChildResult;
      const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      if (maxRss) result.timeRssMB = Number(maxRss) / 1024;
      resolve(result);
    });
  });
}

/**
 * 100,000 members (400 teams of 250 under a new province) and their progress, written straight into the
 * server's DynamoDB Local with BatchWriteItem; then the CSV completion list of the province run as the worker
 * runs it, in its own process (peak RSS from /usr/bin/time -v), and the same reads without the export.
 * Seeding is not part of the figures.
 */
export async function exportBench(
  server: BenchServer,
  plan: PlannedCourse[],
  options: ExportOptions = DEFAULT_EXPORT,
  log: (line: string) => void = console.log,
): Promise<ExportResult> {
  const notes: string[] = [];
  const raw = new RawDynamo(server.dynamoEndpoint, server.tableName);
  const work = mkdtempSync(join(tmpdir(), "kns-bench-export-"));
  try {
    const seedStarted = performance.now();
    log(`  seeding ${options.members.toLocaleString("en")} members in ${options.communes * options.teamsPerCommune} teams…`);
    const { province, teams } = await createTree("bx", options.communes, options.teamsPerCommune);
    const hash = await benchPasswordHash();
    const now = new Date().toISOString();
    const perTeam = Math.ceil(options.members / teams.length);
    let seeded = 0;
    const counts = new Map<string, number>();
    // Team by team, so memory holds one slice of items at a time.
    const chunk = 20;
    for (let t = 0; t < (options.seed === false ? 0 : teams.length); t += chunk) {
      const items: Marshalled[] = [];
      for (let teamIndex = t; teamIndex < Math.min(t + chunk, teams.length); teamIndex++) {
        const team = teams[teamIndex]!;
        for (let k = 0; k < perTeam; k++) {
          const index = teamIndex * perTeam + k;
          if (index >= options.members) break;
          const member: Member = { id: newId("m"), phone: phone("035", index), fullName: fullName(index), unitId: team.id };
          // The phone uniqueness items are left out: neither the export nor the query reads them.
          items.push(...memberItems(member, hash, now, false), ...progressItems(member, index, plan, now));
          counts.set(team.id, (counts.get(team.id) ?? 0) + 1);
        }
      }
      await raw.putAll(items, 32);
      seeded += items.length;
    }
    await addMemberCounters(raw, counts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    notes.push(`Seeding ${seeded.toLocaleString("en")} items took ${round(seedSeconds)} s (not part of the figures); phone uniqueness items were not written.`);

    const { worker, runner, queryChild, env } = await prepareWorker(work, {
      dynamoEndpoint: server.dynamoEndpoint,
      tableName: server.tableName,
      secrets: server.secrets,
    });
    /** Creates the export job (as POST /admin/exports would) and runs it in the worker, in its own process. */
    const exportOnce = async (childEnv: NodeJS.ProcessEnv) => {
      const id = randomUUID();
      await Job.create({ id, kind: "export", requestedBy: "bench", unitId: province.id, params: { unitId: province.id, format: "csv", includePhones: false } });
      const result = await runChild(runner, [worker.file, id], childEnv, 420_000);
      const job = await Job.get<Record<string, unknown>, { key: string; rows: number }>(id);
      if (result.failures || job?.status !== "done" || !job.result) throw new Error(`The export job ended ${job?.status}: ${job?.error ?? ""}`);
      return { ...result, rows: job.result.rows, key: job.result.key };
    };
    const s3 = await s3StandIn();
    const exports: Awaited<ReturnType<typeof exportOnce>>[] = [];
    const queries: ChildResult[] = [];
    let local: Awaited<ReturnType<typeof exportOnce>>;
    try {
      // The first reads after seeding pay DynamoDB Local's warm-up; a pass that is not timed takes it.
      log("  warm-up: one pass over the province's pages (not timed)…");
      await runChild(queryChild, [province.id], env, 300_000);
      // The export and its floor alternate (E Q Q E E Q), three runs each, and each figure is its runs' median:
      // a machine that gets busier or quieter during the group then weighs on both alike, as in the attempts'
      // slices, instead of on whichever ran first.
      log(
        "  export (the worker Lambda's bundle runs the job, storing the CSV through S3's client) and query (the same pages straight from DynamoDB Local), alternating E Q Q E E Q…",
      );
      for (const step of ["export", "query", "query", "export", "export", "query"] as const) {
        if (step === "export") {
          exports.push(
            await exportOnce({
              ...env,
              BUCKET_NAME: "bench-exports",
              AWS_ENDPOINT_URL_S3: s3.url,
              AWS_ACCESS_KEY_ID: "local",
              AWS_SECRET_ACCESS_KEY: "local",
            }),
          );
        } else {
          queries.push(await runChild(queryChild, [province.id], env, 300_000));
        }
      }
      log("  export again with the local object store (npm start)…");
      local = await exportOnce(env);
    } finally {
      await s3.close();
    }
    const fileBytes = statSync(join(work, "objects", local.key)).size;
    const exportSeconds = median(exports.map((run) => run.seconds));
    const querySeconds = median(queries.map((run) => run.seconds));
    // The memory budget is on the worst run, not the median one.
    const exported = exports.reduce((worst, run) => ((run.timeRssMB ?? run.peakRssMB) > (worst.timeRssMB ?? worst.peakRssMB) ? run : worst));
    if (new Set(exports.map((run) => run.rows)).size > 1) notes.push(`The exports wrote different row counts: ${exports.map((run) => run.rows).join(", ")}.`);
    if (s3.bytes() !== fileBytes) notes.push(`The S3 stand-in received ${s3.bytes()} bytes, the local file has ${fileBytes}.`);
    return {
      export100kSeconds: round(exportSeconds, 1),
      export100kPeakRssMB: round(exported.timeRssMB ?? exported.peakRssMB),
      export100kSampledRssMB: round(exported.peakRssMB),
      export100kLocalSeconds: round(local.seconds, 1),
      export100kLocalPeakRssMB: round(local.timeRssMB ?? local.peakRssMB),
      export100kRows: exported.rows,
      export100kFileMB: round(fileBytes / 1024 / 1024, 1),
      query100kSeconds: round(querySeconds, 1),
      query100kItems: queries[0]!.items ?? 0,
      export100kRuns: exports.map((run) => round(run.seconds, 2)),
      query100kRuns: queries.map((run) => round(run.seconds, 2)),
      exportQueryRatio: round(exportSeconds / querySeconds, 2),
      seedSeconds: round(seedSeconds),
      seededItems: seeded,
      members: options.members,
      notes,
    };
  } finally {
    raw.close();
    rmSync(work, { recursive: true, force: true });
  }
}

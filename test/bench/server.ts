import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "./stats";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 20_000;

export interface BenchServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** DynamoDB Local of this server (the bench talks to it directly for seeding and floors). */
  dynamoEndpoint: string;
  tableName: string;
  /** TOKEN_SECRET and CERT_SIGNING_KEY the server generated under DATA_DIR. */
  secrets: { tokenSecret: string; linkSecret: string; certificateSigningKey: string };
  logFile: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * DATA_DIR goes on tmpfs (/dev/shm) when there is one: DynamoDB Local keeps its tables in SQLite files there,
 * and on a disk shared with other work its writes are ~3× slower (seeding 100,000 members: ~600 items/s on
 * disk, ~2,000 on tmpfs), which is the emulator's cost, not the application's. BENCH_DATA_ROOT overrides.
 */
function dataRoot() {
  if (process.env.BENCH_DATA_ROOT) return process.env.BENCH_DATA_ROOT;
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

/**
 * The real server as `npm start` runs it (building the web app when its sources changed), on free ports with a
 * throwaway DATA_DIR, like test/setup/e2e-server.ts. Its log goes to a file so a busy server does not make
 * the bench process read thousands of log lines a second.
 */
export async function startServer(): Promise<BenchServer> {
  const port = await freePort();
  const dynamoPort = await freePort();
  const dataDir = await mkdtemp(join(dataRoot(), "kns-bench-"));
  const logFile = join(dataDir, "server.log");
  // LOG_LEVEL is not passed on: the server logs one line per request, as it does in AWS.
  const env: NodeJS.ProcessEnv = { PORT: String(port), DATA_DIR: dataDir, DYNAMODB_PORT: String(dynamoPort) };
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(NODE_ENV|VITEST.*|TEST|DYNAMODB_.*|TABLE_NAME|PORT|DATA_DIR|TOKEN_SECRET|LINK_SECRET|CERT_SIGNING_KEY|OBJECTS_DIR|LOG_LEVEL)$/.test(name))
      env[name] ??= value;
  }
  const out = openSync(logFile, "a");
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "scripts/start.mjs"], { cwd: ROOT, env, stdio: ["ignore", out, out] });
  closeSync(out);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(`${baseUrl}/api/v1/health`, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  const secrets = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as BenchServer["secrets"];
  return { baseUrl, port, dataDir, dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`, tableName: "kns", secrets, logFile, stop };
}

function tail(file: string, lines = 40) {
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n") : "";
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`[bench] The server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`[bench] The server did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`);
}

/** SIGTERM lets the server stop DynamoDB Local cleanly; SIGKILL only if it hangs. */
export async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

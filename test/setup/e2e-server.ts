import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { INSTALL_HINT, findChromium } from "../e2e/browser";
import { dataRoot } from "./data-root";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Global setup for the `e2e` project: the real server as `npm start` runs it (building the web app when its
 * sources changed), on a free port with a throwaway DATA_DIR, so a run never touches `.data/` or port 3000.
 */
export default async function setup(project: TestProject) {
  if (!findChromium()) {
    console.warn(`\n[e2e] Skipping the browser tests: no Chromium found. ${INSTALL_HINT}\n`);
    project.provide("baseUrl", "");
    return;
  }

  const port = await freePort();
  const dataDir = await mkdtemp(join(dataRoot(), "kns-e2e-"));
  const env: NodeJS.ProcessEnv = { PORT: String(port), DATA_DIR: dataDir };
  // Run it as `npm start` would: Vitest's NODE_ENV=test would make Vite build a development bundle into web/dist.
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(NODE_ENV|VITEST.*|TEST|DYNAMODB_.*|TABLE_NAME|PORT|DATA_DIR)$/.test(name)) env[name] ??= value;
  }
  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output = captureOutput(child);

  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHealth(`${baseUrl}/api/v1/health`, child, output);
  } catch (err) {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  project.provide("baseUrl", baseUrl);

  return async () => {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Keeps the last lines the server printed, to explain a failed start. */
function captureOutput(child: ChildProcess) {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n"));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => lines.join("\n").trim();
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`[e2e] The server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`[e2e] The server did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** SIGTERM lets the server stop DynamoDB Local cleanly; SIGKILL only if it hangs. */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the e2e server listens, e.g. http://localhost:41234; empty when the browser tests are skipped. */
    baseUrl: string;
  }
}

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../packages/api/src/local/dynamodb-local";
import { dataRoot } from "../setup/data-root";

/**
 * The local server killed with SIGKILL in the middle of an import and of an export: on restart the export
 * job resumes and finishes, and no imported member is left without the item that keeps their phone unique.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(dataRoot(), "kns-restart-"));
let server: ChildProcess | undefined;
let base = "";

async function start() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}/api/v1`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, SKIP_WEB_BUILD: "1", LOG_LEVEL: "silent" };
  delete env.DYNAMODB_ENDPOINT;
  delete env.TABLE_NAME;
  delete env.OBJECTS_DIR;
  delete env.TOKEN_SECRET;
  delete env.LINK_SECRET;
  delete env.CERT_SIGNING_KEY;
  server = spawn(process.execPath, [join(ROOT, "scripts/start.mjs")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start: ${output}`);
}

/** SIGKILL the server and its DynamoDB Local (the whole process group), as a power cut would. */
async function kill() {
  if (!server?.pid) return;
  const exited = new Promise((r) => server!.once("exit", r));
  process.kill(-server.pid, "SIGKILL");
  await exited;
  await new Promise((r) => setTimeout(r, 500));
}

async function api(method: string, path: string, token?: string, body?: unknown, type = "application/json") {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": type } : {}) },
    body: body === undefined ? undefined : type === "application/json" ? JSON.stringify(body) : String(body),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => server!.once("exit", r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const ROWS = 600;
const csv = [
  "fullName,phone,unitCode,role",
  ...Array.from({ length: ROWS }, (_, i) => `Thành Viên Số ${"ABCDEFGHIJ"[i % 10]},0390${String(i).padStart(6, "0")},SLA-TOHIEU-TDP5,member`),
].join("\n");

describe("killing the local server", () => {
  it("mid-import: the import job resumes on restart, every member is whole, and re-importing changes nothing", { timeout: 240_000 }, async () => {
    await start();
    const token = (await api("POST", "/auth/login", undefined, { phone: "0912000003", password: "Demo@2026" })).json.accessToken;
    const queued = await api("POST", "/admin/members/import?dryRun=false", token, csv, "text/csv");
    expect(queued.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    await kill();
    await start();
    const token2 = (await api("POST", "/auth/login", undefined, { phone: "0912000003", password: "Demo@2026" })).json.accessToken;
    let status: any;
    const deadline = Date.now() + 180_000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api("GET", `/admin/imports/${queued.json.id}`, token2)).json;
    } while (status.status !== "done" && status.status !== "failed" && Date.now() < deadline);
    expect(status).toMatchObject({ status: "done", progress: 100, result: { errors: [] } });
    expect(status.result.created + status.result.unchanged).toBe(ROWS);
    const team = await api("GET", "/admin/units/sla-tohieu-tdp5/members", token2);
    expect(team.json.members).toHaveLength(ROWS);
    // Counters match the members that exist, and members are findable by phone (their uniqueness item).
    expect((await api("GET", "/admin/units/sla-tohieu-tdp5/report", token2)).json.unit.pending).toBe(ROWS);
    for (const i of [0, 137, ROWS - 1]) {
      const found = await api("GET", `/admin/units/sla-tohieu-tdp5/search?q=0390${String(i).padStart(6, "0")}`, token2);
      expect(found.json.items).toHaveLength(1);
    }
    const again = await api("POST", "/admin/members/import?dryRun=false", token2, csv, "text/csv");
    let second: any;
    do {
      await new Promise((r) => setTimeout(r, 500));
      second = (await api("GET", `/admin/imports/${again.json.id}`, token2)).json;
    } while (second.status !== "done" && second.status !== "failed");
    expect(second.result).toMatchObject({ created: 0, unchanged: ROWS });
  });

  it("mid-export: on restart the job resumes and finishes", { timeout: 240_000 }, async () => {
    const token = (await api("POST", "/auth/login", undefined, { phone: "0912000003", password: "Demo@2026" })).json.accessToken;
    const started = await api("POST", "/admin/exports", token, { unitId: "sla", format: "xlsx" });
    expect(started.status).toBe(202);
    await kill();
    await start();
    const token2 = (await api("POST", "/auth/login", undefined, { phone: "0912000003", password: "Demo@2026" })).json.accessToken;
    let status: any;
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api("GET", `/admin/exports/${started.json.id}`, token2)).json;
    } while (status.status !== "done" && status.status !== "failed" && Date.now() < deadline);
    expect(status).toMatchObject({ status: "done", progress: 100 });
    expect(status.rows).toBeGreaterThanOrEqual(ROWS);
  });
});

import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { mountWebApp } from "./static";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dist(script: string) {
  const dir = mkdtempSync(join(tmpdir(), "kns-static-"));
  dirs.push(dir);
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "app-abc123.js"), "export {};\n");
  writeFileSync(join(dir, "index.html"), page(script));
  return dir;
}

const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8"><script>${script}</script></head><body></body></html>`;
/** Computed here from the text, not with web-policy's own function, so a wrong hash there fails this test too. */
const source = (script: string) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;

async function policyOf(app: Hono, path: string) {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  return res.headers.get("content-security-policy") ?? "";
}

describe("the local server's web app", () => {
  it("allows the page's inline script by its hash, on the page, its assets and unknown paths, and not on the API", async () => {
    const dir = dist("fetch('/x')");
    const app = new Hono();
    expect(mountWebApp(app, dir)).toBe(true);
    for (const path of ["/", "/courses/a/lessons/b", "/assets/app-abc123.js"]) {
      expect(await policyOf(app, path)).toContain(`script-src 'self' ${source("fetch('/x')")}`);
    }
    const api = await app.request("/api/v1/nothing");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-security-policy")).toBeNull();
  });

  it("follows a rebuild while it runs: the new page's hash, and not the old one, on the next response", async () => {
    const dir = dist("fetch('/old')");
    const app = new Hono();
    mountWebApp(app, dir);
    expect(await policyOf(app, "/assets/app-abc123.js")).toContain(source("fetch('/old')"));
    // Same length, rewritten in place at once: on a kernel whose file times advance by its tick, only the text tells
    // the pages apart (static.ts compares it while the page is less than 2 s old).
    writeFileSync(join(dir, "index.html"), page("fetch('/new')"));
    const after = await policyOf(app, "/");
    expect(after).toContain(source("fetch('/new')"));
    expect(after).not.toContain(source("fetch('/old')"));
    expect(await (await app.request("/")).text()).toContain("fetch('/new')");
  });

  it("mounts nothing when there is no built page", () => {
    const dir = mkdtempSync(join(tmpdir(), "kns-static-"));
    dirs.push(dir);
    expect(mountWebApp(new Hono(), dir)).toBe(false);
  });
});

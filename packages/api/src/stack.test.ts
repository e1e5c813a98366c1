import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originalStack } from "./stack";

/**
 * A small bundle built the way infra/bundle.ts builds the functions (minified ES module, a chunk, linked source
 * maps), run in a Node process without `--enable-source-maps`, as the functions run.
 */
const work = mkdtempSync(join(tmpdir(), "kns-stack-"));
let stack = "";

beforeAll(() => {
  mkdirSync(join(work, "src"));
  writeFileSync(
    join(work, "src/entry.ts"),
    ["export async function run(): Promise<string> {", '  const { fail } = await import("./deep");', "  return fail(2);", "}", ""].join("\n"),
  );
  writeFileSync(
    join(work, "src/deep.ts"),
    [
      "export function fail(times: number): string {",
      "  if (times > 1) {",
      '    throw new Error("went wrong " + times);',
      "  }",
      '  return "fine";',
      "}",
      "",
    ].join("\n"),
  );
  buildSync({
    entryPoints: { index: join(work, "src/entry.ts") },
    outdir: join(work, "out"),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: "silent",
  });
  const script = `const { run } = await import(${JSON.stringify(pathToFileURL(join(work, "out/index.mjs")).href)}); try { await run(); } catch (err) { process.stdout.write(err.stack); }`;
  stack = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { PATH: process.env.PATH } }).stdout;
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("originalStack", () => {
  it("maps frames of a minified bundle and its chunks back to the TypeScript lines", () => {
    expect(stack).toMatch(/^Error: went wrong 2\n/);
    expect(stack).toMatch(/chunks\/deep-\w+\.mjs:1:\d+/);
    const mapped = originalStack(stack)!;
    expect(mapped).toMatch(/^Error: went wrong 2\n/);
    expect(mapped).toMatch(/src\/deep\.ts:3:11\b/);
    expect(mapped).toMatch(/src\/entry\.ts:3:10\b/);
    expect(mapped).not.toMatch(/\.mjs:\d+:\d+/);
  });

  it("leaves frames without a source map beside them as they are", () => {
    const frame = "Error: x\n    at f (file:///nowhere/at-all.mjs:1:10)\n    at node:internal/process/task_queues:95:5";
    expect(originalStack(frame)).toBe(frame);
    expect(originalStack(undefined)).toBeUndefined();
  });
});

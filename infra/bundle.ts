import { cpSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import type * as esbuild from "esbuild";

/**
 * SST bundles sst.config.ts (and so this file) leaving only the root package.json's dependencies external, and
 * esbuild refuses to run from inside a bundle; so esbuild is loaded at run time, from wherever this file runs.
 */
const loadAtRunTime = createRequire(import.meta.url);

/** Where Lambda unpacks a function's code (`LAMBDA_TASK_ROOT`). */
export const LAMBDA_TASK_ROOT = "/var/task";

/**
 * Files the code reads from disk at run time, copied into the bundle beside `index.mjs`; `env` names the
 * variable that tells the code where they are (the default path, relative to the source file, does not survive
 * bundling).
 */
export const RUNTIME_FILES = {
  fonts: { from: "packages/core/assets/fonts", env: "FONTS_DIR" },
} as const;
type RuntimeFile = keyof typeof RUNTIME_FILES;

/** The Lambda entries, relative to the repository root, by the name their construct and bundle directory use. */
export const ENTRIES = {
  api: { source: "packages/api/src/lambda.ts", files: ["fonts"] },
  worker: { source: "packages/api/src/worker.ts", files: [] },
  signingKeys: { source: "infra/signing-keys.ts", files: [] },
} as const satisfies Record<string, { source: string; files: readonly RuntimeFile[] }>;
export type EntryName = keyof typeof ENTRIES;

/**
 * The Node the bundles are built for: the functions' runtime (`lambda.Runtime.NODEJS_24_X` in
 * infra/lambda-function.ts; infra/runtime.test.ts fails when the two disagree). esbuild only lowers syntax newer
 * than the target, so source that Node 20.19 runs still runs from the bundle there (the int tests invoke it).
 */
export const NODE_TARGET = "node24";

/** The file name and export Lambda loads: `index.mjs` exporting `handler`. */
export const HANDLER = "index.handler";
const OUTFILE = "index.mjs";

/**
 * ESM output still meets CommonJS dependencies that call `require("fs")` inside functions; esbuild's shim
 * cannot serve those inside an ES module, so the bundle gets a real `require` bound to its own URL.
 */
const REQUIRE_BANNER = 'import { createRequire as __kns_createRequire } from "node:module"; const require = __kns_createRequire(import.meta.url);';

/**
 * In Lambda a function's credentials are always in its environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN), so every SDK client in a bundle gets the environment provider alone in place of the default
 * chain (SSO, ini files, credential processes, web identity, container and instance metadata), which it would
 * otherwise load and walk. Only the bundles get it: locally and in tests the code keeps the whole chain. Relative
 * to the root being bundled (this file's own URL is not the repository's when SST has bundled it).
 */
export const LAMBDA_CREDENTIALS = "packages/core/src/db/lambda-credentials.ts";

export interface Bundle {
  /** Directory holding `index.mjs`, its chunks, source maps and runtime files: what `lambda.Code.fromAsset` takes. */
  dir: string;
  /** The entry module (`index.mjs`). */
  file: string;
  /** Sizes of what a cold start loads (the entry and the chunks it imports statically), then of all JavaScript. */
  bytes: number;
  gzipBytes: number;
  totalBytes: number;
  totalGzipBytes: number;
  /** `@aws-sdk/client-*` packages that ended up in the bundle (the SDK is bundled, not taken from the runtime). */
  awsClients: string[];
  /** Every npm package with a module in the bundle, by name (from esbuild's metafile). */
  packages: string[];
  /**
   * What each `import()` of the code adds to a cold start when it runs, by the imported source file (relative to
   * the root): its chunk and the chunks that chunk imports statically, less what the entry already loaded, and
   * the source files in them.
   */
  dynamicChunks: Record<string, { bytes: number; gzipBytes: number; inputs: string[] }>;
  /** Source files (relative to the root) the entry loads at cold start, before any `import()` runs. */
  loadedAtStartInputs: string[];
}

/** Environment that points the code at its runtime files, for a bundle unpacked at `dir`. */
export function runtimeFilesEnvironment(name: EntryName, dir = LAMBDA_TASK_ROOT): Record<string, string> {
  const files: readonly RuntimeFile[] = ENTRIES[name].files;
  return Object.fromEntries(files.map((file) => [RUNTIME_FILES[file].env, join(dir, file)]));
}

/**
 * Bundles one Lambda entry of the repository at `root` into `outdir` exactly as the stack deploys it: one
 * minified ES module for the functions' Node (NODE_TARGET) with a linked source map, every dependency inlined,
 * runtime files beside it.
 *
 * The AWS SDK v3 is bundled rather than taken from the runtime: the runtime's copy is whatever version Lambda
 * ships that month, and tree-shaking keeps only the clients and commands this code imports, which loads faster
 * at cold start than resolving the full SDK from the runtime's node_modules.
 */
export function bundle(root: string, name: EntryName, outdir: string): Bundle {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, OUTFILE);
  const { buildSync } = loadAtRunTime("esbuild") as typeof esbuild;
  const result = buildSync({
    entryPoints: { index: join(root, ENTRIES[name].source) },
    outdir,
    outExtension: { ".js": ".mjs" },
    // Modules the code imports with `await import()` (PDF rendering, spreadsheets) become chunks that a cold
    // start does not load.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    absWorkingDir: root,
    platform: "node",
    target: NODE_TARGET,
    format: "esm",
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: "none",
    banner: { js: REQUIRE_BANNER },
    alias: { "@aws-sdk/credential-provider-node": join(root, LAMBDA_CREDENTIALS) },
    metafile: true,
    logLevel: "silent",
  });
  for (const runtimeFile of ENTRIES[name].files as readonly RuntimeFile[]) {
    cpSync(join(root, RUNTIME_FILES[runtimeFile].from), join(outdir, runtimeFile), { recursive: true });
  }
  const awsClients = new Set<string>();
  const packages = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const client = /node_modules\/(@aws-sdk\/client-[\w-]+)\//.exec(input)?.[1];
    if (client) awsClients.add(client);
    // The innermost node_modules names the package a nested copy belongs to.
    const name = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (name) packages.add(name);
  }
  const outputs = result.metafile.outputs;
  const modules = Object.keys(outputs).filter((output) => output.endsWith(".mjs"));
  const entry = modules.find((output) => join(root, output) === file)!;
  /** The output and every chunk it imports statically, skipping what `loaded` already holds. */
  const staticClosure = (output: string, loaded: ReadonlySet<string> = new Set()) => {
    const found = new Set<string>();
    const visit = (path: string) => {
      if (found.has(path) || loaded.has(path)) return;
      found.add(path);
      for (const imported of outputs[path]!.imports) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
    };
    visit(output);
    return found;
  };
  const loadedAtStart = staticClosure(entry);
  const bytes = (paths: Iterable<string>) => [...paths].reduce((sum, output) => sum + statSync(join(root, output)).size, 0);
  const gzipped = new Map<string, number>();
  const gzipSize = (output: string) => {
    const known = gzipped.get(output);
    if (known !== undefined) return known;
    const size = gzipSync(readFileSync(join(root, output)), { level: 9 }).length;
    gzipped.set(output, size);
    return size;
  };
  const gzipBytes = (paths: Iterable<string>) => [...paths].reduce((sum, output) => sum + gzipSize(output), 0);
  const inputsOf = (paths: Iterable<string>) => [...paths].flatMap((output) => Object.keys(outputs[output]!.inputs)).sort();
  const dynamicChunks: Bundle["dynamicChunks"] = {};
  for (const output of modules) {
    const source = outputs[output]!.entryPoint;
    if (output === entry || !source) continue;
    const added = staticClosure(output, loadedAtStart);
    dynamicChunks[source] = { bytes: bytes(added), gzipBytes: gzipBytes(added), inputs: inputsOf(added) };
  }
  return {
    dir: outdir,
    file,
    bytes: bytes(loadedAtStart),
    gzipBytes: gzipBytes(loadedAtStart),
    totalBytes: bytes(modules),
    totalGzipBytes: gzipBytes(modules),
    awsClients: [...awsClients].sort(),
    packages: [...packages].sort(),
    dynamicChunks,
    loadedAtStartInputs: inputsOf(loadedAtStart),
  };
}

/** Bundles every entry under `outdir/<name>`; what `npm run synth` and `sst deploy` feed the stack. */
export function bundleAll(root: string, outdir: string): Record<EntryName, Bundle> {
  const names = Object.keys(ENTRIES) as EntryName[];
  return Object.fromEntries(names.map((name) => [name, bundle(root, name, join(outdir, name))])) as Record<EntryName, Bundle>;
}

export function describeBundle(name: string, built: Bundle, root = process.cwd()): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  return (
    `${name}: ${relative(root, built.dir)}/ ${kb(built.bytes)} (${kb(built.gzipBytes)} gzipped) loaded at cold start, ` +
    `${kb(built.totalBytes)} (${kb(built.totalGzipBytes)} gzipped) with on-demand chunks; AWS clients: ${built.awsClients.join(", ") || "none"}`
  );
}

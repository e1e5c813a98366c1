import { buildSync, build } from "esbuild";
import { gzipSync } from "node:zlib"; import { readFileSync, writeFileSync } from "node:fs"; import { spawnSync } from "node:child_process";
const stub = { name: "zod-locales", setup(b: any) { b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args: any) => args.importer.includes("node_modules/zod/") ? { path: "zod-locales-stub", namespace: "stub" } : undefined); b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: `export { default as en } from ${JSON.stringify(process.cwd() + "/node_modules/zod/v4/locales/en.js")};`, loader: "js", resolveDir: process.cwd() })); } };
for (const [name, plugins] of [["base", []], ["stub", [stub]]] as const) {
  const r = await build({ entryPoints: { index: "packages/api/src/lambda.ts" }, outdir: `/tmp/benchx/z-${name}`, outExtension: { ".js": ".mjs" }, splitting: true, chunkNames: "chunks/[name]-[hash]", bundle: true, platform: "node", target: "node22", format: "esm", mainFields: ["module", "main"], minify: true, sourcemap: true, sourcesContent: false, metafile: true, logLevel: "silent", plugins: plugins as any, banner: { js: 'import { createRequire as __kns_createRequire } from "node:module"; const require = __kns_createRequire(import.meta.url);' } });
  const outs = r.metafile.outputs; const entry = Object.keys(outs).find(k => k.endsWith("index.mjs"))!;
  const loaded = new Set<string>(); const visit = (o: string) => { if (loaded.has(o)) return; loaded.add(o); for (const i of outs[o].imports) if (i.kind === "import-statement" && !i.external) visit(i.path); }; visit(entry);
  let gz = 0; for (const o of loaded) gz += gzipSync(readFileSync(o), { level: 9 }).length;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) { const s = spawnSync(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", `const t=performance.now(); await import("/tmp/benchx/z-${name}/index.mjs"); process.stdout.write(String(performance.now()-t))`], { encoding: "utf8" }); times.push(Number(s.stdout)); }
  times.sort((a, b) => a - b);
  console.log(name, "gzip KB", (gz / 1024).toFixed(1), "import ms median", times[3].toFixed(0), times.map(t => t.toFixed(0)).join(" "));
}

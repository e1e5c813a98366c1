import { buildSync } from "esbuild";
const r = buildSync({ entryPoints: { index: "packages/api/src/lambda.ts" }, outdir: "/tmp/benchx/meta", outExtension: { ".js": ".mjs" }, splitting: true, chunkNames: "chunks/[name]-[hash]", bundle: true, platform: "node", target: "node22", format: "esm", mainFields: ["module", "main"], minify: true, metafile: true, logLevel: "silent", banner: { js: 'import { createRequire as __kns_createRequire } from "node:module"; const require = __kns_createRequire(import.meta.url);' } });
const outs = r.metafile.outputs;
const entry = Object.keys(outs).find(k => k.endsWith("index.mjs"))!;
const loaded = new Set<string>(); const visit = (o: string) => { if (loaded.has(o)) return; loaded.add(o); for (const i of outs[o].imports) if (i.kind === "import-statement" && !i.external) visit(i.path); }; visit(entry);
const byPkg = new Map<string, number>();
for (const o of loaded) for (const [input, { bytesInOutput }] of Object.entries(outs[o].inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input); const key = m ? m[1] : input.split("/").slice(0, 3).join("/");
  byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
}
const total = [...byPkg.values()].reduce((a, b) => a + b, 0);
console.log("loaded outputs", [...loaded].map(o => `${o} ${outs[o].bytes}`));
console.log("total", total);
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(String(v).padStart(8), k);
const zodFiles = new Map<string, number>();
for (const o of loaded) for (const [input, { bytesInOutput }] of Object.entries(outs[o].inputs)) if (input.includes("node_modules/zod/")) { const k = input.replace(/.*node_modules\/zod\//, "").split("/").slice(0, 3).join("/"); zodFiles.set(k, (zodFiles.get(k) ?? 0) + bytesInOutput); }
for (const [k, v] of [...zodFiles].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(String(v).padStart(8), k);
const { gzipSync } = await import("node:zlib"); const { readFileSync } = await import("node:fs");
let loc = 0; for (const o of loaded) for (const [input, { bytesInOutput }] of Object.entries(outs[o].inputs)) if (input.includes("node_modules/zod/v4/locales/")) loc += bytesInOutput;
console.log("zod locales bytes", loc);

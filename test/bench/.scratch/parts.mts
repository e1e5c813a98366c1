import { build } from "esbuild"; import { gzipSync } from "node:zlib"; import { readFileSync } from "node:fs"; import { spawnSync } from "node:child_process";
for (const name of ["zod", "ddb", "hono", "core"]) {
  const r = await build({ entryPoints: { index: `test/bench/.scratch/parts/${name}.ts` }, outdir: `/tmp/benchx/p-${name}`, outExtension: { ".js": ".mjs" }, bundle: true, platform: "node", target: "node22", format: "esm", mainFields: ["module", "main"], minify: true, metafile: true, logLevel: "silent", banner: { js: 'import { createRequire as __kns_createRequire } from "node:module"; const require = __kns_createRequire(import.meta.url);' } });
  const f = `/tmp/benchx/p-${name}/index.mjs`; const gz = gzipSync(readFileSync(f), { level: 9 }).length;
  const times: number[] = []; const cpu: number[] = [];
  for (let i = 0; i < 9; i++) { const s = spawnSync(process.execPath, ["--input-type=module", "-e", `const c=process.cpuUsage(); const t=performance.now(); await import("${f}"); const u=process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now()-t,(u.user+u.system)/1000]))`], { encoding: "utf8" }); const [w, c] = JSON.parse(s.stdout.split("\n").pop()!); times.push(w); cpu.push(c); }
  times.sort((a, b) => a - b); cpu.sort((a, b) => a - b);
  console.log(name, "min KB", (readFileSync(f).length / 1024).toFixed(0), "gzip KB", (gz / 1024).toFixed(1), "wall med", times[4].toFixed(0), "cpu med", cpu[4].toFixed(0));
}

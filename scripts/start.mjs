// `npm start`: builds the web app when its sources changed since the last build, then runs the local server
// (packages/api/src/node.ts) in this same process so Ctrl-C reaches it directly.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { register } from "tsx/esm/api";

const root = new URL("..", import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name === ".build-lock") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const web = join(root, "web");
const builtIndex = join(web, "dist/index.html");
const stale = !existsSync(builtIndex) || newestMtime(web) > statSync(builtIndex).mtimeMs;
if (stale && process.env.SKIP_WEB_BUILD !== "1") {
  // Several servers may start at once (parallel e2e runs): one builds, the others wait for it.
  const lock = join(web, ".build-lock");
  let waited = 0;
  while (true) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      waited += 500;
    }
  }
  let failed = 0;
  try {
    const stillStale = !existsSync(builtIndex) || newestMtime(web) > statSync(builtIndex).mtimeMs;
    if (stillStale) {
      console.log("Building the web app…");
      const build = spawnSync("npm", ["run", "build", "--silent", "-w", "web"], { cwd: root, stdio: "inherit" });
      failed = build.status === 0 ? 0 : (build.status ?? 1);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (failed) process.exit(failed);
}

// The AWS SDK release is pinned (shared/DESIGN.md), so its Node 22 notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../packages/api/src/node.ts");

// `npm start`: builds the web app when its sources changed since the last build, then runs the local server
// (packages/api/src/node.ts) in this same process so Ctrl-C reaches it directly.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { register } from "tsx/esm/api";

const root = new URL("..", import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const web = join(root, "web");
const builtIndex = join(web, "dist/index.html");
const stale = !existsSync(builtIndex) || newestMtime(web) > statSync(builtIndex).mtimeMs;
if (stale && process.env.SKIP_WEB_BUILD !== "1") {
  console.log("Building the web app…");
  const build = spawnSync("npm", ["run", "build", "--silent", "-w", "web"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The AWS SDK release is pinned (shared/DESIGN.md), so its Node 22 notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("../packages/api/src/node.ts");

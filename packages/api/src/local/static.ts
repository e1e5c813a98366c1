import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import { IMMUTABLE_CACHE_CONTROL, inlineScriptHashes, webContentSecurityPolicy } from "../web-policy";

/**
 * Serves the built web app from the same origin as the API. Hashed assets are cached for a year; the HTML
 * shell, the service worker and its manifest are always revalidated so a new release is picked up. Uploads go to
 * this server too (routes/files.ts), so the CSP allows no other origin for them.
 */
// biome-ignore lint/suspicious/noExplicitAny: mounts on the app whatever its variables' types; it reads none of them.
export function mountWebApp(app: Hono<any>, distDir: string) {
  const indexFile = join(distDir, "index.html");
  if (!existsSync(indexFile)) return false;
  // The page's inline script is allowed by its hash, read from the page itself: a rebuild while the server runs
  // (scripts/start.mjs rebuilds a stale web/dist) brings a new page, and with it, here, its new hash.
  // The page is read again only when its size, times or inode moved, so an asset's request costs one stat, not a
  // read of the page. File times advance by the kernel's tick (1–4 ms on Linux before 6.13), so a page rewritten in
  // the tick of the last read can look unchanged: while it is less than 2 s old, its text is compared as well.
  let policy = { key: "", page: "\0", value: "" };
  const contentSecurityPolicy = () => {
    const stat = statSync(indexFile, { bigint: true, throwIfNoEntry: false });
    const key = stat ? `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}` : "none";
    const recent = stat !== undefined && Date.now() - Number(stat.mtimeNs / 1_000_000n) < 2_000;
    if (key !== policy.key || recent) {
      const page = stat ? readFileSync(indexFile, "utf8") : "";
      policy = page === policy.page ? { ...policy, key } : { key, page, value: webContentSecurityPolicy(undefined, inlineScriptHashes(page)) };
    }
    return policy.value;
  };
  app.use("*", async (c, next) => {
    await next();
    const path = c.req.path;
    if (path.startsWith("/assets/")) c.header("Cache-Control", IMMUTABLE_CACHE_CONTROL);
    else if (!path.startsWith("/api/")) c.header("Cache-Control", "no-cache");
    if (!path.startsWith("/api/")) {
      c.header("Content-Security-Policy", contentSecurityPolicy());
      c.header("X-Content-Type-Options", "nosniff");
      c.header("Referrer-Policy", "strict-origin-when-cross-origin");
      c.header("X-Frame-Options", "DENY");
    }
  });
  app.use("*", serveStatic({ root: distDir }));
  app.get("*", (c) => {
    if (c.req.path.startsWith("/api/")) return c.notFound();
    return c.html(readFileSync(indexFile, "utf8"));
  });
  return true;
}

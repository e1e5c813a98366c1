import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import { IMMUTABLE_CACHE_CONTROL, webContentSecurityPolicy } from "../web-policy";

/**
 * Serves the built web app from the same origin as the API. Hashed assets are cached for a year; the HTML
 * shell, the service worker and its manifest are always revalidated so a new release is picked up. Uploads go to
 * this server too (routes/files.ts), so the CSP allows no other origin for them.
 */
// biome-ignore lint/suspicious/noExplicitAny: mounts on the app whatever its variables' types; it reads none of them.
export function mountWebApp(app: Hono<any>, distDir: string) {
  const indexFile = join(distDir, "index.html");
  if (!existsSync(indexFile)) return false;
  const contentSecurityPolicy = webContentSecurityPolicy();
  app.use("*", async (c, next) => {
    await next();
    const path = c.req.path;
    if (path.startsWith("/assets/")) c.header("Cache-Control", IMMUTABLE_CACHE_CONTROL);
    else if (!path.startsWith("/api/")) c.header("Cache-Control", "no-cache");
    if (!path.startsWith("/api/")) {
      c.header("Content-Security-Policy", contentSecurityPolicy);
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

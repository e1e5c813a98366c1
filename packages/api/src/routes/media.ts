import { objects } from "@kns/core/storage";
import { Hono } from "hono";

/**
 * Course media (public, content-addressed, so cached forever). In AWS CloudFront serves `media/*` from the
 * bucket directly; this route serves the same keys from any object store.
 */
export const mediaRoutes = new Hono().get("/:file", async (c) => {
  const file = c.req.param("file");
  if (!/^[a-f0-9]{32}\.[a-z0-9]{2,4}$/.test(file)) return c.json({ error: { code: "not_found", message: "There is no such file." } }, 404);
  const object = await objects().get(`media/${file}`);
  if (!object) return c.json({ error: { code: "not_found", message: "There is no such file." } }, 404);
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  c.header("Content-Type", object.contentType);
  if (object.contentType === "image/svg+xml") c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return c.body(object.body as Uint8Array<ArrayBuffer>);
});

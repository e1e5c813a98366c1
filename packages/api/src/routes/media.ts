import { VisibleError } from "@kns/core/error";
import { objects } from "@kns/core/storage";
import { Hono } from "hono";

export const MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

/**
 * Course media (public, content-addressed, so cached forever). In AWS CloudFront serves `media/*` from the
 * bucket directly; this route serves the same keys from any object store.
 */
export const mediaRoutes = new Hono().get("/:file", async (c) => {
  const file = c.req.param("file");
  const notFound = new VisibleError("request.not_found", "There is no such file.");
  if (!/^[a-f0-9]{32}\.[a-z0-9]{2,4}$/.test(file)) throw notFound;
  const object = await objects().get(`media/${file}`);
  if (!object) throw notFound;
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  c.header("Content-Type", object.contentType);
  c.header("X-Content-Type-Options", "nosniff");
  // Only applies when a file is opened as a document (an SVG, a caption file): it then runs nothing, loads
  // nothing and gets an opaque origin. Files the app loads as images, audio or video are not affected.
  c.header("Content-Security-Policy", MEDIA_CONTENT_SECURITY_POLICY);
  return c.body(object.body as Uint8Array<ArrayBuffer>);
});

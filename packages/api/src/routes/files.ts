import { Readable } from "node:stream";
import { LocalObjectStore, objects } from "@kns/core/storage";
import { Hono } from "hono";

/**
 * Local downloads behind expiring signed links (exports). In AWS the same links point at S3 directly, so
 * this route only exists for the local object store.
 */
export const fileRoutes = new Hono().get("/*", async (c) => {
  const store = objects();
  const key = c.req.path.replace(/^.*?\/files\//, "");
  const { expires = "", name = "", sig = "" } = c.req.query();
  const notFound = () => c.json({ error: { code: "not_found", message: "This download link is not valid or has expired." } }, 404);
  if (!(store instanceof LocalObjectStore) || !/^exports\/[\w-]+\.(csv|xlsx)$/.test(key) || !store.verify(key, expires, name, sig)) return notFound();
  const file = await store.open(key);
  if (!file) return notFound();
  c.header("Content-Type", file.contentType);
  c.header("Content-Length", String(file.size));
  c.header("Cache-Control", "private, no-store");
  if (name) c.header("Content-Disposition", `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`);
  return c.body(Readable.toWeb(file.stream) as ReadableStream);
});

import { Readable } from "node:stream";
import { LocalObjectStore, objects } from "@kns/core/storage";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * Local downloads behind expiring signed links (exports). In AWS the same links point at S3 directly, so
 * this route only exists for the local object store.
 */
export const fileRoutes = new Hono()
  .put("/*", bodyLimit({ maxSize: 50 * 1024 * 1024, onError: (c) => c.json({ error: { code: "upload.too_large", message: "The file is larger than 50 MB." } }, 413) }), async (c) => {
    // The browser's direct upload of a large course file (see Course.createUpload); S3 plays this role in AWS.
    const store = objects();
    const key = c.req.path.replace(/^.*?\/files\//, "");
    const refused = (message: string, status: 403 | 413 | 400 = 403) => c.json({ error: { code: "upload.refused", message } }, status);
    if (!(store instanceof LocalObjectStore) || !/^uploads\/[0-9a-f-]{36}$/.test(key)) return refused("This upload link is not valid.");
    const allowed = store.verifyUpload(key, c.req.query());
    if (!allowed) return refused("This upload link is not valid or has expired.");
    if ((c.req.header("content-type") ?? "").split(";")[0]!.trim() !== allowed.contentType) return refused("The file type does not match the upload link.", 400);
    const declared = Number(c.req.header("content-length"));
    if (Number.isFinite(declared) && declared !== allowed.bytes) return refused("The file size does not match the upload link.", 400);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength !== allowed.bytes) return refused("The file size does not match the upload link.", 400);
    await store.put(key, body, allowed.contentType);
    return c.body(null, 200);
  })
  .get("/*", async (c) => {
  const store = objects();
  const key = c.req.path.replace(/^.*?\/files\//, "");
  const { expires = "", name = "", sig = "" } = c.req.query();
  const notFound = () => c.json({ error: { code: "not_found", message: "This download link is not valid or has expired." } }, 404);
  if (!(store instanceof LocalObjectStore) || !/^exports\/[\w-]+\.(csv|xlsx)$/.test(key) || !store.verify(key, expires, name, sig)) return notFound();
  const file = await store.open(key);
  if (!file) return notFound();
  c.header("Content-Type", file.contentType);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Content-Length", String(file.size));
  c.header("Cache-Control", "private, no-store");
  if (name) c.header("Content-Disposition", `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`);
  return c.body(Readable.toWeb(file.stream) as ReadableStream);
});

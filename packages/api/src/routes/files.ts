import { Readable } from "node:stream";
import { VisibleError } from "@kns/core/error";
import { LocalObjectStore, objects } from "@kns/core/storage";
import { Hono } from "hono";
import { limitBody } from "../middleware/body-limit";

/**
 * Local downloads behind expiring signed links (exports). In AWS the same links point at S3 directly, so
 * this route only exists for the local object store.
 */
export const fileRoutes = new Hono()
  .put("/*", limitBody(50 * 1024 * 1024, "upload.too_large", "The file is larger than 50 MB."), async (c) => {
    // The browser's direct upload of a large course file (see Course.createUpload); S3 plays this role in AWS.
    const store = objects();
    const key = c.req.path.replace(/^.*?\/files\//, "");
    const forbidden = (message: string) => new VisibleError("upload.refused", message);
    const mismatch = (message: string) => new VisibleError("upload.mismatch", message);
    if (!(store instanceof LocalObjectStore) || !/^uploads\/[0-9a-f-]{36}$/.test(key)) throw forbidden("This upload link is not valid.");
    const allowed = store.verifyUpload(key, c.req.query());
    if (!allowed) throw forbidden("This upload link is not valid or has expired.");
    if ((c.req.header("content-type") ?? "").split(";")[0]!.trim() !== allowed.contentType) throw mismatch("The file type does not match the upload link.");
    const declared = Number(c.req.header("content-length"));
    if (Number.isFinite(declared) && declared !== allowed.bytes) throw mismatch("The file size does not match the upload link.");
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength !== allowed.bytes) throw mismatch("The file size does not match the upload link.");
    await store.put(key, body, allowed.contentType);
    return c.body(null, 200);
  })
  .get("/*", async (c) => {
    const store = objects();
    const key = c.req.path.replace(/^.*?\/files\//, "");
    const { expires = "", name = "", sig = "" } = c.req.query();
    const notFound = new VisibleError("request.not_found", "This download link is not valid or has expired.");
    if (!(store instanceof LocalObjectStore) || !/^exports\/[\w-]+\.(csv|xlsx)$/.test(key) || !store.verify(key, expires, name, sig)) throw notFound;
    const file = await store.open(key);
    if (!file) throw notFound;
    c.header("Content-Type", file.contentType);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Content-Length", String(file.size));
    c.header("Cache-Control", "private, no-store");
    if (name) c.header("Content-Disposition", `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`);
    return c.body(Readable.toWeb(file.stream) as ReadableStream);
  });

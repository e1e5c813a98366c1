import type { MiddlewareHandler } from "hono";
import { compress } from "hono/compress";

/** Smaller JSON is sent as it is: gzip's header and a 3G round trip cost more than the bytes it would save. */
export const COMPRESS_MIN_BYTES = 1024;

/** JSON only (`application/json`, `application/problem+json`): media, PDFs and exports are sent exactly as stored. */
const JSON_TYPE = /^\s*application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const ACCEPTS_GZIP = /\b(?:x-)?gzip\b|\*/i;

/**
 * Gzips API JSON of 1 KB or more for a client that sends `Accept-Encoding: gzip` (docs/performance.md,
 * "Compression"). CloudFront's `/api/*` behaviour passes the viewer's header to the function and the compressed
 * body back unchanged (infra/web.ts); the Lambda adapter sends it base64-encoded (`isBase64Encoded`), as it does
 * every response with a Content-Encoding. Gzip alone: Node's CompressionStream has no Brotli, and every browser
 * that sends `br` also sends `gzip`.
 *
 * hono/compress does the negotiation (q-values, `Vary: Accept-Encoding`, a strong ETag made weak, since the
 * bytes are no longer the ones it named), but it measures a body only by its Content-Length, which `c.json()`
 * does not set, so on its own it would gzip a 40-byte `{ ok: true }`. So the decision is made here, on the
 * finished response, and JSON is measured before hono/compress sees it. Never compressed: other types (media, which is compressed already; PDF and spreadsheet
 * downloads; event streams), bodiless answers (304, 204, HEAD), 206 ranges, anything already encoded, and
 * anything marked `Cache-Control: no-transform` or `Content-Disposition` (a file download). A route that
 * streams JSON must say `no-transform`: this step would otherwise read the whole stream before sending it.
 */
export function compressJson(): MiddlewareHandler {
  const gzip = compress({ encoding: "gzip", threshold: COMPRESS_MIN_BYTES, contentTypeFilter: JSON_TYPE });
  const done = async () => {};
  return async function compressJson(c, next) {
    await next();
    // Without gzip among the accepted encodings nothing would be compressed: skip the measuring too.
    if (!ACCEPTS_GZIP.test(c.req.header("Accept-Encoding") ?? "")) return;
    const res = c.res;
    const headers = res.headers;
    if (
      !res.body ||
      c.req.method === "HEAD" ||
      res.status === 206 ||
      headers.has("Content-Encoding") ||
      headers.has("Content-Disposition") ||
      !JSON_TYPE.test(headers.get("Content-Type") ?? "") ||
      NO_TRANSFORM.test(headers.get("Cache-Control") ?? "")
    ) {
      return;
    }
    if (!headers.has("Content-Length")) {
      const bytes = new Uint8Array(await res.arrayBuffer());
      const measured = new Response(bytes, res);
      measured.headers.set("Content-Length", String(bytes.byteLength));
      c.res = measured;
    }
    // The response is final: hono/compress's own `next` has nothing left to run.
    await gzip(c, done);
  };
}

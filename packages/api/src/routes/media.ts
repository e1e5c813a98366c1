import { VisibleError } from "@kns/core/error";
import { objects } from "@kns/core/storage";
import { Hono } from "hono";
import { MEDIA_FILE_NAME, MEDIA_RESPONSE_HEADERS } from "../web-policy";

/** A byte range of an object, inclusive at both ends, as in `Content-Range`. */
export type ByteRange = { start: number; end: number };

/**
 * What a `Range` header asks of an object of `size` bytes (RFC 9110 §14): one satisfiable range, "unsatisfiable"
 * (answer 416), or undefined (answer 200 with the whole object). Undefined covers no header, a malformed header
 * (ignored, as RFC 9110 allows), another unit, and several ranges: those get the whole object, as S3 does.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | undefined {
  if (!header || size === 0) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    // `bytes=-n`: the last n bytes (all of them if the object is shorter); the last 0 bytes are none.
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  // `bytes=a-` and `bytes=a-b`: from a to b or the end; a last byte before the first is malformed. The regex
  // allows digits only, so any number here compares correctly (a huge one is at worst Infinity).
  const start = Number(first);
  const end = last === "" ? Number.POSITIVE_INFINITY : Number(last);
  if (end < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

/** Whether an `If-None-Match` list names this ETag (weak comparison, `*` matches anything). */
function noneMatch(header: string, etag: string) {
  const tags = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  return tags.includes("*") || tags.includes(etag);
}

/**
 * Course media: public and content-addressed (`<first 32 hex of the sha256>.<ext>`, see storeMedia), so cached
 * forever and never revalidated. In AWS this route is not reached: CloudFront's `/api/v1/media/*` behaviour
 * (infra/web.ts) serves the bucket's `media/` prefix directly through Origin Access Control, with the same
 * headers (web-policy.ts). This route is its local equivalent and answers the way S3 behind CloudFront does:
 * Range requests (a video player seeks with them), ETag and If-None-Match, and HEAD (Hono answers HEAD with
 * the GET handler, without the body).
 */
export const mediaRoutes = new Hono().get("/:file", async (c) => {
  const file = c.req.param("file");
  const notFound = new VisibleError("request.not_found", "There is no such file.");
  const name = MEDIA_FILE_NAME.exec(file);
  if (!name) throw notFound;
  const key = `media/${file}`;
  const store = objects();
  const object = await store.head(key);
  if (!object) throw notFound;

  // The key is the content's hash, so it is the ETag (a strong one: the same key is always the same bytes).
  const etag = `"${name[1]}"`;
  c.header("Accept-Ranges", "bytes");
  c.header("ETag", etag);
  // Immutable caching, no type sniffing, and a sandbox for a file opened as a document (see web-policy.ts).
  for (const [header, value] of Object.entries(MEDIA_RESPONSE_HEADERS)) c.header(header, value);

  const ifNoneMatch = c.req.header("If-None-Match");
  if (ifNoneMatch && noneMatch(ifNoneMatch, etag)) return c.body(null, 304);

  // If-Range: the range only holds for this version of the file; any other validator gets the whole file.
  const ifRange = c.req.header("If-Range")?.trim();
  const range = ifRange && ifRange !== etag ? undefined : parseRange(c.req.header("Range"), object.size);
  if (range === "unsatisfiable") {
    c.header("Content-Range", `bytes */${object.size}`);
    return c.body(null, 416);
  }

  const { start, end } = range ?? { start: 0, end: object.size - 1 };
  const length = Math.max(0, end - start + 1);
  c.header("Content-Type", object.contentType);
  c.header("Content-Length", String(length));
  if (range) c.header("Content-Range", `bytes ${start}-${end}/${object.size}`);
  const status = range ? 206 : 200;
  if (c.req.method === "HEAD") return c.body(null, status);
  const body = length === 0 ? new Uint8Array() : await store.getRange(key, start, end);
  if (!body) throw notFound;
  return c.body(body as Uint8Array<ArrayBuffer>, status);
});

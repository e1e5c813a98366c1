import { createHash } from "node:crypto";
import type { Context } from "hono";

/**
 * ETags and Cache-Control for JSON a learner downloads again and again (published course versions, quizzes), so
 * a phone on 3G revalidates with a 304 of a few hundred bytes instead of the whole body. Everything here is
 * per-learner, behind a bearer token: always `private`, so no shared cache (CloudFront's `/api/*` caches
 * nothing anyway, infra/web.ts) ever keeps it.
 */

/** For a URL that names a published version: its content never changes, so the browser keeps it without asking. */
export const CACHE_IMMUTABLE = "private, max-age=31536000, immutable";
/** For a URL whose answer can change (the learner's current version): kept, but revalidated on every use. */
export const CACHE_REVALIDATE = "private, no-cache";

const hash = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 32);

/** A strong ETag: the body's own hash, so it changes exactly when a byte of the body does. */
export function strongEtag(body: string): string {
  return `"${hash(body)}"`;
}

/**
 * A weak ETag over `parts`, for a body whose bytes differ between equivalent answers (a quiz's question draws are
 * signed afresh on every request, and any of them grades the same). Weak, because the bytes are not the same.
 */
export function weakEtag(...parts: string[]): string {
  return `W/"${hash(JSON.stringify(parts))}"`;
}

/**
 * Whether an If-None-Match header names `etag`, by weak comparison (RFC 9110 §13.1.2): `W/` is ignored on both
 * sides, because compression turns our strong tags weak on the way out (hono/compress, and CloudFront would too).
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => opaque(tag) === "*" || opaque(tag) === wanted);
}

/**
 * Answers `value` as JSON with an ETag (its strong hash unless `etag` is given) and `cacheControl`, or a bodiless
 * 304 with the same two headers when the request's If-None-Match already names that ETag.
 */
export function jsonWithEtag(c: Context, value: unknown, cacheControl: string, etag?: string): Response {
  const body = JSON.stringify(value);
  const tag = etag ?? strongEtag(body);
  c.header("ETag", tag);
  c.header("Cache-Control", cacheControl);
  if (noneMatch(c.req.header("If-None-Match"), tag)) return c.body(null, 304);
  c.header("Content-Type", "application/json");
  return c.body(body);
}

import { createHash } from "node:crypto";

/**
 * Response headers that both the local server (local/static.ts, routes/media.ts) and CloudFront (infra/web.ts)
 * send, kept in one place so the two cannot drift apart.
 */

/** Content-addressed files (hashed build output, course media): a name never changes meaning, so keep them a year. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Course media file names as storeMedia writes them under `media/`: the first 32 hex digits of the content's
 * sha256 (captured) and an extension. One name, no slashes and no other dots: nothing else in the bucket can be named.
 */
export const MEDIA_FILE_NAME = /^([a-f0-9]{32})\.[a-z0-9]{2,4}$/;

/**
 * Only applies when a media file is opened as a document (an SVG, a caption file): it then runs nothing, loads
 * nothing and gets an opaque origin. Files the app loads as images, audio or video are not affected.
 */
export const MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

/** Every media response carries these, whether the local route or CloudFront's media behaviour answers. */
export const MEDIA_RESPONSE_HEADERS = {
  "Cache-Control": IMMUTABLE_CACHE_CONTROL,
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": MEDIA_CONTENT_SECURITY_POLICY,
} as const;

/** `https://` and one host name (or a deploy-time token standing for one): no scheme wildcard, path, or second source. */
const UPLOAD_ORIGIN = /^https:\/\/[^\s;,'"/*]+$/;

/** One inline script of the page as a CSP source: `'sha256-…'` of its exact text, as the browser hashes it. */
const SCRIPT_HASH = /^'sha256-[A-Za-z0-9+/]{43}='$/;
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

/**
 * The CSP sources of the inline scripts in the app's page (`index.html` as built): one, the request for a linked
 * screen's data (web/src/build/preload-linked-screen.ts), which must run as the page is parsed rather than a
 * round trip later. The local server (local/static.ts) and CloudFront's headers (infra/web.ts, at synth) both
 * read them from the built page, so the page and its policy come from the same build.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map((match) => `'sha256-${createHash("sha256").update(match[1]!, "utf8").digest("base64")}'`);
  return [...new Set(hashes)];
}

/**
 * The Content-Security-Policy of the web app. No inline script but the page's own, each allowed by its hash
 * (`scriptHashes`, from `inlineScriptHashes`); everything else is built as external modules. Lesson HTML is
 * sanitised on the server as well, so a stored script would be blocked twice.
 *
 * `uploadOrigin` is where the browser PUTs large course files: in AWS the bucket's presigned URLs
 * (`https://<bucket>.s3.<region>.amazonaws.com`, packages/core/src/storage), allowed by exactly that origin and
 * not `https:` or `*.amazonaws.com`, which would let an injected script send data to any bucket. Locally
 * uploads go to the server itself, so there is none.
 */
export function webContentSecurityPolicy(uploadOrigin?: string, scriptHashes: readonly string[] = []) {
  if (uploadOrigin !== undefined && !UPLOAD_ORIGIN.test(uploadOrigin)) throw new Error(`Not a single https origin: ${uploadOrigin}`);
  const wrong = scriptHashes.find((hash) => !SCRIPT_HASH.test(hash));
  if (wrong !== undefined) throw new Error(`Not a script's sha256 source: ${wrong}`);
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes].join(" "),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob: https:",
    "font-src 'self'",
    uploadOrigin ? `connect-src 'self' ${uploadOrigin}` : "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * The Content-Security-Policy of the web app, served by the local server (local/static.ts) and by CloudFront
 * (infra/web.ts). No inline script anywhere: the app is built as external modules. Lesson HTML is sanitised
 * on the server as well, so a stored script would be blocked twice.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' blob: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

import type { Context } from "hono";

/** The site's public address, for links printed in PDFs: PUBLIC_URL when configured, else this request's origin. */
export function publicBaseUrl(c: Context): string {
  return process.env.PUBLIC_URL ?? new URL(c.req.url).origin;
}

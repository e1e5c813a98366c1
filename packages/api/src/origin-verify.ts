import { createHash, timingSafeEqual } from "node:crypto";
import { VisibleError } from "@kns/core/error";
import type { ErrorBody } from "@kns/core/model";
import type { APIGatewayProxyResult, LambdaEvent } from "hono/aws-lambda";
import { log } from "./log";

/**
 * In AWS the API is reached through CloudFront, which adds this header with a secret (infra/web.ts, the secret
 * made in infra/stack.ts and given to the function as ORIGIN_VERIFY_SECRET). The HTTP API's own execute-api URL
 * stays reachable on the internet; a call made there directly skips the WAF and could claim any
 * `CloudFront-Viewer-Address`, so without the secret it is refused before the app runs.
 */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

/**
 * Whether `presented` is the secret, in time that depends on neither where nor whether the two differ: both are
 * hashed first, so the comparison is always of 32 bytes and leaks not even the secret's length.
 */
export function isOriginSecret(presented: string | undefined, secret: string | undefined): boolean {
  if (!presented || !secret) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}

function header(event: LambdaEvent, name: string): string | undefined {
  const headers = (event as { headers?: Record<string, string | undefined> }).headers ?? {};
  // HTTP API (payload 2.0) lower-cases header names; other event shapes may not.
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * The answer to a request that did not come through CloudFront (403, the API's error body), or undefined to let it
 * through. Without a configured secret (`npm start`, tests) everything passes, as before.
 */
export function refuseDirectCall(event: LambdaEvent, secret: string | undefined): APIGatewayProxyResult | undefined {
  if (!secret) return undefined;
  const presented = header(event, ORIGIN_VERIFY_HEADER);
  if (isOriginSecret(presented, secret)) return undefined;
  const request = event.requestContext as { requestId?: string; http?: { method?: string; path?: string; sourceIp?: string } } | undefined;
  log.warn("request.direct_access", {
    requestId: request?.requestId,
    method: request?.http?.method,
    path: request?.http?.path,
    sourceIp: request?.http?.sourceIp,
    // Which of the two: a scanner finding the URL sends none; a wrong one after a rotation is our own doing.
    originHeader: presented ? "wrong" : "missing",
  });
  const refusal = new VisibleError("request.direct_access");
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
  return {
    statusCode: 403,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

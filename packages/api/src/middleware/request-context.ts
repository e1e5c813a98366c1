import { randomUUID } from "node:crypto";
import { withRequest } from "@kns/core/log";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { log } from "../log";

export type RequestEnv = { Variables: { requestId: string; clientAddress: string } };

/** Lambda and Node expose the client address differently; the entries set this resolver. */
let resolveAddress: (c: Context) => string | undefined = () => undefined;
export function setAddressResolver(resolver: (c: Context) => string | undefined) {
  resolveAddress = resolver;
}

/**
 * Request id (echoed as `X-Request-Id`), client address, and one structured log line per request. The rest of
 * the request runs inside the logger's request scope, so core's log lines carry the same id.
 */
export const requestContext = createMiddleware<RequestEnv>(async function requestContext(c, next) {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  c.set("requestId", requestId);
  let address: string | undefined;
  try {
    address = resolveAddress(c);
  } catch {
    address = undefined;
  }
  c.set("clientAddress", address ?? "unknown");
  const started = performance.now();
  await withRequest({ requestId }, next);
  c.header("X-Request-Id", requestId);
  log.info("request", {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round(performance.now() - started),
  });
});

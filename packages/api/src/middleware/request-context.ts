import { randomUUID } from "node:crypto";
import { type RequestScope, withRequest } from "@kns/core/log";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { lambdaTraceId, log } from "../log";

export type RequestEnv = { Variables: { requestId: string; clientAddress: string } };

/** Lambda and Node expose the client address differently; the entries set this resolver. */
let resolveAddress: (c: Context) => string | undefined = () => undefined;
export function setAddressResolver(resolver: (c: Context) => string | undefined) {
  resolveAddress = resolver;
}

/** What hono/aws-lambda passes the app as `c.env`: API Gateway's event (HTTP API, payload v2) and Lambda's context. */
interface LambdaBindings {
  event?: { requestContext?: { requestId?: unknown } };
  lambdaContext?: { awsRequestId?: unknown };
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/**
 * The request's ids. In Lambda, API Gateway's request id, so that the access log line and every app log line of a
 * request share `requestId`, with Lambda's invocation id and the X-Ray trace id beside it. Locally (the Node
 * server, tests), the caller's X-Request-Id when it looks like one, else a fresh UUID.
 */
function requestScope(c: Context): RequestScope {
  const lambda = c.env as LambdaBindings | undefined;
  const gatewayId = text(lambda?.event?.requestContext?.requestId);
  const awsRequestId = text(lambda?.lambdaContext?.awsRequestId);
  if (gatewayId) return { requestId: gatewayId, awsRequestId, traceId: awsRequestId ? lambdaTraceId() : undefined };
  const incoming = c.req.header("x-request-id");
  return { requestId: incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID() };
}

/**
 * Request id (echoed as `X-Request-Id`), client address, and one structured log line per request. The rest of
 * the request runs inside the logger's request scope, so core's log lines (and metric lines) carry the same ids.
 */
export const requestContext = createMiddleware<RequestEnv>(async function requestContext(c, next) {
  const scope = requestScope(c);
  const { requestId } = scope;
  c.set("requestId", requestId);
  let address: string | undefined;
  try {
    address = resolveAddress(c);
  } catch {
    address = undefined;
  }
  c.set("clientAddress", address ?? "unknown");
  const started = performance.now();
  await withRequest(scope, next);
  c.header("X-Request-Id", requestId);
  // Written after the scope has closed, so its ids are given here.
  log.info("request", {
    ...scope,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round(performance.now() - started),
  });
});

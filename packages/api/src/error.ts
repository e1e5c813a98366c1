import { VisibleError, fromDatabaseError, type ErrorKind } from "@kns/core/error";
import type { ErrorBody } from "@kns/core/model";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
// The error class every zod schema (classic or mini) fails with; mini exports no `ZodError`.
import { $ZodError } from "zod/v4/core";
import { metric, security } from "@kns/core/log";
import { log } from "./log";
import { originalStack } from "./stack";

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  input: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "rate-limited": 429,
  unavailable: 503,
};

/** Each field's problem: the path, zod's issue code with its limits (for the app to word), and an English sentence. */
function zodDetails(err: $ZodError) {
  return err.issues.map((issue) => {
    const limits = issue as { minimum?: unknown; maximum?: unknown; format?: unknown; params?: { problem?: unknown } };
    const found = { minimum: limits.minimum, maximum: limits.maximum, format: limits.format, problem: limits.params?.problem };
    const params = Object.fromEntries(Object.entries(found).filter(([, v]) => typeof v === "number" || typeof v === "string"));
    return { path: issue.path.map(String).join("."), issue: issue.code, ...(Object.keys(params).length ? { params } : {}), message: issue.message };
  });
}

const bodyOf = (error: VisibleError): ErrorBody => ({
  error: { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}), ...(error.details ? { details: error.details } : {}) },
});

function zodMessage(err: $ZodError) {
  const first = err.issues[0];
  if (!first) return "The request is not valid.";
  const where = first.path.length ? `${first.path.map(String).join(".")}: ` : "";
  return `${where}${first.message}`;
}

/** The one place where errors become HTTP responses. */
export function onError(err: Error, c: Context) {
  const known = err instanceof $ZodError ? new VisibleError("request.invalid", zodMessage(err), { details: zodDetails(err) }) : fromDatabaseError(err);
  if (known) {
    if (known.retryAfterSeconds) c.header("Retry-After", String(known.retryAfterSeconds));
    if (known.kind === "rate-limited") metric({ RateLimited: 1 });
    const body = bodyOf(known);
    if (known.kind === "unavailable") log.warn("request.unavailable", { requestId: c.get("requestId"), error: err.name });
    if ((known.kind === "forbidden" || known.kind === "not-found") && /^\/api\/v1\/(admin|authoring|certificates)\//.test(c.req.path)) {
      security("access.denied", {
        userId: (c.get("session") as { userId?: string } | undefined)?.userId,
        method: c.req.method,
        path: c.req.path,
        code: known.code,
      });
    }
    return c.json(body, STATUS[known.kind]);
  }
  if (err instanceof HTTPException) {
    const cause = err.cause;
    if (cause instanceof $ZodError) return c.json(bodyOf(new VisibleError("request.invalid", zodMessage(cause), { details: zodDetails(cause) })), 400);
    // A status no error kind has (413 from a body limit): the exception gives the status, its cause the code.
    if (cause instanceof VisibleError) return c.json(bodyOf(cause), err.status as ContentfulStatusCode);
    const status = err.status;
    const code = status === 413 ? "request.too_large" : status === 404 ? "request.not_found" : status === 401 ? "auth.unauthenticated" : "request.invalid";
    return c.json(bodyOf(new VisibleError(code, err.message || undefined)), status as ContentfulStatusCode);
  }
  log.error("request.failed", { requestId: c.get("requestId"), error: err.name, message: err.message, stack: originalStack(err.stack) });
  return c.json(bodyOf(new VisibleError("server.internal")), 500);
}

export function notFound(c: Context) {
  return c.json(bodyOf(new VisibleError("request.not_found")), 404);
}

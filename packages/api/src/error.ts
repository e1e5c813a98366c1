import { VisibleError, fromDatabaseError, type ErrorKind } from "@kns/core/error";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
// The error class every zod schema (classic or mini) fails with; mini exports no `ZodError`.
import { $ZodError } from "zod/v4/core";
import { security } from "@kns/core/log";
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

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function zodDetails(err: $ZodError) {
  return err.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

function zodMessage(err: $ZodError) {
  const first = err.issues[0];
  if (!first) return "The request is not valid.";
  const where = first.path.length ? `${first.path.map(String).join(".")}: ` : "";
  return `${where}${first.message}`;
}

/** The one place where errors become HTTP responses. */
export function onError(err: Error, c: Context) {
  const known = err instanceof $ZodError ? new VisibleError("input", "request.invalid", zodMessage(err), zodDetails(err)) : fromDatabaseError(err);
  if (known) {
    if (known.retryAfterSeconds) c.header("Retry-After", String(known.retryAfterSeconds));
    const body: ErrorBody = { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
    if (known.kind === "unavailable") log.warn("request.unavailable", { requestId: c.get("requestId"), error: err.name });
    if ((known.kind === "forbidden" || known.kind === "not-found") && /^\/api\/v1\/(admin|authoring|certificates)\//.test(c.req.path)) {
      security("access.denied", { userId: (c.get("session") as { userId?: string } | undefined)?.userId, method: c.req.method, path: c.req.path, code: known.code });
    }
    return c.json(body, STATUS[known.kind]);
  }
  if (err instanceof HTTPException) {
    const cause = err.cause;
    if (cause instanceof $ZodError) {
      return c.json({ error: { code: "request.invalid", message: zodMessage(cause), details: zodDetails(cause) } } satisfies ErrorBody, 400);
    }
    const status = err.status;
    const code = status === 413 ? "request.too_large" : status === 404 ? "not_found" : status === 401 ? "auth.unauthenticated" : "request.invalid";
    return c.json({ error: { code, message: err.message || "The request could not be processed." } } satisfies ErrorBody, status as ContentfulStatusCode);
  }
  log.error("request.failed", { requestId: c.get("requestId"), error: err.name, message: err.message, stack: originalStack(err.stack) });
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } } satisfies ErrorBody, 500);
}

export function notFound(c: Context) {
  return c.json({ error: { code: "not_found", message: "There is nothing at this address." } } satisfies ErrorBody, 404);
}

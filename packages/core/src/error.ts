/**
 * Errors a user can act on. Core throws these with a stable dotted code; the API maps `kind` to an HTTP
 * status in exactly one place (packages/api/src/error.ts). Anything else is a bug and becomes a 500.
 */
export type ErrorKind =
  | "input"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "rate-limited"
  | "unavailable";

export class VisibleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds the caller should wait, for `rate-limited` and `unavailable`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "VisibleError";
  }
}

const RETRYABLE_AWS_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "ECONNREFUSED",
  "ECONNRESET",
]);

/**
 * Turns database failures into errors the caller can act on: throttling, timeouts and server faults are
 * retryable (503), a transaction that lost a race is a conflict (409). Returns undefined for anything else.
 */
export function fromDatabaseError(err: unknown): VisibleError | undefined {
  if (err instanceof VisibleError) return err;
  if (!(err instanceof Error)) return undefined;
  const name = err.name || (err as { code?: string }).code || "";
  const code = (err as { code?: string }).code ?? "";
  if (RETRYABLE_AWS_ERRORS.has(name) || RETRYABLE_AWS_ERRORS.has(code) || (err as { $retryable?: unknown }).$retryable) {
    return new VisibleError("unavailable", "db.unavailable", "The service is busy. Please try again in a moment.", undefined, 2);
  }
  if (name === "TransactionCanceledException" || name === "TransactionConflictException" || name === "ConditionalCheckFailedException") {
    return new VisibleError("conflict", "db.conflict", "Another change happened at the same time. Please try again.", undefined, 1);
  }
  return undefined;
}

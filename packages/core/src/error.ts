import { ERRORS, errorMessage, type ErrorCode, type ErrorKind } from "./model/errors";

export type { ErrorCode, ErrorKind };

/**
 * Errors a user can act on. Core throws these with a code from the catalogue (model/errors.ts), which fixes the
 * code's kind; the API maps the kind to an HTTP status in exactly one place (packages/api/src/error.ts).
 * `message` may say more than the catalogue's sentence (which option, which row), for API clients and logs;
 * the web app words the code and its params itself. Anything else thrown is a bug and becomes a 500.
 */
export class VisibleError extends Error {
  readonly kind: ErrorKind;
  readonly params?: Record<string, string | number>;
  readonly details?: unknown;
  /** Seconds the caller should wait, for `rate-limited` and `unavailable`. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    extra: { params?: Record<string, string | number>; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message ?? errorMessage(code, extra.params));
    this.name = "VisibleError";
    this.kind = ERRORS[code].kind;
    this.params = extra.params;
    this.details = extra.details;
    this.retryAfterSeconds = extra.retryAfterSeconds;
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
    return new VisibleError("db.unavailable", "The service is busy. Please try again in a moment.", { retryAfterSeconds: 2 });
  }
  if (name === "TransactionCanceledException" || name === "TransactionConflictException" || name === "ConditionalCheckFailedException") {
    return new VisibleError("db.conflict", "Another change happened at the same time. Please try again.", { retryAfterSeconds: 1 });
  }
  return undefined;
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Structured JSON logs, one line each (CloudWatch parses them; locally they stay greppable). The API runs each
 * request inside `withRequest`, so every line written while serving it, from core too, carries its request id;
 * in Lambda also the invocation's id and its X-Ray trace id, which find the same request in the API Gateway
 * access log, in Lambda's own START/REPORT lines and in X-Ray (docs/observability.md).
 */
type Fields = Record<string, unknown>;

export interface RequestScope {
  /** API Gateway's request id in AWS (the access log's `requestId`); locally the caller's X-Request-Id or a UUID. */
  requestId: string;
  /** Lambda's id for the invocation (`context.awsRequestId`): the access log's `lambdaRequestId`. */
  awsRequestId?: string;
  /** The X-Ray trace id of the invocation (`1-…-…`), when the function is traced. */
  traceId?: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function withRequest<T>(context: RequestScope, work: () => T): T {
  return scope.run(context, work);
}

/** The request (or invocation) being served, for writers that add its ids to their own lines (metrics). */
export function currentRequest(): RequestScope | undefined {
  return scope.getStore();
}

const quiet = () => process.env.LOG_LEVEL === "silent";

/** Tests read what was logged through this hook; production writes to stdout/stderr only. */
let sink: ((line: Fields) => void) | undefined;
export function captureFor(test: (line: Fields) => void) {
  sink = test;
  return () => {
    sink = undefined;
  };
}

function write(level: "info" | "warn" | "error", event: string, fields: Fields) {
  const request = scope.getStore();
  const line = {
    level,
    event,
    time: new Date().toISOString(),
    requestId: request?.requestId,
    awsRequestId: request?.awsRequestId,
    traceId: request?.traceId,
    ...fields,
  };
  sink?.(line);
  if (quiet()) return;
  const text = JSON.stringify(line);
  if (level === "error") console.error(text);
  else console.log(text);
}

export const log = {
  info: (event: string, fields: Fields = {}) => write("info", event, fields),
  warn: (event: string, fields: Fields = {}) => write("warn", event, fields),
  error: (event: string, fields: Fields = {}) => write("error", event, fields),
};

/**
 * Security events (docs/security.md): sign-in failures and lockouts, refresh-token reuse, reset and activation
 * codes, sessions ended, role changes, denied admin access. Structured, with the user id and the request id;
 * never a password, a token, a code or a full phone number (pass phones through `maskPhone`, user/phone.ts).
 */
export type SecurityEvent =
  | "auth.login_failed"
  | "auth.login_locked"
  | "auth.refresh_reuse"
  | "auth.refresh_refused"
  | "auth.reset_code_issued"
  | "auth.reset_code_requested"
  | "auth.reset_code_used"
  | "auth.reset_code_failed"
  | "auth.activation_code_issued"
  | "auth.activated"
  | "auth.activation_failed"
  | "auth.password_changed"
  | "auth.sessions_ended"
  | "auth.session_refused"
  | "access.denied"
  | "role.changed"
  | "role.granted"
  | "role.revoked"
  | "import.dry_run";

export function security(event: SecurityEvent, fields: Fields = {}) {
  write("warn", event, { security: true, ...fields });
}

export {
  METRICS,
  METRICS_NAMESPACE,
  STAGE_DIMENSION,
  metric,
  setMetricSink,
  type MetricEvent,
  type MetricName,
  type MetricProperties,
  type MetricSink,
  type MetricUnit,
} from "./metrics";

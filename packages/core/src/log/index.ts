import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Structured JSON logs, one line each (CloudWatch parses them; locally they stay greppable). The API runs each
 * request inside `withRequest`, so every line written while serving it, from core too, carries its request id.
 */
type Fields = Record<string, unknown>;

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function withRequest<T>(context: RequestScope, work: () => T): T {
  return scope.run(context, work);
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
  const line = { level, event, time: new Date().toISOString(), requestId: scope.getStore()?.requestId, ...fields };
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

import type { ErrorCode } from "@kns/core/model";
import type { MessageKey, Translate } from "../i18n";
import { ApiError, NetworkError } from "./api";

/** Error codes people meet often enough to deserve a message in their own language. */
const MESSAGES: Partial<Record<ErrorCode, MessageKey>> = {
  "auth.invalid_credentials": "error.invalidCredentials",
  "user.phone_taken": "error.phoneTaken",
  "auth.join_code_invalid": "error.joinCodeInvalid",
  "auth.account_inactive": "error.accountInactive",
  "auth.activation_required": "error.activationRequired",
  "user.activation_required": "error.activationRequired",
  "auth.unauthenticated": "error.sessionExpired",
  "auth.session_ended": "error.sessionExpired",
  "db.unavailable": "error.serverBusy",
  "server.internal": "error.serverBusy",
};

interface ExplainedError<Field extends string> {
  /** For the alert above the form; undefined when the field messages say it all. */
  message?: string;
  fields: Partial<Record<Field, string>>;
}

/**
 * Turns a failed request into what the form shows: a translated message for known codes (falling back to the
 * server's own sentence) and the server's per-field messages from `details`, keyed by field name.
 */
export function explainError<Field extends string>(error: unknown, t: Translate, formFields: readonly Field[]): ExplainedError<Field> {
  if (error instanceof NetworkError) return { message: t("error.network"), fields: {} };
  if (!(error instanceof ApiError)) return { message: t("error.serverBusy"), fields: {} };

  const fields: Partial<Record<Field, string>> = {};
  let unplaced = false;
  for (const issue of error.details) {
    const field = formFields.find((name) => name === issue.path.split(".")[0]);
    if (field) fields[field] ??= issue.message;
    else unplaced = true;
  }

  if (error.code === "request.rate_limited") {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
    return { message: minutes ? t("error.rateLimitedMinutes", { minutes }) : t("error.rateLimited"), fields };
  }
  // A password the server found on the common-password list belongs to the form's password field.
  const passwordField = formFields.find((name) => name === "password" || name === "newPassword");
  if (error.code === "auth.password_common" && passwordField)
    return { message: t("validation.fixFields"), fields: { ...fields, [passwordField]: t("error.passwordCommon") } };
  const known = MESSAGES[error.code as ErrorCode];
  if (known) return { message: t(known), fields };
  if (error.status >= 500) return { message: t("error.serverBusy"), fields };
  if (Object.keys(fields).length && !unplaced) return { message: t("validation.fixFields"), fields };
  return { message: error.message, fields };
}

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

/**
 * Codes about one field, with the names that field has in the app's forms (the first the form has wins): their
 * message goes next to that field rather than in the alert above the form, which may be off-screen.
 */
const FIELD_OF: Partial<Record<ErrorCode, readonly string[]>> = {
  "auth.join_code_invalid": ["joinCode"],
  "user.phone_taken": ["phone"],
  "user.activation_required": ["phone"],
  "auth.activation_required": ["phone"],
  "auth.password_common": ["password", "newPassword"],
  "auth.invalid_credentials": ["currentPassword", "password"],
  "auth.activation_code_invalid": ["code"],
  "auth.reset_code_invalid": ["code"],
};

/** A field's message for a code that belongs to it, where the form's own wording is more precise than the alert's. */
const FIELD_MESSAGES: Partial<Record<string, MessageKey>> = {
  "auth.invalid_credentials/currentPassword": "error.wrongPassword",
  "auth.activation_code_invalid/code": "error.codeInvalid",
  "auth.reset_code_invalid/code": "error.codeInvalid",
  "auth.password_common/password": "error.passwordCommon",
  "auth.password_common/newPassword": "error.passwordCommon",
};

interface ExplainedError<Field extends string> {
  /** For the alert above the form; undefined when the field messages say it all. */
  message?: string;
  fields: Partial<Record<Field, string>>;
}

/**
 * Turns a failed request into what the form shows: a translated message for known codes (falling back to the
 * server's own sentence) and the server's per-field messages from `details`, keyed by field name. A code about
 * one of the form's fields (FIELD_OF) is shown at that field; the alert then only says to correct the marked fields.
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
  const known = MESSAGES[error.code as ErrorCode];
  const field = FIELD_OF[error.code as ErrorCode]?.map((name) => formFields.find((own) => own === name)).find(Boolean);
  if (field) {
    const key = FIELD_MESSAGES[`${error.code}/${field}`] ?? known;
    return { message: t("validation.fixFields"), fields: { ...fields, [field]: fields[field] ?? (key ? t(key) : error.message) } };
  }
  if (known) return { message: t(known), fields };
  if (error.status >= 500) return { message: t("error.serverBusy"), fields };
  if (Object.keys(fields).length && !unplaced) return { message: t("validation.fixFields"), fields };
  return { message: error.message, fields };
}

import { type ErrorCode, XLSX_MAX_ROWS } from "@kns/core/model";
import type { Language } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import { formatNumber } from "../../../lib/format";
import type { AdminKey, AdminTranslate } from "../messages";

/** Admin error codes with a message of their own (the shared dictionary has the network and server ones). */
const MESSAGES: Partial<Record<ErrorCode, AdminKey>> = {
  "unit.not_found": "error.unitNotFound",
  "user.not_found": "error.memberNotFound",
  "export.not_found": "error.exportNotFound",
  "course.not_found": "error.courseNotFound",
  "auth.forbidden": "error.forbidden",
  "unit.code_taken": "error.codeTaken",
  "unit.id_taken": "error.codeTaken",
  "unit.move_own": "error.moveOwn",
  "unit.move_cycle": "error.moveCycle",
  "unit.move_root": "error.moveRoot",
  "unit.move_too_large": "error.moveTooLarge",
  "unit.not_a_team": "error.notATeam",
  "unit.join_code_taken": "error.joinCodeTaken",
  "user.too_many_changes": "error.tooManyChanges",
  "import.missing_column": "error.importColumns",
  "import.empty": "error.importEmpty",
  "import.unreadable": "error.importUnreadable",
  "import.too_many_rows": "error.importTooManyRows",
  "request.too_large": "error.importTooLarge",
  "auth.reset_code_invalid": "error.resetCodeInvalid",
};

/** A code's own message, with the limits it names (shared with the server) written the reader's way; else undefined. */
export function describeCode(code: string | undefined, t: AdminTranslate, language: Language = "vi"): string | undefined {
  if (code === "export.too_many_rows") return t("error.exportTooManyRows", { limit: formatNumber(XLSX_MAX_ROWS, language) });
  const known = MESSAGES[code as ErrorCode];
  return known && t(known);
}

export function isNotFound(error: unknown) {
  return error instanceof ApiError && error.status === 404;
}

/**
 * One sentence for an alert: a translated message for known codes, the shared ones for network trouble, rate
 * limits and server failures, else the server's own sentence. (Not lib/errors' explainError: importing it here
 * would split it out of the sign-in screen's chunk into one more file on everyone's first load.)
 */
export function describeError(error: unknown, t: AdminTranslate, language: Language = "vi"): string {
  if (error instanceof NetworkError) return t("error.network");
  if (!(error instanceof ApiError)) return t("error.serverBusy");
  const known = describeCode(error.code, t, language);
  if (known) return known;
  if (error.code === "request.rate_limited") {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
    return minutes ? t("error.rateLimitedMinutes", { minutes }) : t("error.rateLimited");
  }
  if (error.status === 401) return t("error.sessionExpired");
  if (error.status === 404) return t("error.notFound");
  if (error.status === 403) return t("error.forbidden");
  if (error.status >= 500) return t("error.serverBusy");
  return error.message;
}

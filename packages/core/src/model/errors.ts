/**
 * The error-code catalogue: every code the API answers with, its kind (which the API maps to an HTTP status in
 * one place) and an English sentence for programs and logs. Codes are `area.snake_case`. The web app words each
 * code in the reader's language from the code and its params; it never parses the sentence.
 */
export type ErrorKind = "input" | "unauthenticated" | "forbidden" | "not-found" | "conflict" | "rate-limited" | "unavailable";

interface Entry {
  kind: ErrorKind;
  /** English, for API clients and logs; `{name}` is filled from the params. */
  message: string;
}

const entry = (kind: ErrorKind, message: string): Entry => ({ kind, message });

export const ERRORS = {
  // The request itself
  "request.invalid": entry("input", "The request is not valid."),
  "request.too_large": entry("input", "The request body is too large."),
  "request.not_found": entry("not-found", "There is nothing at this address."),
  "request.rate_limited": entry("rate-limited", "Too many attempts. Please wait and try again later."),
  "request.direct_access": entry("forbidden", "This API answers only requests sent through the site's own address."),
  "server.internal": entry("unavailable", "Something went wrong on our side. Please try again."),
  "db.unavailable": entry("unavailable", "The service is busy. Please try again in a moment."),
  "db.conflict": entry("conflict", "Another change happened at the same time. Please try again."),

  // Signing in, sessions, codes
  "auth.unauthenticated": entry("unauthenticated", "Please sign in first."),
  "auth.session_ended": entry("unauthenticated", "Your session has ended. Please sign in again."),
  "auth.invalid_credentials": entry("unauthenticated", "The phone number or password is not correct."),
  "auth.forbidden": entry("forbidden", "Your account is not allowed to do this."),
  "auth.account_inactive": entry("forbidden", "This account has been deactivated. Contact your team leader."),
  "auth.activation_required": entry("forbidden", "This account has not been activated yet. Ask your admin for an activation code."),
  "auth.join_code_invalid": entry("input", "This team code is not valid. Ask your team leader for the current one."),
  "auth.commune_invalid": entry("input", "This commune is not in the official list. Choose your province, then your commune."),
  "auth.password_common": entry("input", "This password is too common and easy to guess. Choose another one."),
  "auth.reset_code_invalid": entry("input", "This code is not valid or has expired. Ask your admin for a new one."),
  "auth.activation_code_invalid": entry("input", "This activation code is not valid or has expired. Ask your admin for a new one."),

  // People
  "user.not_found": entry("not-found", "This member does not exist."),
  "user.phone_taken": entry("conflict", "An account with this phone number already exists. Sign in instead."),
  "user.activation_required": entry(
    "conflict",
    "An account was already created for this phone number. Ask your admin for its activation code, then activate it.",
  ),
  "user.pending": entry("conflict", "This person has not activated their account yet: give them an activation code instead."),
  "user.already_active": entry("conflict", "This account is already activated."),
  "user.password_required": entry("input", "An account that is not pending needs a password."),
  "user.too_many_changes": entry("conflict", "This member has too much history to move in one step."),
  "user.citizen": entry("input", "This person registered as a resident: they have no team or team role to change."),

  // Units
  "unit.not_found": entry("not-found", "This unit does not exist."),
  "unit.not_a_team": entry("input", "Join codes belong to teams."),
  "unit.not_a_commune": entry("input", "Join code sheets are printed for a commune."),
  "unit.move_own": entry("forbidden", "You cannot move the unit you administer; ask an admin above you."),
  "unit.move_root": entry("input", "The nation cannot be moved."),
  "unit.move_cycle": entry("input", "A unit cannot move under itself or one of its own units."),
  "unit.move_too_large": entry("conflict", "This unit has too many units below it to move in one step."),
  "unit.join_code_taken": entry("conflict", "This join code is already used by another team."),
  "unit.id_taken": entry("conflict", "A unit with this id already exists."),
  "unit.code_taken": entry("conflict", "A unit with this code already exists."),
  "unit.archived": entry("conflict", "This unit is archived or being merged: it takes no new members or units."),
  "unit.not_empty": entry("conflict", "Only an empty unit can be archived: move or merge its units and members first."),
  "unit.merge_self": entry("input", "A unit cannot be merged into itself or into one of its own units."),
  "unit.merge_kind": entry("input", "A unit can only be merged into a unit of the same kind."),
  "unit.reorganise_own": entry("forbidden", "You cannot merge, archive or recode the unit you administer; ask an admin above you."),
  "unit.reorganise_root": entry("input", "The top unit cannot be merged or archived."),
  "unit.merge_busy": entry("conflict", "One of these units is already being merged. Wait until that merge has finished."),
  "job.not_found": entry("not-found", "There is no job with this id."),

  // Staff roles held per unit (staff/)
  "staff.role_not_allowed": entry("forbidden", "This role cannot be held at this kind of unit."),
  "staff.role_above_own": entry("forbidden", "You can only appoint roles below your own."),
  "staff.remove_self": entry("conflict", "You cannot remove your own role; ask an admin above you."),
  "staff.last_national_admin": entry("conflict", "The last national administrator cannot be removed."),
  "staff.too_many_roles": entry("conflict", "This person already holds too many roles."),
  "staff.national_admin_exists": entry("conflict", "A national administrator already exists."),

  // Courses and media
  "course.not_found": entry("not-found", "This course does not exist."),
  "course.id_taken": entry("conflict", "A course with this id already exists."),
  "course.draft_changed": entry("conflict", "Someone else changed this draft since you opened it. Reload it and apply your changes again."),
  "course.not_publishable": entry("input", "This draft cannot be published yet."),
  "course.bundle_invalid": entry("input", "The course bundle is not valid."),
  "course.out_of_scope": entry("forbidden", "This course belongs to another scope: you may read it, not change it."),
  "course.approval_required": entry("forbidden", "This course issues certificates: ask a second trainer or an admin to approve it (a publish request)."),
  "publish_request.not_found": entry("not-found", "This publish request does not exist."),
  "publish_request.own_request": entry("forbidden", "You asked for this publication: someone else must review it."),
  "publish_request.stale": entry("conflict", "The draft changed after this request was made. The author must ask again for the new draft."),
  "publish_request.closed": entry("conflict", "This publish request was already returned or replaced."),
  "media.type_not_allowed": entry("input", "Files of this type are not allowed."),
  "media.type_mismatch": entry("input", "The file's content does not match its type."),
  "media.too_large": entry("input", "This file is too large for its kind."),
  "media.empty": entry("input", "The file is empty."),
  "media.unsafe_svg": entry("input", "This SVG contains something that is not allowed."),
  "media.upload_not_found": entry("not-found", "This upload does not exist or has expired."),
  "media.upload_missing": entry("input", "The file has not been uploaded yet."),
  "media.size_mismatch": entry("input", "The uploaded file does not have the size that was announced."),
  "upload.refused": entry("forbidden", "This upload link is not valid or has expired."),
  "upload.mismatch": entry("input", "The file does not match the upload link."),
  "upload.too_large": entry("input", "The file is larger than the upload allows."),

  // Learning
  "quiz.not_found": entry("not-found", "This quiz does not exist."),
  "quiz.unknown_question": entry("input", "A question answered is not part of this attempt."),
  "quiz.unknown_option": entry("input", "An option chosen is not an option of its question."),
  "quiz.duplicate_answer": entry("input", "A question is answered twice."),
  "quiz.duplicate_option": entry("input", "An answer names an option twice."),
  "quiz.too_many_options": entry("input", "A question that takes one answer got several."),
  "quiz.draw_invalid": entry("input", "This attempt does not name a question set this quiz gave you. Open the quiz again."),
  "quiz.no_attempts_left": entry("conflict", "You have used all attempts for this quiz."),
  "quiz.attempt_id_reused": entry("conflict", "This attempt id was already used for another quiz."),
  "analytics.unit_level": entry("input", "Question analytics are kept for the nation and for each province: open them at your province."),
  "progress.busy": entry("conflict", "Too many changes at once. Please try again."),
  "progress.unknown_lesson": entry("input", "This lesson is not part of the course."),
  "progress.needs_play": entry("input", "This lesson is completed by playing it to a safe ending, not by marking it done."),
  "progress.not_scenario": entry("input", "This lesson is not a scenario to play."),
  "progress.scenario_path": entry("input", "These choices do not lead through the scenario to an ending."),
  "progress.not_started": entry("input", "Start the course first; you will get the newest version."),
  "progress.version_older": entry("input", "You can only move to a newer version."),
  "certificate.not_found": entry("not-found", "No certificate has this code. Check the code and try again."),
  // The review deck (review/, model/review.ts): refusals of single reviews in POST /me/reviews, and of a batch
  // whose clock reading is no clock's
  "review.unknown_card": entry("not-found", "This card is not in your review deck."),
  "review.future_date": entry("input", "A review cannot be dated in the future."),
  "review.state_mismatch": entry("input", "The card's state does not follow from this review."),
  "review.clock_invalid": entry("input", "sentAt is more than {days} days from the server's time: it is not the phone's clock reading."),

  // Field work (activity/, model/field-work.ts)
  "activity.future_date": entry("input", "A record of help cannot be dated in the future."),
  "activity.too_old": entry("input", "A record of help must be made within {days} days of the help."),
  "activity.people_out_of_range": entry("input", "A record counts between {min} and {max} people or households."),
  "activity.unknown_skill": entry("input", "This skill is not one of the basic digital skills."),
  "activity.unknown_outcome": entry("input", "This outcome is not in the list."),
  "activity.consent_required": entry("input", "A resident's name or phone is kept only when they consent; tick the consent box or leave them out."),
  "activity.not_your_team": entry("forbidden", "Help is recorded for your own team only."),
  "activity.not_a_member": entry("forbidden", "Only members of a team record help given to residents."),
  "activity.batch_rejected": entry("input", "Some records of help were refused; nothing was recorded. Send the others again without them."),
  "field_work.not_a_team": entry("input", "Monthly targets are set for teams."),

  // Reports (report/)
  "report.future_month": entry("input", "A monthly report covers this month or an earlier one."),

  // Campaigns (campaign/, model/campaign.ts)
  "campaign.not_found": entry("not-found", "There is no campaign with this id."),
  "campaign.bad_dates": entry("input", "A campaign starts on or before its due date, ends today or later, and lasts at most {days} days."),
  "campaign.course_unavailable": entry("input", "A course of the campaign is not published for this unit's learners."),

  // Team effectiveness (effectiveness/, model/effectiveness.ts)
  "effectiveness.weights_invalid": entry("input", "The four weights are whole numbers from 0 that add up to 100."),
  "effectiveness.not_a_province": entry("input", "Effectiveness weights are set for a province."),
  "effectiveness.not_a_commune": entry("input", "Teams are ranked within a commune."),
  "effectiveness.not_a_team": entry("input", "Badges are given to teams."),
  "effectiveness.badge_not_found": entry("not-found", "This team was not recognised for this month."),

  // Messages to people (notify/, model/notify.ts)
  "notify.rate_limited": entry("rate-limited", "This person has been sent too many messages in the last hour. Try again later."),
  "notify.channel_unavailable": entry("conflict", "This channel is not available on this service."),

  // Imports and exports
  "import.not_found": entry("not-found", "There is no import with this id."),
  "import.empty": entry("input", "The file is empty."),
  "import.unreadable": entry("input", "The file could not be read as CSV or as an Excel workbook (.xlsx)."),
  "import.missing_column": entry("input", "The header lacks a required column."),
  "import.too_many_rows": entry("input", "The file has too many rows. Split it into smaller files."),
  "import.too_many_columns": entry("input", "The file has too many columns."),
  "import.too_large": entry("input", "The file is too large once unpacked."),
  "export.not_found": entry("not-found", "There is no export with this id."),
  "export.too_many_rows": entry("input", "This list has more rows than an Excel sheet holds ({limit}). Choose CSV, a smaller unit or one course."),
  "broadcast.not_found": entry("not-found", "There is no announcement with this id."),
  "team_import.not_found": entry("not-found", "There is no team import with this id."),
  "merge.not_found": entry("not-found", "There is no merge with this id."),
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERRORS;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERRORS, code);

/** The catalogue's sentence for a code, with its params filled in. */
export function errorMessage(code: ErrorCode, params?: Record<string, string | number>): string {
  const template: string = ERRORS[code].message;
  return params ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match)) : template;
}

/** The error body of every 4xx and 5xx answer (shared/API.md). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; params?: Record<string, string | number>; details?: unknown };
}

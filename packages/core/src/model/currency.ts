/**
 * Keeping what we teach correct (issue "Curriculum 2026", docs/curriculum.md): when a lesson is due for another
 * look, the terms that are no longer true, and explanations that point at an option by its position (wrong as
 * soon as options are shuffled). The publish rules (./problems.ts), the trainer's course list and the content
 * check over the shipped courses (test) all use these.
 */

/** A lesson last reviewed longer ago than this is due for review. */
export const REVIEW_DUE_MONTHS = 6;

/** A review date: a real calendar day, YYYY-MM-DD. */
export const REVIEW_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isReviewDate = (value: string) => REVIEW_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** Whether a lesson reviewed on `reviewedAt` (or never) is due for review on `today` (both YYYY-MM-DD). */
export function reviewDue(reviewedAt: string | undefined, today: string): boolean {
  if (!reviewedAt || !isReviewDate(reviewedAt)) return true;
  const due = new Date(`${reviewedAt}T00:00:00Z`);
  due.setUTCMonth(due.getUTCMonth() + REVIEW_DUE_MONTHS);
  return due.toISOString().slice(0, 10) <= today;
}

export interface RetiredTerm {
  /** Matched case-insensitively, on word boundaries. */
  term: string;
  /** What to write instead, and why (shown to the trainer). */
  instead: string;
}

/**
 * Terms that were right once and are not now. A lesson, question or scenario using one cannot be published; the
 * trainer sees what to write instead. Each entry is dated and sourced in docs/curriculum.md.
 */
export const RETIRED_TERMS: readonly RetiredTerm[] = [
  { term: "Bộ phận một cửa", instead: "Trung tâm Phục vụ hành chính công xã, phường (từ 1/7/2025, Nghị định 118/2025/NĐ-CP)" },
  { term: "Bộ phận tiếp nhận và trả kết quả", instead: "Trung tâm Phục vụ hành chính công xã, phường (từ 1/7/2025, Nghị định 118/2025/NĐ-CP)" },
  { term: "mã passcode", instead: "mật mã (passcode) hoặc mã mở ứng dụng: một cách gọi thống nhất" },
  { term: "Voso", instead: "sàn đang hoạt động (Voso đã ngừng hoạt động)" },
  { term: "Quyết định 2345", instead: "Thông tư 50/2024/TT-NHNN (đã được sửa đổi, bổ sung)" },
  { term: "UBND huyện", instead: "UBND xã, phường hoặc tỉnh (từ 1/7/2025 không còn cấp huyện)" },
  { term: "công an huyện", instead: "công an xã, phường hoặc công an tỉnh (từ 1/7/2025 không còn cấp huyện)" },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Letters a word can have in Vietnamese, so "Vosovi" is not "Voso" and "Voso." is. */
const WORD = "\\p{L}\\p{N}";
const retiredPatterns = RETIRED_TERMS.map((entry) => ({ entry, pattern: new RegExp(`(?<![${WORD}])${escapeRegExp(entry.term)}(?![${WORD}])`, "iu") }));

/** The first retired term a text uses, if any. */
export function retiredTermIn(text: string): RetiredTerm | undefined {
  const normal = text.normalize("NFC");
  return retiredPatterns.find(({ pattern }) => pattern.test(normal))?.entry;
}

/**
 * Words an explanation uses to point at an option by where it sits ("đáp án đầu", "ba việc đầu", "A và C",
 * "the first option"), which is wrong once options are shuffled: explanations name the options instead.
 */
const POSITION_PATTERNS = [
  /(?<![\p{L}])(hai|ba|bốn|năm|2|3|4|5)\s+(đáp án|phương án|lựa chọn|ý|việc|cách|bước)\s+(đầu tiên|đầu|cuối cùng|cuối|trên|dưới)(?![\p{L}])/iu,
  /(?<![\p{L}])(đáp án|phương án|lựa chọn|câu trả lời|ý)\s+(đầu tiên|đầu|cuối cùng|cuối|thứ\s+(nhất|hai|ba|tư|năm|sáu|[1-9]))(?![\p{L}])/iu,
  /(?<![\p{L}])([Đđ]áp án|[Pp]hương án|[Ll]ựa chọn|[Ýý]|[Cc]âu)\s+[A-F](?![\p{L}\p{N}])/u,
  /(?<![\p{L}\p{N}])[A-F]\s*(,|và|hoặc|and|or)\s*[A-F](?![\p{L}\p{N}])/u,
  /(?<![\p{L}])(the\s+)?(first|second|third|last)\s+(two\s+|three\s+)?(option|answer|choice)s?(?![\p{L}])/iu,
  /(?<![\p{L}])([Oo]ption|[Aa]nswer|[Cc]hoice)\s+[A-F](?![\p{L}\p{N}])/u,
];

/** Whether a text points at options by position; returns the words that do, for the trainer. */
export function citedPosition(text: string): string | undefined {
  const normal = text.normalize("NFC");
  for (const pattern of POSITION_PATTERNS) {
    const match = pattern.exec(normal);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * How many lessons of a course were last reviewed on each day ("" for never): kept on the course's catalogue
 * entry when its draft is saved, so the trainer's course list says how many lessons are due without reading drafts.
 */
export function reviewDates(content: { modules: readonly { lessons: readonly { reviewedAt?: string }[] }[] }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const module of content.modules) {
    for (const lesson of module.lessons) {
      const day = lesson.reviewedAt ?? "";
      out[day] = (out[day] ?? 0) + 1;
    }
  }
  return out;
}

/** How many lessons of `reviewDates` are due for review on `today` (YYYY-MM-DD). */
export function lessonsDue(dates: Readonly<Record<string, number>>, today: string): number {
  let due = 0;
  for (const [day, count] of Object.entries(dates)) if (reviewDue(day || undefined, today)) due += count;
  return due;
}

/** Today in Vietnam (UTC+7), YYYY-MM-DD: review dates are Vietnamese calendar days. */
export const vietnamToday = (now = new Date()) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

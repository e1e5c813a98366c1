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

/**
 * The day a lesson reviewed on `reviewedAt` falls due: REVIEW_DUE_MONTHS later, on the same day of the month or
 * the month's last day (31 August is due on 28 or 29 February, not in March).
 */
export function reviewDueOn(reviewedAt: string): string {
  const [year, month, day] = reviewedAt.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + REVIEW_DUE_MONTHS, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Whether a lesson reviewed on `reviewedAt` (or never) is due for review on `today` (both YYYY-MM-DD). */
export function reviewDue(reviewedAt: string | undefined, today: string): boolean {
  if (!reviewedAt || !isReviewDate(reviewedAt)) return true;
  return reviewDueOn(reviewedAt) <= today;
}

export interface RetiredTerm {
  /** Matched case-insensitively, on word boundaries; each form is one way of writing it. */
  term: string;
  forms?: readonly string[];
  /** What to write instead, and why (shown to the trainer in their language). */
  instead: { vi: string; en: string };
}

const COMMUNE_CENTRE = {
  vi: "Trung tâm Phục vụ hành chính công xã, phường (từ 1/7/2025, Nghị định 118/2025/NĐ-CP)",
  en: "the commune's Public Administrative Service Centre, “Trung tâm Phục vụ hành chính công” (since 1 July 2025, Decree 118/2025/NĐ-CP)",
};
const NO_DISTRICTS = {
  vi: "xã, phường hoặc tỉnh (từ 1/7/2025 không còn cấp huyện)",
  en: "the commune, ward or province (there has been no district level since 1 July 2025)",
};

/**
 * Terms that were right once and are not now. A lesson, question or scenario using one cannot be published, unless
 * the same sentence says the change (`CHANGE_MARKERS`: "nay là", "trước đây"…), so a lesson can still teach
 * residents the new name of what they know by the old one. Each entry is dated and sourced in docs/curriculum.md.
 */
export const RETIRED_TERMS: readonly RetiredTerm[] = [
  { term: "Bộ phận một cửa", instead: COMMUNE_CENTRE },
  { term: "Bộ phận tiếp nhận và trả kết quả", instead: COMMUNE_CENTRE },
  {
    term: "mã passcode",
    instead: { vi: "mật mã (passcode) lần đầu, sau đó “mật mã”: một cách gọi thống nhất", en: "“mật mã (passcode)” once, then “mật mã”: one term throughout" },
  },
  {
    term: "Voso",
    instead: { vi: "một sàn đang hoạt động (Shopee, TikTok Shop, Lazada, Tiki)", en: "a marketplace that operates today (Shopee, TikTok Shop, Lazada, Tiki)" },
  },
  {
    term: "Quyết định 2345",
    instead: {
      vi: "Thông tư 50/2024/TT-NHNN (sửa đổi bởi Thông tư 77/2025/TT-NHNN), hoặc “theo quy định của Ngân hàng Nhà nước”",
      en: "Circular 50/2024/TT-NHNN (as amended by Circular 77/2025/TT-NHNN), or “under the State Bank's rules”",
    },
  },
  { term: "UBND huyện", forms: ["UBND huyện", "Ủy ban nhân dân huyện", "Uỷ ban nhân dân huyện", "UBND cấp huyện"], instead: NO_DISTRICTS },
  { term: "công an huyện", forms: ["công an huyện", "công an cấp huyện"], instead: NO_DISTRICTS },
  { term: "cấp huyện", instead: NO_DISTRICTS },
];

/** Words that say, in the same sentence, that a retired term is the old name ("Bộ phận một cửa nay là …"). */
const CHANGE_MARKERS = /(?<![\p{L}])(nay là|nay đã|trước đây|trước kia|đã đổi|đổi tên|không còn|đã bỏ|bãi bỏ|đã ngừng|thay cho|thay thế|tên cũ)(?![\p{L}])/iu;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Letters a word can have in Vietnamese, so "Vosovi" is not "Voso" and "Voso." is. */
const WORD = "\\p{L}\\p{N}";
const retiredPatterns = RETIRED_TERMS.map((entry) => ({
  entry,
  pattern: new RegExp(`(?<![${WORD}])(${(entry.forms ?? [entry.term]).map(escapeRegExp).join("|")})(?![${WORD}])`, "iu"),
}));

/** The first retired term a text uses, if any, in a sentence that does not say it changed. */
export function retiredTermIn(text: string): RetiredTerm | undefined {
  const sentences = text.normalize("NFC").split(/(?<=[.!?;:\n])\s+/);
  for (const sentence of sentences) {
    const found = retiredPatterns.find(({ pattern }) => pattern.test(sentence));
    if (found && !CHANGE_MARKERS.test(sentence)) return found.entry;
  }
  return undefined;
}

/**
 * Words an explanation uses to point at an option by where it sits ("đáp án đầu", "ba việc đầu", "A và C",
 * "đáp án 2", "the first option"), which is wrong once options are shuffled: explanations name the options
 * instead. Written for precision: a rule that stops publishing must not catch ordinary sentences ("lưu ý cuối
 * cùng", "vitamin A và C", "giấy phép lái xe hạng B, C", "hai việc đầu tiên khi mất tiền").
 */
const OPTION = "(?:đáp án|phương án|lựa chọn|câu trả lời|câu|ý)";
/** Words after which a lone letter pair ("A và C") names options: start of a sentence, "chỉ", "cả", "chọn", "là"… */
const BEFORE_LETTERS = `(?:^|[.!?:;(]\\s*|(?<![\\p{L}])(?:chỉ|cả|chọn|là|gồm|${OPTION})\\s+)`;
const POSITION_PATTERNS = [
  // "ba việc đầu", "hai ý trên", "hai đáp án cuối" (not "hai việc đầu tiên khi…", which tells a real order).
  /(?<![\p{L}])(hai|ba|bốn|năm|2|3|4|5)\s+(đáp án|phương án|lựa chọn|ý|việc)\s+(đầu|cuối|trên|dưới)(?![\p{L}])(?!\s+(tiên|cùng))/iu,
  // "các ý trên", "những đáp án dưới"
  /(?<![\p{L}])(các|những|mọi)\s+(đáp án|phương án|lựa chọn|ý)\s+(trên|dưới)(?![\p{L}])/iu,
  // "đáp án đầu tiên", "câu trả lời cuối", "đáp án thứ hai" (not "phương án cuối cùng", a last resort)
  /(?<![\p{L}])(đáp án|câu trả lời)\s+(đầu tiên|đầu|cuối cùng|cuối|thứ\s+(nhất|hai|ba|tư|năm|sáu|[1-9]))(?![\p{L}])/iu,
  /(?<![\p{L}])(phương án|lựa chọn)\s+thứ\s+(nhất|hai|ba|tư|năm|sáu|[1-9])(?![\p{L}])/iu,
  // "đáp án B", "đáp án (b)", "đáp án 2", "phương án số 2", "ý 1"
  /(?<![\p{L}])(?:đáp án|phương án|lựa chọn|câu trả lời|ý)\s+(?:số\s+)?(?:\(?[A-Fa-f]\)?|\(?[1-9]\)?)(?![\p{L}\p{N}])/iu,
  // "A và C", "Chỉ B, D đúng" (a letter pair where options would be named)
  new RegExp(`${BEFORE_LETTERS}[A-Fa-f]\\s*(?:,|và|hoặc)\\s*[A-Fa-f](?![\\p{L}\\p{N}])`, "iu"),
  /(?<![\p{L}])(the\s+)?(first|second|third|last)\s+(two\s+|three\s+)?(option|answer|choice)s?(?![\p{L}])/iu,
  /(?<![\p{L}])([Oo]ptions?|[Aa]nswers?|[Cc]hoices?)\s+(\(?[A-F1-9]\)?)(\s*(,|and|or)\s*\(?[A-F1-9]\)?)*(?![\p{L}\p{N}])/u,
];

/** Whether a text points at options by position; returns the words that do, for the trainer. */
export function citedPosition(text: string): string | undefined {
  const normal = text.normalize("NFC");
  for (const pattern of POSITION_PATTERNS) {
    const match = pattern.exec(normal);
    if (match) return match[0].trim();
  }
  return undefined;
}

/** The key `reviewDates` counts never-reviewed lessons under (a map key must not be empty in DynamoDB). */
export const NEVER_REVIEWED = "never";

/**
 * How many lessons of a course were last reviewed on each day (NEVER_REVIEWED for never): kept on the course's
 * catalogue entry when its draft is saved, so the trainer's course list says how many lessons are due without
 * reading drafts.
 */
export function reviewDates(content: { modules: readonly { lessons: readonly { reviewedAt?: string }[] }[] }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const module of content.modules) {
    for (const lesson of module.lessons) {
      const day = lesson.reviewedAt && isReviewDate(lesson.reviewedAt) ? lesson.reviewedAt : NEVER_REVIEWED;
      out[day] = (out[day] ?? 0) + 1;
    }
  }
  return out;
}

/** How many lessons of `reviewDates` are due for review on `today` (YYYY-MM-DD). */
export function lessonsDue(dates: Readonly<Record<string, number>>, today: string): number {
  let due = 0;
  for (const [day, count] of Object.entries(dates)) if (reviewDue(day === NEVER_REVIEWED ? undefined : day, today)) due += count;
  return due;
}

/** Today in Vietnam (UTC+7), YYYY-MM-DD: review dates are Vietnamese calendar days. */
export const vietnamToday = (now = new Date()) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * Search as people type it on a phone, one rule for the server and the phone (offline over the stored index).
 *
 * Text and query are both folded (`foldVietnamese`): Unicode NFD with the combining marks removed (so
 * diacritics, composed or not, never matter), đ/Đ → d, lower case, and every run of spaces or punctuation made one
 * space. Then every word typed must start a word of the text, in any order. The variants accepted on top, and no
 * others (Telex/VNI leftovers such as "thanhf" are not guessed at):
 *  - "dd" at the start of a word typed is "đ" with the keyboard's Vietnamese mode off ("ddien" finds "điện");
 *  - a word ending in consonant + "y" and the same with "i" are one word ("ky nang" finds "Kĩ năng", "kĩ"
 *    finds "Kỹ"): both spellings are taught and both are printed;
 *  - spaces are optional: a word typed may run over several words of the text ("thanhtoan" finds "Thanh toán"),
 *    and words typed apart may be one word of the text ("vn eid" finds "VNeID");
 *  - a word typed of 3+ letters may be the initials of consecutive words ("dvc" finds "Dịch vụ công", "cccd"
 *    finds "Căn cước công dân");
 *  - abbreviations and brand names ("qr", "otp", "vneid", "vietqr") need nothing special: they are words.
 */

export const SEARCH_QUERY_MAX = 100;

/** Text folded for matching: no diacritics, đ → d, lower case, punctuation and runs of spaces as one space. */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The folded words of a text. */
export function tokenize(text: string): string[] {
  const folded = foldVietnamese(text);
  return folded ? folded.split(" ") : [];
}

/**
 * The "i" spelling of a word ending in consonant + "y" ("ky" → "ki", "quy" → "qui", "my" → "mi"); others as they
 * are: after a vowel "y" is part of the vowel ("tuy" and "tui" are different words).
 */
const iSpelling = (word: string) => word.replace(/(qu|[bcdghklmnpqrstvx])y$/, "$1i");

/** A word as typed, with its other accepted spellings. */
function typedForms(word: string): string[] {
  const forms = new Set([word, iSpelling(word)]);
  if (word.startsWith("dd")) for (const form of [...forms]) forms.add(form.slice(1));
  return [...forms];
}

/** How well a group of typed words matched at one place: a whole word, the start of one, or another accepted form. */
const Fit = { None: 0, Loose: 1, Prefix: 2, Whole: 3 } as const;
type Fit = (typeof Fit)[keyof typeof Fit];

interface Prepared {
  words: string[];
  /** The words with the "i" spelling, for the y/i variant. */
  iWords: string[];
}

function prepare(text: string): Prepared {
  const words = tokenize(text);
  return { words, iWords: words.map(iSpelling) };
}

/** How well one typed word (or typed words written together) fits somewhere in the text. */
function fit(typed: string, text: Prepared): Fit {
  let best: Fit = Fit.None;
  const forms = typedForms(typed);
  for (const words of [text.words, text.iWords]) {
    for (let i = 0; i < words.length; i++) {
      for (const form of forms) {
        const word = words[i]!;
        if (word === form) return Fit.Whole;
        if (word.startsWith(form)) best = Fit.Prefix;
        else if (best < Fit.Loose && form.length > word.length && words.slice(i).join("").startsWith(form)) best = Fit.Loose;
        else if (best < Fit.Loose && form.length >= 3 && initials(words, i, form.length) === form) best = Fit.Loose;
      }
    }
  }
  return best;
}

const initials = (words: string[], from: number, count: number) =>
  words
    .slice(from, from + count)
    .map((word) => word[0])
    .join("");

/** At most this many typed words are tried written together ("vn eid", "dich vu cong" as one word). */
const MAX_JOINED = 3;

/**
 * How many typed words matched whole words, or undefined when the query does not match: every typed word (or
 * group of typed words written together) must fit the text. The best grouping wins.
 */
function score(typed: string[], text: Prepared): number | undefined {
  const memo = new Map<number, number | undefined>();
  const from = (start: number): number | undefined => {
    if (start === typed.length) return 0;
    if (memo.has(start)) return memo.get(start);
    let best: number | undefined;
    for (let size = 1; size <= MAX_JOINED && start + size <= typed.length; size++) {
      const found = fit(typed.slice(start, start + size).join(""), text);
      if (found === Fit.None) continue;
      const rest = from(start + size);
      if (rest === undefined) continue;
      const total = rest + (found === Fit.Whole ? size : 0);
      if (best === undefined || total > best) best = total;
    }
    memo.set(start, best);
    return best;
  };
  return from(0);
}

/** Whether every word typed fits the text (see the top of this file). An empty query matches nothing. */
export function matches(query: string, text: string): boolean {
  const typed = tokenize(query);
  return typed.length > 0 && score(typed, prepare(text)) !== undefined;
}

/**
 * How well a query fits a text, for ranking a list of matches: how many typed words matched whole words
 * ("son la" fits "Tỉnh Sơn La" with 2, "Tỉnh Lạng Sơn" with 1); undefined when it does not match.
 */
export function matchScore(query: string, text: string): number | undefined {
  const typed = tokenize(query);
  return typed.length > 0 ? score(typed, prepare(text)) : undefined;
}

/** The index a learner searches: the courses they may see, as built at publish (GET /search/index). */
export interface SearchIndex {
  courses: SearchIndexCourse[];
}

export interface SearchIndexCourse {
  courseId: string;
  title: string;
  /** Other words a course is found by (its tags and module titles), ranked below its title. */
  keywords: string;
  lessons: { lessonId: string; title: string }[];
}

/** One result (GET /search?q=). */
export type SearchItem = { type: "course"; courseId: string; title: string } | { type: "lesson"; courseId: string; lessonId: string; title: string };

/** GET /search?q= */
export interface SearchResults {
  items: SearchItem[];
}

/** Results shown at most: the phone's screen and the answer stay small. */
export const SEARCH_RESULTS_MAX = 30;

/**
 * The results of a query over an index, best first: courses whose title matches, then lessons whose title
 * matches, then courses found by their other words; within each, the more typed words that are whole words, the
 * higher; then in the index's order.
 */
export function searchIndex(index: SearchIndex, query: string, limit = SEARCH_RESULTS_MAX): SearchItem[] {
  const typed = tokenize(query);
  if (!typed.length) return [];
  const found: { item: SearchItem; tier: number; whole: number; order: number }[] = [];
  const add = (item: SearchItem, tier: number, text: string) => {
    const whole = score(typed, prepare(text));
    if (whole !== undefined) found.push({ item, tier, whole, order: found.length });
  };
  for (const course of index.courses) {
    const item = { type: "course", courseId: course.courseId, title: course.title } as const;
    const before = found.length;
    add(item, 0, course.title);
    if (found.length === before && course.keywords) add(item, 2, `${course.title} ${course.keywords}`);
    for (const lesson of course.lessons) add({ type: "lesson", courseId: course.courseId, lessonId: lesson.lessonId, title: lesson.title }, 1, lesson.title);
  }
  return found
    .sort((a, b) => a.tier - b.tier || b.whole - a.whole || a.order - b.order)
    .slice(0, limit)
    .map(({ item }) => item);
}

import { matches, tokenize } from "./search";

/**
 * Whether every word typed starts some word of the text (in any order), as people type on a phone: without
 * diacritics and case ("lo thi" for "Lò Thị", "dinh" for "Đinh"), by the one rule every search follows
 * (search.ts). Nothing typed lists everything.
 */
export function matchesWords(text: string, query: string): boolean {
  return tokenize(query).length === 0 || matches(query, text);
}

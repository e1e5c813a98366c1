/**
 * Text as people type it on a phone: without diacritics and case ("lo thi" for "Lò Thị", "dinh" for "Đinh"),
 * for every search the server and the phone do.
 */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Whether every word typed starts some word of the text (in any order), ignoring diacritics and case. */
export function matchesWords(text: string, query: string): boolean {
  const words = foldText(text).split(" ");
  return foldText(query)
    .split(" ")
    .filter(Boolean)
    .every((typed) => words.some((word) => word.startsWith(typed)));
}

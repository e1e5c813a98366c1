import type { Language } from "../../../i18n";

const locale = (language: Language) => (language === "vi" ? "vi-VN" : "en-GB");

export function formatNumber(language: Language, value: number) {
  return new Intl.NumberFormat(locale(language)).format(value);
}

/** 2025-11-28T… → 28/11/2025 */
export function formatDate(language: Language, iso: string) {
  return new Intl.DateTimeFormat(locale(language), { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(iso));
}

export function formatDateTime(language: Language, iso: string) {
  return new Intl.DateTimeFormat(locale(language), { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** A calendar day of the series ("2025-11-28") → "28/11", the short form both languages use here (ICU versions differ). */
export function formatDay(day: string) {
  const [, month = "", date = ""] = day.split("-");
  return `${date}/${month}`;
}

/** Whole days between an instant and now (0 = today or in the future). */
export function daysSince(iso: string, now = Date.now()) {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));
}

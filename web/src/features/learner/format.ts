import type { Topic } from "@kns/core/contract";
import type { Language } from "../../i18n";

const locale = (language: Language) => (language === "vi" ? "vi-VN" : "en-GB");

/** Sizes as people see them in their phone's settings: MB, with a decimal comma in Vietnamese. */
export function megabytes(bytes: number, language: Language): string {
  const mb = bytes / 1_000_000;
  const digits = mb >= 10 ? 0 : mb >= 1 ? 1 : 2;
  const value = Math.max(mb, bytes > 0 ? 0.01 : 0);
  return `${new Intl.NumberFormat(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)} MB`;
}

export function shortDate(iso: string | undefined, language: Language): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : new Intl.DateTimeFormat(locale(language), { day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}

export function dateTime(iso: string | undefined, language: Language): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : new Intl.DateTimeFormat(locale(language), { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}

/** The catalogue's order: the five basic digital skills, as the programme lists them. */
export const TOPICS: Topic[] = ["public-services", "payments", "e-commerce", "cyber-safety", "other"];

/** Certificate codes are shown grouped, XXXX-XXXX-XX, easy to read out over the phone. */
export function groupCode(code: string): string {
  const clean = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return clean.length === 10 ? `${clean.slice(0, 4)}-${clean.slice(4, 8)}-${clean.slice(8)}` : clean;
}

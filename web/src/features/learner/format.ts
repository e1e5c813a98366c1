import type { Topic } from "@kns/core/contract";
import type { Language } from "../../i18n";

const locale = (language: Language) => (language === "vi" ? "vi-VN" : "en-GB");

/**
 * Sizes as people see them in their phone's settings: MB, with a decimal comma in Vietnamese. Written out by
 * hand, to the same result as Intl.NumberFormat (rounding half up): a page's first NumberFormat loads ICU's
 * number data, 100–400 ms on a slow phone (Chromium at 4× CPU), more than the rest of a lesson's first render.
 */
export function megabytes(bytes: number, language: Language): string {
  const digits = bytes >= 10_000_000 ? 0 : bytes >= 1_000_000 ? 1 : 2;
  // Whole hundredths (or tenths, or MB), at least 0,01 MB for a file that is not empty.
  const scaled = String(Math.max(Math.round(bytes / 10 ** (6 - digits)), bytes > 0 ? 1 : 0)).padStart(digits + 1, "0");
  const whole = scaled.slice(0, scaled.length - digits);
  const [group, decimal] = language === "vi" ? [".", ","] : [",", "."];
  return `${whole.replace(/\B(?=(\d{3})+$)/g, group)}${digits ? decimal + scaled.slice(-digits) : ""} MB`;
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

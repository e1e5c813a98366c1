import type { Language } from "../i18n";

/**
 * How the app writes numbers, sizes and dates, in every area (learner, admin, trainer). Written out by hand
 * rather than with Intl, to the same result as vi-VN and en-GB: a page's first Intl formatter loads ICU's data,
 * 100–400 ms on a slow phone (Chromium at 4× CPU), which a learner's screen would pay before it shows. The tests
 * check the results against Intl.
 */

const groupAndDecimal = (language: Language): [string, string] => (language === "vi" ? [".", ","] : [",", "."]);

/** 1.234,5 in Vietnamese, 1,234.5 in English, at most three decimals (what Intl.NumberFormat writes by default). */
export function formatNumber(value: number, language: Language): string {
  const [group, decimal] = groupAndDecimal(language);
  const rounded = Math.round(Math.abs(value) * 1000) / 1000;
  const [whole = "0", fraction] = String(rounded).split(".");
  return `${value < 0 && rounded ? "-" : ""}${whole.replace(/\B(?=(\d{3})+$)/g, group)}${fraction ? decimal + fraction : ""}`;
}

/** Sizes as people see them in their phone's settings: MB, with a decimal comma in Vietnamese (rounding half up). */
export function megabytes(bytes: number, language: Language): string {
  const digits = bytes >= 10_000_000 ? 0 : bytes >= 1_000_000 ? 1 : 2;
  // Whole hundredths (or tenths, or MB), at least 0,01 MB for a file that is not empty.
  const scaled = String(Math.max(Math.round(bytes / 10 ** (6 - digits)), bytes > 0 ? 1 : 0)).padStart(digits + 1, "0");
  const whole = scaled.slice(0, scaled.length - digits);
  const [group, decimal] = groupAndDecimal(language);
  return `${whole.replace(/\B(?=(\d{3})+$)/g, group)}${digits ? decimal + scaled.slice(-digits) : ""} MB`;
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Dates as vi-VN and en-GB write them (26/11/2026), in the phone's time zone. By hand matters most here: the
 * offline note under a lesson's title would otherwise load ICU's calendar data (100–200 ms) before the lesson shows.
 */
export function shortDate(iso: string | undefined, _language: Language): string {
  // Written the same in both languages; the parameter stays for a language that writes it differently.
  const date = iso ? new Date(iso) : undefined;
  return date && !Number.isNaN(date.getTime()) ? `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}` : "";
}

/** "07:05 26/11/2026" in Vietnamese, "26/11/2026, 07:05" in English (24-hour clock in both). */
export function dateTime(iso: string | undefined, language: Language): string {
  const day = shortDate(iso, language);
  if (!day) return "";
  const date = new Date(iso!);
  const time = `${two(date.getHours())}:${two(date.getMinutes())}`;
  return language === "vi" ? `${time} ${day}` : `${day}, ${time}`;
}

/** A calendar day of a series ("2025-11-28") → "28/11", the short form both languages use here. */
export function dayMonth(day: string): string {
  const [, month = "", date = ""] = day.split("-");
  return `${date}/${month}`;
}

/** Whole days between an instant and now (0 = today or in the future). */
export function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));
}

/** Certificate codes are shown grouped, XXXX-XXXX-XX, easy to read out over the phone. */
export function groupCode(code: string): string {
  const clean = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return clean.length === 10 ? `${clean.slice(0, 4)}-${clean.slice(4, 8)}-${clean.slice(8)}` : clean;
}

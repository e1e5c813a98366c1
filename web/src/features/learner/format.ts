import type { Topic } from "@kns/core/contract";
import type { Language } from "../../i18n";

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

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Dates as vi-VN and en-GB write them (26/11/2026), in the phone's time zone, written out by hand for the same
 * reason as `megabytes`: a page's first Intl.DateTimeFormat loads ICU's calendar data, 100–200 ms on a slow
 * phone, and the offline note under a lesson's title would pay it before the lesson shows.
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

/** The catalogue's order: the five basic digital skills, as the programme lists them. */
export const TOPICS: Topic[] = ["public-services", "payments", "e-commerce", "cyber-safety", "other"];

/** Certificate codes are shown grouped, XXXX-XXXX-XX, easy to read out over the phone. */
export function groupCode(code: string): string {
  const clean = code.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return clean.length === 10 ? `${clean.slice(0, 4)}-${clean.slice(4, 8)}-${clean.slice(8)}` : clean;
}

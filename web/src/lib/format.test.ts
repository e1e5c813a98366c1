import { describe, expect, it } from "vitest";
import { dateTime, dayMonth, daysSince, formatNumber, groupCode, megabytes, shortDate } from "./format";

describe("megabytes", () => {
  it("writes sizes as Intl.NumberFormat would, without paying for it", () => {
    const intl = (bytes: number, language: "vi" | "en") => {
      const mb = bytes / 1_000_000;
      const digits = mb >= 10 ? 0 : mb >= 1 ? 1 : 2;
      const format = new Intl.NumberFormat(language === "vi" ? "vi-VN" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
      return `${format.format(Math.max(mb, bytes > 0 ? 0.01 : 0))} MB`;
    };
    // Halfway cases (15,000 bytes is 0,015 MB), the boundaries between 2, 1 and 0 decimals, and thousands.
    const sizes = [0, 1, 4_598, 5_000, 15_000, 54_903, 305_000, 995_000, 999_999, 1_000_000, 1_150_000, 9_949_999, 9_950_000, 10_500_000, 1_234_567_890];
    for (let bytes = 0; bytes < 3_000_000; bytes += 4_999) sizes.push(bytes);
    for (const bytes of sizes)
      for (const language of ["vi", "en"] as const) expect(megabytes(bytes, language), `${bytes} ${language}`).toBe(intl(bytes, language));
    expect(megabytes(54_903, "vi")).toBe("0,05 MB");
    expect(megabytes(1_234_567_890, "vi")).toBe("1.235 MB");
  });
});

describe("dates", () => {
  it("writes dates and times as Intl.DateTimeFormat would for vi-VN and en-GB, in the phone's time zone", () => {
    const locales = { vi: "vi-VN", en: "en-GB" } as const;
    const day = (iso: string, language: "vi" | "en") =>
      new Intl.DateTimeFormat(locales[language], { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(iso));
    const full = (iso: string, language: "vi" | "en") =>
      new Intl.DateTimeFormat(locales[language], { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" }).format(
        new Date(iso),
      );
    // Every 7 hours 13 minutes over two years: midnights, noons, month and year ends, single-digit days.
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += (7 * 60 + 13) * 60_000) {
      const iso = new Date(t).toISOString();
      for (const language of ["vi", "en"] as const) {
        expect(shortDate(iso, language), iso).toBe(day(iso, language));
        expect(dateTime(iso, language), iso).toBe(full(iso, language));
      }
    }
    expect(shortDate(undefined, "vi")).toBe("");
    expect(dateTime("not a date", "en")).toBe("");
  });
});

describe("numbers", () => {
  it("writes counts, scores and percentages as Intl.NumberFormat would for vi-VN and en-GB", () => {
    const values = [0, 1, 7, 42, 999, 1000, 1234, 12_345, 348_000, 1_234_567, 0.5, 2.25, 66.667, 85.5, 99.9995, 1234.5678, -3, -1234.5];
    for (let value = 0; value < 200_000; value += 997) values.push(value, value / 7);
    for (const value of values)
      for (const [language, locale] of [
        ["vi", "vi-VN"],
        ["en", "en-GB"],
      ] as const)
        expect(formatNumber(value, language), `${value} ${language}`).toBe(new Intl.NumberFormat(locale).format(value));
    expect(formatNumber(348_000, "vi")).toBe("348.000");
    expect(formatNumber(85.5, "vi")).toBe("85,5");
  });
});

describe("the rest", () => {
  it("writes a series day, whole days since, and a certificate code in groups", () => {
    expect(dayMonth("2025-11-28")).toBe("28/11");
    expect(daysSince("2026-01-01T00:00:00Z", Date.parse("2026-01-03T12:00:00Z"))).toBe(2);
    expect(daysSince("2026-01-05T00:00:00Z", Date.parse("2026-01-03T12:00:00Z"))).toBe(0);
    expect(groupCode("abcd efgh 12")).toBe("ABCD-EFGH-12");
  });
});

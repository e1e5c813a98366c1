import * as z from "zod/mini";
import "../zod-locale";

/**
 * Vietnamese mobile numbers, normalised to the 10-digit national form `0xxxxxxxxx`.
 * Accepts spaces, dots and dashes, and the +84 / 84 prefixes. Mobile prefixes since the 2018 renumbering:
 * 03x, 05x, 07x, 08x, 09x.
 */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s.\-()]/g, "");
  let national: string;
  if (/^\+84\d{9}$/.test(digits)) national = `0${digits.slice(3)}`;
  else if (/^84\d{9}$/.test(digits)) national = `0${digits.slice(2)}`;
  else if (/^0\d{9}$/.test(digits)) national = digits;
  else return undefined;
  return /^0[35789]\d{8}$/.test(national) ? national : undefined;
}

export const Phone = z.pipe(
  z.string().check(z.maxLength(20, "Phone number is too long")),
  z.transform((raw: string, ctx) => {
    const phone = normalisePhone(raw);
    if (!phone) {
      // A mini transform's context has no `addIssue`; the issue is pushed as classic zod's would have made it.
      ctx.issues.push({ code: "custom", message: "Enter a Vietnamese mobile number, e.g. 0912 345 678", input: raw });
      return z.NEVER;
    }
    return phone;
  }),
);

/** `0912***678`: enough to recognise your own number, not enough to call someone else's. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? "***" : `${phone.slice(0, 4)}***${phone.slice(-3)}`;
}

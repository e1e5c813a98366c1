/**
 * Vietnamese mobile numbers, normalised to the 10-digit national form `0xxxxxxxxx`. Accepts spaces, dots, dashes
 * and brackets, and the +84 / 84 prefixes. Mobile prefixes since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
 * The one rule for the server (core's Phone schema) and the phone (the web app's forms).
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

/** `0912***678`: enough to recognise your own number, not enough to call someone else's. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? "***" : `${phone.slice(0, 4)}***${phone.slice(-3)}`;
}

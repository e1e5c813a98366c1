import { fromBase64Url, toBase64Url } from "../base64url";

/**
 * Bytes that only a PIN opens: AES-GCM 256 with a key derived from the PIN by PBKDF2-SHA-256, a random salt
 * and IV each time. The PIN itself is never stored, nor any hash of it: a wrong PIN is recognised because
 * AES-GCM refuses to decrypt. Slow on purpose, so trying PINs one by one in the app takes a while; wrong
 * tries are also counted per profile (see profiles.ts).
 */
export interface PinSealed {
  salt: string;
  iv: string;
  iterations: number;
  data: string;
}

/**
 * As for the PIN hash this replaced. Every unlock pays it on the cheapest phones, and no count makes a 4–6 digit
 * PIN safe from someone who copies the storage and tries every PIN elsewhere; it slows them down.
 */
const ITERATIONS = 150_000;

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, { name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
}

export async function sealWithPin(pin: string, bytes: Uint8Array<ArrayBuffer>, iterations = ITERATIONS): Promise<PinSealed> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await pinKey(pin, salt, iterations), bytes);
  return { salt: toBase64Url(salt), iv: toBase64Url(iv), iterations, data: toBase64Url(new Uint8Array(data)) };
}

/** Undefined when the PIN is wrong (or the sealed bytes were changed: AES-GCM cannot tell the two apart). */
export async function openWithPin(pin: string, sealed: PinSealed): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const salt = fromBase64Url(sealed.salt);
  const iv = fromBase64Url(sealed.iv);
  const data = fromBase64Url(sealed.data);
  if (!salt || !iv || !data) return undefined;
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, await pinKey(pin, salt, sealed.iterations), data));
  } catch {
    return undefined;
  }
}

/** 4–6 digits, and not one a family member would guess first. */
export function pinProblem(pin: string): "pin.format" | "pin.easy" | undefined {
  if (!/^\d{4,6}$/.test(pin)) return "pin.format";
  const digits = [...pin].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const ascending = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 1) % 10);
  const descending = digits.every((d, i) => i === 0 || d === (digits[i - 1]! + 9) % 10);
  return same || ascending || descending ? "pin.easy" : undefined;
}

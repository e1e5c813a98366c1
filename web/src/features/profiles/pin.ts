import { fromBase64Url, toBase64Url } from "../base64url";

/**
 * A profile's PIN is never stored: only a salted PBKDF2-SHA-256 hash of it, slow enough that trying all
 * 10^4–10^6 PINs takes a while on a phone. Wrong tries are also counted per profile (see profiles.ts).
 */
export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

const ITERATIONS = 150_000;

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return toBase64Url(new Uint8Array(bits));
}

export async function hashPin(pin: string, iterations = ITERATIONS): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64Url(salt), hash: await derive(pin, salt, iterations), iterations };
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const salt = fromBase64Url(stored.salt);
  if (!salt) return false;
  const hash = await derive(pin, salt, stored.iterations);
  // Same length always; compare every character so the time taken does not hint at the first wrong one.
  let difference = hash.length ^ stored.hash.length;
  for (let i = 0; i < hash.length; i++) difference |= hash.charCodeAt(i) ^ (stored.hash.charCodeAt(i) || 0);
  return difference === 0;
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

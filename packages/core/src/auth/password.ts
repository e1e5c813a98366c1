import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import * as z from "zod/mini";
import "../zod-locale";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** N=2^15 keeps a hash near 50 ms on one Lambda core; r/p are scrypt's recommended defaults. */
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

export const Password = z
  .string()
  .check(
    z.minLength(8, "Password must have at least 8 characters"),
    z.maxLength(128, "Password must have at most 128 characters"),
    z.refine((p) => /[A-Za-zÀ-ỹ]/.test(p) && /\d/.test(p), "Password must contain letters and at least one digit"),
    z.refine((p) => !/^(.)\1+$/.test(p) && !["12345678a", "password1", "matkhau123", "abc12345"].includes(p.toLowerCase()), "This password is too easy to guess"),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, KEY_LENGTH, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password.normalize("NFC"), Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when the phone is unknown, so timing does not reveal which phones exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword("decoy-password-1");
  return decoy;
}

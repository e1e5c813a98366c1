import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import * as z from "zod/mini";
import "../zod-locale";
import { VisibleError } from "../error";
import { passwordProblem } from "../model";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** N=2^15 keeps a hash near 50 ms on one Lambda core; r/p are scrypt's recommended defaults. */
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Length, letters and a digit (model/people.ts): the rules the common-password list is filtered by (scripts/common-passwords.ts). */
export const PasswordShape = z.string().check(
  z.refine((p) => {
    const problem = passwordProblem(p);
    return problem === undefined || problem === "password.easy";
  }, "Password must have 8–128 characters, with letters and at least one digit"),
);

/**
 * What a new password must be, checked synchronously. The few easiest guesses are refused here at once; the
 * long list of common passwords needs loading, so it is checked apart by `assertNotCommon`.
 */
export const Password = z.string().check(
  z.superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message:
          problem === "password.easy" ? "This password is too easy to guess" : "Password must have 8–128 characters, with letters and at least one digit",
        params: { problem },
      });
  }),
);

/**
 * The form in which a password is looked up in the common-password list: lower case, without Vietnamese
 * diacritics (`Hương` is typed as `Huong` just as often) and without a trailing `@`, `!` or `.`, which people
 * add to satisfy a rule without making the password any harder to guess.
 */
export function commonPasswordKey(password: string): string {
  return password
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/đ/g, "d")
    .replace(/[@!.]+$/, "");
}

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/**
 * The common-password list as a set of lookup keys, loaded on first use only: a few hundred kilobytes that
 * only the paths setting a password need, which esbuild puts in a chunk of its own so a cold start never
 * parses it.
 */
function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import("./common-passwords")
    .then((list) => new Set(list.commonPasswords.split("\n")))
    .catch((err: unknown) => {
      // A failed load is tried again by the next caller rather than remembered.
      commonPasswords = undefined;
      throw err;
    });
  return commonPasswords;
}

/** Whether a password is one of those attackers try first (common-passwords.ts says where they come from). */
export async function isCommonPassword(password: string): Promise<boolean> {
  return (await loadCommonPasswords()).has(commonPasswordKey(password));
}

/** Refuses a new password that is on the common-password list; call it wherever a password is set. */
export async function assertNotCommon(password: string): Promise<void> {
  if (await isCommonPassword(password)) {
    throw new VisibleError("auth.password_common", "This password is too common and easy to guess. Choose another one.");
  }
}

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

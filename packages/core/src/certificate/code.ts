import { randomInt } from "node:crypto";

/**
 * Certificate codes: 9 random characters plus one check character, so a mistyped code is caught before any
 * lookup. The alphabet is Crockford's base 32 without I, L, O, U (nothing to confuse with 1 and 0) and
 * without Z, leaving 31 symbols: with a prime modulus every single substitution and every swap of two
 * neighbours changes the check character. 31^9 ≈ 2.6 × 10^13 codes: not guessable.
 * Shown grouped as `XXXX-XXXX-XX`; dashes, spaces and case are ignored.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY";
const BODY_LENGTH = 9;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i]!);
  return ALPHABET[sum % 31]!;
}

export function generateCode(): string {
  let body = "";
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + checkCharacter(body);
}

/** Normalises what a person typed (case, dashes, spaces, O→0, I/L→1); undefined when it cannot be a code. */
export function normaliseCode(input: string): string | undefined {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (cleaned.length !== BODY_LENGTH + 1 || [...cleaned].some((c) => !ALPHABET.includes(c))) return undefined;
  const body = cleaned.slice(0, BODY_LENGTH);
  return checkCharacter(body) === cleaned[BODY_LENGTH] ? cleaned : undefined;
}

export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

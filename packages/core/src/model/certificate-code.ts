/**
 * Certificate codes: 9 random characters plus one check character, so a mistyped code is caught before any
 * lookup, on the phone and on the server alike. The alphabet is Crockford's base 32 without I, L, O, U
 * (nothing to confuse with 1 and 0) and without Z, leaving 31 symbols: with a prime modulus every single
 * substitution and every swap of two neighbours changes the check character. 31^9 ≈ 2.6 × 10^13 codes.
 * Shown grouped as `XXXX-XXXX-XX`; dashes, spaces and case are ignored, O reads as 0 and I, L as 1.
 */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY";
export const CODE_BODY_LENGTH = 9;

export function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * CODE_ALPHABET.indexOf(body[i]!);
  return CODE_ALPHABET[sum % 31]!;
}

export type CodeProblem = "code.empty" | "code.length" | "code.characters" | "code.check";

/** What a person typed, as a code, or why it cannot be one. */
export function checkCode(input: string): { code: string } | { problem: CodeProblem } {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (!cleaned) return { problem: "code.empty" };
  if ([...cleaned].some((c) => !CODE_ALPHABET.includes(c))) return { problem: "code.characters" };
  if (cleaned.length !== CODE_BODY_LENGTH + 1) return { problem: "code.length" };
  return checkCharacter(cleaned.slice(0, CODE_BODY_LENGTH)) === cleaned[CODE_BODY_LENGTH] ? { code: cleaned } : { problem: "code.check" };
}

/** The code in its normal form, or undefined when it cannot be one. */
export function normaliseCode(input: string): string | undefined {
  const checked = checkCode(input);
  return "code" in checked ? checked.code : undefined;
}

export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * Certificate codes, checked on the phone before any lookup (same rules as packages/core certificate/code.ts):
 * 9 characters from Crockford's base 32 without I, L, O, U, Z, plus a check character, so a mistyped code is
 * caught at once. Case, dashes and spaces are ignored; O reads as 0 and I, L as 1.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY";
const BODY_LENGTH = 9;

function checkCharacter(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i]!);
  return ALPHABET[sum % 31]!;
}

export type CodeProblem = "code.empty" | "code.length" | "code.characters" | "code.check";

export function checkCode(input: string): { code: string } | { problem: CodeProblem } {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!cleaned) return { problem: "code.empty" };
  if ([...cleaned].some((c) => !ALPHABET.includes(c))) return { problem: "code.characters" };
  if (cleaned.length !== BODY_LENGTH + 1) return { problem: "code.length" };
  return checkCharacter(cleaned.slice(0, BODY_LENGTH)) === cleaned[BODY_LENGTH] ? { code: cleaned } : { problem: "code.check" };
}

/**
 * The rules for people's names and passwords, for the server's schemas (user/schema.ts, auth/password.ts) and the
 * phone's forms alike. Each check answers with a code, never a sentence.
 */
/**
 * `citizen`: a resident who signed up without a join code to take the citizens' courses. Not a team member: held
 * with no unit (their commune is `communeId`), counted apart in the commune's `citizens` figure.
 */
export const ROLES = ["member", "team-leader", "trainer", "admin", "super-admin", "citizen"] as const;
export type Role = (typeof ROLES)[number];

export const NAME_LIMITS = { min: 2, max: 100 } as const;
export const PASSWORD_LIMITS = { min: 8, max: 128 } as const;

/** Spaces folded, NFC: how a name is stored and compared. */
export const normaliseName = (raw: string) => raw.normalize("NFC").replace(/\s+/g, " ").trim();

export type NameProblem = "name.short" | "name.long" | "name.characters";

export function nameProblem(raw: string): NameProblem | undefined {
  const name = normaliseName(raw);
  if (name.length < NAME_LIMITS.min) return "name.short";
  if (name.length > NAME_LIMITS.max) return "name.long";
  return /^[\p{L}\p{M}' .-]+$/u.test(name) ? undefined : "name.characters";
}

/** The few easiest guesses, refused at once; the long common-password list is checked on the server only. */
const EASIEST = ["12345678a", "password1", "matkhau123", "abc12345"];

export type PasswordProblem = "password.short" | "password.long" | "password.shape" | "password.easy";

export function passwordProblem(password: string): PasswordProblem | undefined {
  if (password.length < PASSWORD_LIMITS.min) return "password.short";
  if (password.length > PASSWORD_LIMITS.max) return "password.long";
  if (!(/[A-Za-zÀ-ỹ]/.test(password) && /\d/.test(password))) return "password.shape";
  return /^(.)\1+$/.test(password) || EASIEST.includes(password.toLowerCase()) ? "password.easy" : undefined;
}

/**
 * The same rules the API applies (packages/core: user/phone.ts, auth/password.ts, user FullName), checked on
 * the phone first so a mistake is explained in the person's language without a slow round trip. The server
 * stays the authority; its messages are still shown if it disagrees. Each check returns the key of its message.
 */
export function phoneProblem(raw: string): "validation.phoneRequired" | "validation.phone" | undefined {
  if (!raw.trim()) return "validation.phoneRequired";
  const digits = raw.replace(/[\s.\-()]/g, "");
  const national = /^\+84\d{9}$/.test(digits) ? `0${digits.slice(3)}` : /^84\d{9}$/.test(digits) ? `0${digits.slice(2)}` : digits;
  return /^0[35789]\d{8}$/.test(national) ? undefined : "validation.phone";
}

const EASY_PASSWORDS = ["12345678a", "password1", "matkhau123", "abc12345"];

export function newPasswordProblem(password: string): "validation.passwordRule" | "validation.passwordEasy" | undefined {
  const ok = password.length >= 8 && password.length <= 128 && /[A-Za-zÀ-ỹ]/.test(password) && /\d/.test(password);
  if (!ok) return "validation.passwordRule";
  return EASY_PASSWORDS.includes(password.toLowerCase()) ? "validation.passwordEasy" : undefined;
}

export function fullNameProblem(name: string): "validation.fullName" | undefined {
  return name.replace(/[^\p{L}]/gu, "").length >= 2 ? undefined : "validation.fullName";
}

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export function hasErrors(errors: Record<string, string | undefined>) {
  return Object.values(errors).some(Boolean);
}

import { nameProblem, normalisePhone, passwordProblem } from "@kns/core/model";

/**
 * The API's rules for phones, passwords and names (the model's, packages/core/src/model), checked on the phone
 * first so a mistake is explained in the person's language without a slow round trip. The server stays the
 * authority; its answer is still shown if it disagrees. Each check returns the key of its message.
 */
export function phoneProblem(raw: string): "validation.phoneRequired" | "validation.phone" | undefined {
  if (!raw.trim()) return "validation.phoneRequired";
  return normalisePhone(raw) ? undefined : "validation.phone";
}

export function newPasswordProblem(password: string): "validation.passwordRule" | "validation.passwordEasy" | undefined {
  const problem = passwordProblem(password);
  if (!problem) return undefined;
  return problem === "password.easy" ? "validation.passwordEasy" : "validation.passwordRule";
}

export function fullNameProblem(name: string): "validation.fullName" | undefined {
  return nameProblem(name) ? "validation.fullName" : undefined;
}

export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export function hasErrors(errors: Record<string, string | undefined>) {
  return Object.values(errors).some(Boolean);
}

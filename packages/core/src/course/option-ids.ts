import { createHash } from "node:crypto";
import { QUESTION_KINDS, type Module, type Question } from "../model";

/**
 * For kinds whose answer is an order, the option ids a trainer chose (a, b, c, … in the right order) would give the
 * answer away in the quiz the phone downloads. The learner sees opaque ids instead, and the options sorted by
 * them, which scrambles the steps the same way for everyone. The ids come from a hash of the whole quiz, which
 * the phone never has before it is passed, so they cannot be worked back; the server recomputes them to grade.
 */
export function learnerOptionIds(module: Pick<Module, "quiz">, question: Question): Map<string, string> | undefined {
  if (QUESTION_KINDS[question.kind].answer !== "order") return undefined;
  const salt = createHash("sha256").update(canonical(module.quiz)).digest("hex");
  return new Map(
    question.options.map((option) => [
      option.id,
      `s${createHash("sha256").update(`${salt}\u0000${question.id}\u0000${option.id}`).digest("hex").slice(0, 10)}`,
    ]),
  );
}

/** JSON with object keys sorted: the stored version comes back from DynamoDB with its keys in another order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

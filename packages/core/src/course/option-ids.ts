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
  const salt = createHash("sha256").update(JSON.stringify(module.quiz)).digest("hex");
  return new Map(
    question.options.map((option) => [
      option.id,
      `s${createHash("sha256").update(`${salt}\u0000${question.id}\u0000${option.id}`).digest("hex").slice(0, 10)}`,
    ]),
  );
}

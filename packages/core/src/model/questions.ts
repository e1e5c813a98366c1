import type { Question, QuestionKind } from "./content";

/**
 * The registry of question kinds: everything that differs between kinds, in one entry each. The server grades
 * with it, the learner's player and the trainer's editor read how a kind is answered and shown, and the content
 * problems check its rules. A new kind is one entry here, its zod variant (course/schema.ts), its player and its
 * editor.
 */
export interface QuestionKindSpec {
  /** How the learner answers: pick one option, pick several, or put all of them in order. */
  answer: "one" | "many" | "order";
  /** The options are regions on the question's picture (and the picture is required). */
  regions: boolean;
  /** A quiz that shuffles options shuffles this kind's (true/false reads best in order; regions sit on the picture). */
  shuffles: boolean;
  /** The options a new question starts with (ids and the text's message key in the editor). */
  starterOptions: readonly { id: string; label?: "true" | "false" }[];
  /** The right answer, as option ids (in order for `order`). */
  correctAnswer(question: Question): string[];
}

const chosenIds = (question: Question) => ("correctOptionIds" in question ? question.correctOptionIds : []);

export const QUESTION_KINDS: Record<QuestionKind, QuestionKindSpec> = {
  single: { answer: "one", regions: false, shuffles: true, starterOptions: [{ id: "a" }, { id: "b" }], correctAnswer: chosenIds },
  multiple: { answer: "many", regions: false, shuffles: true, starterOptions: [{ id: "a" }, { id: "b" }], correctAnswer: chosenIds },
  "true-false": {
    answer: "one",
    regions: false,
    shuffles: false,
    starterOptions: [
      { id: "true", label: "true" },
      { id: "false", label: "false" },
    ],
    correctAnswer: chosenIds,
  },
  "spot-the-scam": { answer: "many", regions: true, shuffles: false, starterOptions: [], correctAnswer: chosenIds },
  ordering: {
    answer: "order",
    regions: false,
    shuffles: true,
    starterOptions: [{ id: "a" }, { id: "b" }, { id: "c" }],
    correctAnswer: (question) => question.options.map((o) => o.id),
  },
};

export const QUESTION_KIND_LIST = Object.keys(QUESTION_KINDS) as QuestionKind[];

/**
 * Whether chosen option ids answer the question right: exactly the right options for choices and regions,
 * every step in the right order for ordering.
 */
export function isCorrect(question: Question, chosen: readonly string[]): boolean {
  const spec = QUESTION_KINDS[question.kind];
  const right = spec.correctAnswer(question);
  if (spec.answer === "order") return chosen.length === right.length && right.every((id, i) => chosen[i] === id);
  const picked = new Set(chosen);
  return picked.size === right.length && right.every((id) => picked.has(id));
}

export type AnswerProblem = "quiz.too_many_options" | "quiz.duplicate_option";

/** What is wrong with the shape of an answer, before it is graded (right or wrong is `isCorrect`'s). */
export function answerProblem(question: Question, chosen: readonly string[]): AnswerProblem | undefined {
  const spec = QUESTION_KINDS[question.kind];
  if (new Set(chosen).size !== chosen.length) return "quiz.duplicate_option";
  if (spec.answer === "one" && chosen.length > 1) return "quiz.too_many_options";
  return undefined;
}

import { VisibleError } from "../error";
import { learnerOptionIds } from "../course/option-ids";
import type { Module } from "../course/schema";
import { QUESTION_KINDS, answerProblem, isCorrect } from "../model";

export interface Answer {
  questionId: string;
  optionIds: string[];
}

export interface QuestionResult {
  questionId: string;
  correct: boolean;
  /** Only once the quiz is passed, and only if its review policy shows answers at all; in order for ordering. */
  correctOptionIds?: string[];
  explanation?: string;
}

export interface Grade {
  scorePercent: number;
  passed: boolean;
  correctCount: number;
  questionCount: number;
  results: QuestionResult[];
}

/**
 * Grades answers against a module's quiz. Every question answered must be one the learner was asked and each
 * option must be one of its options. The questions asked are the whole quiz, or, for a quiz that draws from a
 * larger pool, the set the server drew (`drawn`, see ./draw.ts). An unanswered question counts as wrong.
 * What "right" means for each kind is the registry's (model/questions.ts): exactly the right options, or every
 * step in the right order.
 *
 * Every module quiz counts towards the course's certificate, so correct options and explanations are revealed
 * only once the quiz is passed ("after-submit" is graded as "after-pass"; publishing refuses it). Whether each
 * question was right is always said.
 */
export function grade(module: Module, answers: Answer[], drawn?: readonly string[]): Grade {
  const quiz = module.quiz;
  const pool = new Map(quiz.questions.map((q) => [q.id, q]));
  const asked = drawn ? drawn.map((id) => pool.get(id)).filter((q) => q !== undefined) : quiz.questions;
  const byId = new Map(asked.map((q) => [q.id, q]));
  const chosenOf = new Map<string, string[]>();
  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    if (!question) {
      throw new VisibleError(
        "quiz.unknown_question",
        pool.has(answer.questionId)
          ? `Question "${answer.questionId}" was not asked in this attempt.`
          : `Question "${answer.questionId}" is not part of this quiz.`,
      );
    }
    if (chosenOf.has(answer.questionId)) throw new VisibleError("quiz.duplicate_answer", `Question "${answer.questionId}" is answered twice.`);
    // Steps of an ordering question come back under the opaque ids the phone was given.
    const opaque = learnerOptionIds(module, question);
    const real = opaque ? new Map([...opaque].map(([id, shown]) => [shown, id])) : undefined;
    const options = new Set(question.options.map((o) => o.id));
    const chosen = answer.optionIds.map((id) => (real ? (real.get(id) ?? `?${id}`) : id));
    chosen.forEach((optionId, i) => {
      if (!options.has(optionId))
        throw new VisibleError("quiz.unknown_option", `Option "${answer.optionIds[i]}" is not an option of question "${answer.questionId}".`);
    });
    const problem = answerProblem(question, chosen);
    if (problem === "quiz.too_many_options") throw new VisibleError(problem, `Question "${answer.questionId}" takes one answer.`);
    if (problem === "quiz.duplicate_option") throw new VisibleError(problem, `Question "${answer.questionId}" names an option twice.`);
    chosenOf.set(answer.questionId, chosen);
  }
  const results = asked.map((question) => ({ question, correct: isCorrect(question, chosenOf.get(question.id) ?? []) }));
  const correctCount = results.filter((r) => r.correct).length;
  const scorePercent = asked.length ? Math.round((correctCount / asked.length) * 100) : 0;
  const passed = scorePercent >= quiz.passPercent;
  const reveal = passed && quiz.reviewPolicy !== "correctness-only";
  return {
    scorePercent,
    passed,
    correctCount,
    questionCount: asked.length,
    results: results.map(({ question, correct }) => {
      if (!reveal) return { questionId: question.id, correct };
      const opaque = learnerOptionIds(module, question);
      const right = QUESTION_KINDS[question.kind].correctAnswer(question).map((id) => opaque?.get(id) ?? id);
      return { questionId: question.id, correct, correctOptionIds: right, explanation: question.explanation };
    }),
  };
}

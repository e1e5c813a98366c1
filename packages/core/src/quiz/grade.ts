import { VisibleError } from "../error";
import type { Module } from "../course/schema";

export interface Answer {
  questionId: string;
  optionIds: string[];
}

export interface QuestionResult {
  questionId: string;
  correct: boolean;
  /** Only once the quiz is passed, and only if its review policy shows answers at all. */
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
 * A multiple-choice question is correct only when exactly the correct options are chosen.
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
  const seen = new Set<string>();
  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    if (!question) {
      throw new VisibleError("input", "quiz.unknown_question", pool.has(answer.questionId) ? `Question "${answer.questionId}" was not asked in this attempt.` : `Question "${answer.questionId}" is not part of this quiz.`);
    }
    if (seen.has(answer.questionId)) throw new VisibleError("input", "quiz.duplicate_answer", `Question "${answer.questionId}" is answered twice.`);
    seen.add(answer.questionId);
    const options = new Set(question.options.map((o) => o.id));
    for (const optionId of answer.optionIds) {
      if (!options.has(optionId)) throw new VisibleError("input", "quiz.unknown_option", `Option "${optionId}" is not an option of question "${answer.questionId}".`);
    }
    if (question.kind !== "multiple" && question.kind !== "spot-the-scam" && answer.optionIds.length > 1) {
      throw new VisibleError("input", "quiz.too_many_options", `Question "${answer.questionId}" takes one answer.`);
    }
  }
  const answerOf = new Map(answers.map((a) => [a.questionId, new Set(a.optionIds)]));
  const results = asked.map((question) => {
    const chosen = answerOf.get(question.id) ?? new Set<string>();
    const correct = chosen.size === question.correctOptionIds.length && question.correctOptionIds.every((id) => chosen.has(id));
    return { question, correct };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const scorePercent = asked.length ? Math.round((correctCount / asked.length) * 100) : 0;
  const passed = scorePercent >= quiz.passPercent;
  const reveal = passed && quiz.reviewPolicy !== "correctness-only";
  return {
    scorePercent,
    passed,
    correctCount,
    questionCount: asked.length,
    results: results.map(({ question, correct }) => ({
      questionId: question.id,
      correct,
      ...(reveal ? { correctOptionIds: question.correctOptionIds, explanation: question.explanation } : {}),
    })),
  };
}

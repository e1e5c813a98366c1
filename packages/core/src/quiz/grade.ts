import { VisibleError } from "../error";
import type { Module } from "../course/schema";

export interface Answer {
  questionId: string;
  optionIds: string[];
}

export interface QuestionResult {
  questionId: string;
  correct: boolean;
  /** Only when the quiz's review policy allows it (after submit, or after passing). */
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
 * Grades answers against a module's quiz. Every question asked must be in the quiz and each option must be
 * one of its options. With a question pool (`drawCount`), the learner answers exactly that many distinct
 * questions from the pool; otherwise every question counts and an unanswered one is wrong.
 * A multiple-choice question is correct only when exactly the correct options are chosen.
 */
export function grade(module: Module, answers: Answer[]): Grade {
  const quiz = module.quiz;
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  for (const answer of answers) {
    const question = byId.get(answer.questionId);
    if (!question) throw new VisibleError("input", "quiz.unknown_question", `Question "${answer.questionId}" is not part of this quiz.`);
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
  let asked = quiz.questions;
  if (quiz.drawCount !== null) {
    if (answers.length !== quiz.drawCount) {
      throw new VisibleError("input", "quiz.wrong_question_count", `This quiz asks ${quiz.drawCount} questions; ${answers.length} were answered.`);
    }
    asked = quiz.questions.filter((q) => seen.has(q.id));
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
  const reveal = quiz.reviewPolicy === "after-submit" || (quiz.reviewPolicy === "after-pass" && passed);
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

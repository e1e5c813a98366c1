import { QUESTION_KINDS, type Content, type ContentDiff, type DiffChange, type DiffQuestion, type Question } from "../model";

/** A question as a reviewer reads it: the right options marked, and for ordering each step's right place. */
export function readableQuestion(question: Question): DiffQuestion {
  const spec = QUESTION_KINDS[question.kind];
  const right = spec.correctAnswer(question);
  return {
    kind: question.kind,
    prompt: question.prompt,
    options: question.options.map((option) =>
      spec.answer === "order"
        ? { id: option.id, text: option.text, correct: true, position: right.indexOf(option.id) + 1 }
        : { id: option.id, text: option.text, correct: right.includes(option.id) },
    ),
    explanation: question.explanation,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What pairs of items by id became: added, removed or changed (unchanged ones are left out). */
function pairs<T extends { id: string }>(before: readonly T[], after: readonly T[]): { id: string; change: DiffChange; before?: T; after?: T }[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  const out: { id: string; change: DiffChange; before?: T; after?: T }[] = [];
  for (const item of after) {
    const was = old.get(item.id);
    if (!was) out.push({ id: item.id, change: "added", after: item });
    else if (!same(was, item)) out.push({ id: item.id, change: "changed", before: was, after: item });
  }
  for (const item of before) if (!now.has(item.id)) out.push({ id: item.id, change: "removed", before: item });
  return out;
}

/**
 * What a draft changes against the published content (`before` undefined: nothing published yet, so all is
 * added): modules, lessons and, in full, every question added, removed or changed, with its right answers.
 */
export function contentDiff(before: Content | undefined, after: Content, baseVersion: number): ContentDiff {
  const modules = pairs(before?.modules ?? [], after.modules);
  const oldModules = new Map((before?.modules ?? []).map((m) => [m.id, m]));
  const newModules = new Map(after.modules.map((m) => [m.id, m]));
  const moduleIds = [...new Set([...after.modules.map((m) => m.id), ...(before?.modules ?? []).map((m) => m.id)])];
  const lessons: ContentDiff["lessons"] = [];
  const questions: ContentDiff["questions"] = [];
  for (const moduleId of moduleIds) {
    const was = oldModules.get(moduleId);
    const now = newModules.get(moduleId);
    const moduleTitle = (now ?? was)!.title;
    for (const lesson of pairs(was?.lessons ?? [], now?.lessons ?? []))
      lessons.push({ moduleId, lessonId: lesson.id, title: (lesson.after ?? lesson.before)!.title, change: lesson.change });
    for (const question of pairs(was?.quiz.questions ?? [], now?.quiz.questions ?? [])) {
      questions.push({
        moduleId,
        moduleTitle,
        questionId: question.id,
        change: question.change,
        ...(question.before ? { before: readableQuestion(question.before) } : {}),
        ...(question.after ? { after: readableQuestion(question.after) } : {}),
      });
    }
  }
  return {
    baseVersion,
    ...(before && before.title !== after.title ? { title: { before: before.title, after: after.title } } : {}),
    modules: modules.map((m) => ({ id: m.id, title: (m.after ?? m.before)!.title, change: m.change })),
    lessons,
    questions,
  };
}

import { Course } from "../../packages/core/src/course";

/** What a simulated learner needs to walk a course: lesson ids and passing answers for each module's quiz. */
export interface PlannedModule {
  id: string;
  lessonIds: string[];
  quizId: string;
  answers: { questionId: string; optionIds: string[] }[];
}
export interface PlannedCourse {
  id: string;
  version: number;
  modules: PlannedModule[];
}

/**
 * Reads the published courses from the table (core in this process). The answers come from the version's
 * content, which is what the server grades against; learners' phones never receive them.
 */
export async function coursePlan(): Promise<PlannedCourse[]> {
  const metas = (await Course.catalogue()).sort((a, b) => a.id.localeCompare(b.id));
  const out: PlannedCourse[] = [];
  for (const meta of metas) {
    const version = await Course.latest(meta.id);
    out.push({
      id: meta.id,
      version: version.version,
      modules: version.content.modules.map((module) => ({
        id: module.id,
        lessonIds: module.lessons.map((lesson) => lesson.id),
        quizId: Course.quizId(meta.id, module.id),
        answers: module.quiz.questions
          .slice(0, module.quiz.drawCount ?? undefined)
          .map((question) => ({ questionId: question.id, optionIds: [...question.correctOptionIds] })),
      })),
    });
  }
  if (!out.length) throw new Error("No published course in the table: the server's seed did not run?");
  return out;
}

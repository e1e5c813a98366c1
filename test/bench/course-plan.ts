import { Course } from "../../packages/core/src/course";
import { learnerOptionIds } from "../../packages/core/src/course/option-ids";
import { QUESTION_KINDS } from "../../packages/core/src/model";
import { drawsFromPool, makeDraws } from "../../packages/core/src/quiz/draw";

/** Right answers as the phone would send them (opaque step ids for ordering), with a draw per learner, cached. */
function attemptsFor(courseId: string, version: number, module: Course.Module) {
  const quizId = Course.quizId(courseId, module.id);
  const right = new Map(
    module.quiz.questions.map((question) => {
      const opaque = learnerOptionIds(module, question);
      return [question.id, QUESTION_KINDS[question.kind].correctAnswer(question).map((id) => opaque?.get(id) ?? id)];
    }),
  );
  const bodies = new Map<string, ReturnType<PlannedModule["attemptFor"]>>();
  return (userId: string) => {
    let body = bodies.get(userId);
    if (!body) {
      const draw = drawsFromPool(module.quiz) ? makeDraws(userId, quizId, version, [...right.keys()], module.quiz.drawCount, 1)[0] : undefined;
      const asked = draw?.questionIds ?? [...right.keys()];
      body = { answers: asked.map((questionId) => ({ questionId, optionIds: right.get(questionId)! })), ...(draw ? { drawToken: draw.token } : {}) };
      bodies.set(userId, body);
    }
    return body;
  };
}

/** What a simulated learner needs to walk a course: lesson ids and passing answers for each module's quiz. */
export interface PlannedModule {
  id: string;
  lessonIds: string[];
  quizId: string;
  /** A passing attempt's body for this learner: a question set the server would have drawn for them, answered right. */
  attemptFor(userId: string): { answers: { questionId: string; optionIds: string[] }[]; drawToken?: string };
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
        attemptFor: attemptsFor(meta.id, version.version, module),
      })),
    });
  }
  if (!out.length) throw new Error("No published course in the table: the server's seed did not run?");
  return out;
}

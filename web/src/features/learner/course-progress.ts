import type { CourseDetail } from "@kns/core/model";
import type { AttemptItem, CourseOutboxItem, LessonItem, OutboxItem, PlayItem } from "../offline/outbox";

/**
 * The learner's progress in a course as the phone knows it: what the server said, plus what is in the
 * outbox (lessons finished offline, attempts graded since the course was loaded). So ticks appear at once,
 * even with no network. A scenario lesson (the scam simulator) is done only by a play that ended safe: a scammed
 * play is queued and sent like any other, but completes nothing.
 */
export interface CourseProgress {
  lessonDone(lessonId: string): boolean;
  /** The lesson is done on the phone but the server has not heard yet. */
  lessonWaiting(lessonId: string): boolean;
  quizPassed(quizId: string): boolean;
  quizWaiting(quizId: string): boolean;
  bestPercent(quizId: string): number | undefined;
  percent: number;
  lessonsDone: number;
  lessonCount: number;
  complete: boolean;
  certificateCode?: string;
}

export function courseProgress(course: CourseDetail, items: OutboxItem[]): CourseProgress {
  const mine = items.filter((item): item is CourseOutboxItem => item.kind !== "activity" && item.courseId === course.id && item.state !== "rejected");
  const serverLessons = new Set(course.progress?.completedLessons ?? []);
  const completing = mine.filter((item): item is LessonItem | PlayItem => item.kind === "lesson" || (item.kind === "play" && item.ending.outcome === "safe"));
  const localLessons = new Set(completing.map((item) => item.event.lessonId));
  const attempts = mine.filter((item): item is AttemptItem => item.kind === "attempt");
  const graded = attempts.filter((item) => item.result);
  const quizState = course.progress?.quizzes ?? {};

  const lessonDone = (id: string) => serverLessons.has(id) || localLessons.has(id);
  const quizPassed = (id: string) => Boolean(quizState[id]?.passed) || graded.some((a) => a.quizId === id && a.result?.passed);
  const lessons = course.modules.flatMap((m) => m.lessons.map((l) => l.id));
  const quizzes = course.modules.map((m) => m.quizId);
  const lessonsDone = lessons.filter(lessonDone).length;
  const done = lessonsDone + quizzes.filter(quizPassed).length;
  const total = lessons.length + quizzes.length;
  const certificateCode = course.progress?.certificateCode ?? graded.find((a) => a.result?.certificateCode)?.result?.certificateCode;
  const percent = total ? Math.round((done / total) * 100) : 0;
  return {
    lessonDone,
    lessonWaiting: (id) => !serverLessons.has(id) && completing.some((item) => item.event.lessonId === id && item.state === "waiting"),
    quizPassed,
    quizWaiting: (id) => attempts.some((a) => a.quizId === id && a.state === "waiting"),
    bestPercent: (id) => {
      const scores = [
        quizState[id]?.attempts ? quizState[id].bestPercent : undefined,
        ...graded.filter((a) => a.quizId === id).map((a) => a.result?.scorePercent),
      ].filter((n): n is number => typeof n === "number");
      return scores.length ? Math.max(...scores) : undefined;
    },
    percent,
    lessonsDone,
    lessonCount: lessons.length,
    complete: Boolean(course.progress?.completedAt) || Boolean(certificateCode) || (total > 0 && done === total),
    certificateCode,
  };
}

/** The course's lessons and quizzes in learning order, for next/previous. */
type Step = { kind: "lesson"; moduleIndex: number; lessonId: string; title: string } | { kind: "quiz"; moduleIndex: number; quizId: string; title: string };

export function steps(course: CourseDetail): Step[] {
  return course.modules.flatMap((module, moduleIndex) => [
    ...module.lessons.map((lesson): Step => ({ kind: "lesson", moduleIndex, lessonId: lesson.id, title: lesson.title })),
    { kind: "quiz", moduleIndex, quizId: module.quizId, title: module.title } satisfies Step,
  ]);
}

export function stepHref(courseId: string, step: Step): string {
  const base = `/courses/${encodeURIComponent(courseId)}`;
  return step.kind === "lesson" ? `${base}/lessons/${encodeURIComponent(step.lessonId)}` : `${base}/quizzes/${encodeURIComponent(step.quizId)}`;
}

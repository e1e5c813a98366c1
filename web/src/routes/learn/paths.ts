/**
 * The learner screens a link opens, with their modules: the route table (./routes.ts) and the build's early
 * loader (web/vite.config.ts, `preloadLinkedScreen`) both read these, so a screen's path is written once. Plain
 * data: the build imports it.
 */
/**
 * A screen's path as a regular expression over `location.pathname`: each ":param" one segment (captured, in
 * order, with `capture`), with or without a trailing slash. The boot script matches addresses with it.
 */
export function pathPattern(path: string, capture = false): string {
  return `^${path.replace(/:[A-Za-z]+/g, capture ? "([^/]+)" : "[^/]+")}/?$`;
}

export const LINKED_SCREENS = {
  course: { path: "/courses/:courseId", module: "/src/routes/learn/course.tsx" },
  lesson: { path: "/courses/:courseId/lessons/:lessonId", module: "/src/routes/learn/lesson.tsx" },
  quiz: { path: "/courses/:courseId/quizzes/:quizId", module: "/src/routes/learn/quiz.tsx" },
} as const;

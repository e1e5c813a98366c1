/**
 * The learner screens a link opens, with their modules: the route table (./routes.ts) and the build's early
 * loader (web/vite.config.ts, `preloadLinkedScreen`) both read these, so a screen's path is written once. Plain
 * data: the build imports it.
 */
export const LINKED_SCREENS = {
  course: { path: "/courses/:courseId", module: "/src/routes/learn/course.tsx" },
  lesson: { path: "/courses/:courseId/lessons/:lessonId", module: "/src/routes/learn/lesson.tsx" },
  quiz: { path: "/courses/:courseId/quizzes/:quizId", module: "/src/routes/learn/quiz.tsx" },
} as const;

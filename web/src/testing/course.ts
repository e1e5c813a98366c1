import type { CourseDetail, LearnerModule } from "@kns/core/model";

/**
 * A learner's course as `GET /courses/:id` answers it, for screen tests: the cyber-safety course's card, version 1,
 * no newer version and no progress, with what the test gives (its modules, size, progress…) over it.
 */
export function courseDetail(own: Partial<CourseDetail> & Pick<CourseDetail, "modules" | "sizeBytes">): CourseDetail {
  return {
    id: "cyber-safety",
    title: "An toàn trên không gian mạng",
    summary: "Nhận ra các chiêu lừa đảo.",
    topic: "cyber-safety",
    audience: "members",
    language: "vi",
    tags: [],
    version: 1,
    changeSummary: "Bản đầu",
    publishedAt: "2026-05-01T00:00:00.000Z",
    estimatedMinutes: 16,
    latestVersion: 1,
    newerVersions: [],
    progress: { percent: 0, completedLessons: [], quizzes: {} },
    ...own,
  };
}

/** A module of that course (its first, on spotting scams), with the lessons the test gives. */
export function courseModule(own: Partial<LearnerModule> & Pick<LearnerModule, "lessons">): LearnerModule {
  return { id: "m1", title: "Nhận diện lừa đảo", estimatedMinutes: 8, quizId: "cyber-safety.m1", questionCount: 8, sizeBytes: 10_000, ...own };
}

import type { CourseCard } from "@kns/core/model";
import type { AdminApi } from "./admin-api";

let cached: { userId: string; courses: Promise<CourseCard[]> } | undefined;

/** The course list changes rarely; one request per signed-in person serves every admin screen. */
export function courseList(api: AdminApi, userId: string): Promise<CourseCard[]> {
  if (cached?.userId !== userId) {
    const courses = api.courses();
    cached = { userId, courses };
    courses.catch(() => {
      if (cached?.courses === courses) cached = undefined;
    });
  }
  return cached.courses;
}

export function courseTitle(courses: { id: string; title: string }[] | undefined, id: string) {
  return courses?.find((course) => course.id === id)?.title ?? id;
}

import { useSession } from "../../lib/session";
import { createLoader } from "../../lib/load";
import { storedCourse } from "../offline/library";
import { listOutbox, outboxRevision } from "../offline/outbox-later";
import { courseProgress } from "./course-progress";
import "./learner.css";

/**
 * The learner frame (./learner-frame.tsx) with the styles of every learner screen but the lesson, which imports
 * the frame alone: the screens import it from here.
 */
export { LearnerPage, useWaitingCount } from "./learner-frame";

/**
 * Each course's percent as its course page counts it: the server's, or more once the outbox holds lessons and
 * quizzes the server has not heard of yet (counted on the course as stored on the phone). So the progress tab
 * and the catalogue never say 0% where the course says 19%.
 */
export function usePhonePercent(): (courseId: string, serverPercent: number) => number {
  const session = useSession();
  const local = createLoader(
    () => session.user()?.id,
    async (userId) => {
      const items = (await listOutbox(userId)).filter((item) => item.state !== "rejected");
      const percents = new Map<string, number>();
      for (const courseId of new Set(items.flatMap((item) => (item.kind === "activity" ? [] : [item.courseId])))) {
        const course = await storedCourse(userId, courseId);
        if (course) percents.set(courseId, courseProgress(course, items).percent);
      }
      return percents;
    },
    { refresh: outboxRevision },
  );
  return (courseId, serverPercent) => Math.max(serverPercent, local.data()?.get(courseId) ?? 0);
}

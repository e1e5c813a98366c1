import { userKeys } from "../user/user.entity";

/** Progress and its markers live in the learner's partition (see user.entity.ts). */
export const progressKeys = {
  /** A learner's progress in one course (the version they learn, completions, quiz results). */
  progress: (userId: string, courseId: string) => ({ pk: userKeys.partition(userId), sk: `PROGRESS#${courseId}` }),
  progressPrefix: "PROGRESS#",
  /** The partition a learner's progress and markers are in: their own. */
  learnerPartition: (userId: string) => userKeys.partition(userId),
  /** gsi2: every member's progress in one unit (a team), by course: exports and team views page through it. */
  byUnit: (unitId: string, courseId: string, userId: string) => ({ gsi2pk: `UNITPROGRESS#${unitId}`, gsi2sk: `${courseId}#${userId}` }),
  byUnitPartition: (unitId: string) => `UNITPROGRESS#${unitId}`,
  /** The gsi2 sort-key prefix of one course's records in a unit. */
  byUnitCoursePrefix: (courseId: string) => `${courseId}#`,
  /** Idempotency markers: one per client-generated event id and attempt id. */
  event: (userId: string, eventId: string) => ({ pk: userKeys.partition(userId), sk: `EVENT#${eventId}` }),
  eventPrefix: "EVENT#",
  attempt: (userId: string, attemptId: string) => ({ pk: userKeys.partition(userId), sk: `ATTEMPT#${attemptId}` }),
  attemptPrefix: "ATTEMPT#",
  /** One per learner and month they were active in, so a learner active in two courses is counted once (TTL). */
  activeMonth: (userId: string, month: string) => ({ pk: userKeys.partition(userId), sk: `ACTIVEMONTH#${month}` }),
};

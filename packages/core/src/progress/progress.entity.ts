export const progressKeys = {
  /** A learner's progress in one course (the version they learn, completions, quiz results). */
  progress: (userId: string, courseId: string) => ({ pk: `USER#${userId}`, sk: `PROGRESS#${courseId}` }),
  progressPrefix: "PROGRESS#",
  /** gsi2: every member's progress in one unit (a team), by course: exports and team views page through it. */
  byUnit: (unitId: string, courseId: string, userId: string) => ({ gsi2pk: `UNITPROGRESS#${unitId}`, gsi2sk: `${courseId}#${userId}` }),
  byUnitPartition: (unitId: string) => `UNITPROGRESS#${unitId}`,
  /** Idempotency markers: one per client-generated event id and attempt id. */
  event: (userId: string, eventId: string) => ({ pk: `USER#${userId}`, sk: `EVENT#${eventId}` }),
  attempt: (userId: string, attemptId: string) => ({ pk: `USER#${userId}`, sk: `ATTEMPT#${attemptId}` }),
};

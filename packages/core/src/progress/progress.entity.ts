export const progressKeys = {
  /** A learner's progress in one course (the version they learn, completions, quiz results). */
  progress: (userId: string, courseId: string) => ({ pk: `USER#${userId}`, sk: `PROGRESS#${courseId}` }),
  progressPrefix: "PROGRESS#",
  /** Idempotency markers: one per client-generated event id and attempt id. */
  event: (userId: string, eventId: string) => ({ pk: `USER#${userId}`, sk: `EVENT#${eventId}` }),
  attempt: (userId: string, attemptId: string) => ({ pk: `USER#${userId}`, sk: `ATTEMPT#${attemptId}` }),
};

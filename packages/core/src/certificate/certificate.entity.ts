export const certificateKeys = {
  certificate: (code: string) => ({ pk: `CERT#${code}`, sk: "CERT" }),
  /** One per learner, course and version line: the condition on this item makes issuing exactly-once. */
  holder: (userId: string, courseId: string, line: number) => ({ pk: `USER#${userId}`, sk: `CERT#${courseId}#L${String(line).padStart(3, "0")}` }),
  holderPrefix: "CERT#",
};

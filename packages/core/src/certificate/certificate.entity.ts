import { userKeys } from "../user/user.entity";

export const certificateKeys = {
  certificate: (code: string) => ({ pk: `CERT#${code}`, sk: "CERT" }),
  /** One per learner, course and version line, in the holder's partition: the condition on it makes issuing exactly-once. */
  holder: (userId: string, courseId: string, line: number) => ({ pk: userKeys.partition(userId), sk: `CERT#${courseId}#L${String(line).padStart(3, "0")}` }),
  holderPrefix: "CERT#",
  /** The partition a holder's certificates are in: their own. */
  holderPartition: (userId: string) => userKeys.partition(userId),
};

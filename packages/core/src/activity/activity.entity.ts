import { userKeys } from "../user/user.entity";

/**
 * A record of help given to residents lives in the member's partition (their data: downloaded and deleted with
 * the account), keyed by the id the phone made, so the record is also its own idempotency marker.
 */
export const activityKeys = {
  activity: (userId: string, activityId: string) => ({ pk: userKeys.partition(userId), sk: `ACTIVITY#${activityId}` }),
  memberPartition: (userId: string) => userKeys.partition(userId),
  activityPrefix: "ACTIVITY#",
};

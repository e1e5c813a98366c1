/**
 * Storage keys of reminders. A reminder's claim (`REMINDER#<key>`) is written once, with the person's weekly
 * tally, in one transaction before anything is sent: a second tick, a retried one or two running at once find
 * the claim and send nothing. The weekly tally holds the times of the person's last reminders (a rolling week).
 */
export const reminderKeys = {
  claim: (key: string) => ({ pk: `REMINDER#${key}`, sk: "REMINDER" }),
  weekly: (userId: string) => ({ pk: `REMINDERS#${userId}`, sk: "WEEK" }),
  broadcast: (id: string) => ({ pk: `BROADCAST#${id}`, sk: "BROADCAST" }),
  /** Announcements waiting for the end of quiet hours, by the time they may go. */
  waiting: (notBefore: string, id: string) => ({ pk: "BROADCASTS", sk: `${notBefore}#${id}` }),
  waitingPartition: "BROADCASTS",
};

/**
 * Storage keys of reminders. A reminder's claim (`REMINDER#<key>`) is written once, with the person's weekly
 * tally, in one transaction when a batch sends it, and marked delivered once sent: a batch run again finds the
 * claim and sends nothing more (or completes a claim a stopped run left undelivered; claim.ts). The weekly tally
 * holds the times of the person's last reminders (a rolling week).
 */
export const reminderKeys = {
  claim: (key: string) => ({ pk: `REMINDER#${key}`, sk: "REMINDER" }),
  weekly: (userId: string) => ({ pk: `REMINDERS#${userId}`, sk: "WEEK" }),
  broadcast: (id: string) => ({ pk: `BROADCAST#${id}`, sk: "BROADCAST" }),
  /** Announcements (and reminder batches) waiting for the end of quiet hours, by the time they may go. */
  waiting: (notBefore: string, id: string) => ({ pk: "BROADCASTS", sk: `${notBefore}#${id}` }),
  waitingPartition: "BROADCASTS",
  /** A campaign's reminders were planned (its batches queued) on this Vietnam day: later ticks that day skip it. */
  planned: (campaignId: string, day: string) => ({ pk: `REMINDERPLAN#${campaignId}`, sk: day }),
};

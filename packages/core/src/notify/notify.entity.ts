import { createHash } from "node:crypto";
import { userKeys } from "../user/user.entity";

/**
 * Storage keys for messages to people. A person's settings and push devices live in their own partition (their
 * data: downloaded and deleted with the account); a message's delivery record is keyed by the sender's idempotency
 * key; the local dev inbox is one partition sorted by time.
 */
export const notifyKeys = {
  /** Consent per channel (`channels`), read with the devices in one Query on the prefix. */
  preferences: (userId: string) => ({ pk: userKeys.partition(userId), sk: "NOTIFY#PREFS" }),
  /** One push device, keyed by a hash of its endpoint (endpoints are long URLs). */
  subscription: (userId: string, endpoint: string) => ({
    pk: userKeys.partition(userId),
    sk: `NOTIFY#PUSH#${createHash("sha256").update(endpoint).digest("base64url")}`,
  }),
  memberPartition: (userId: string) => userKeys.partition(userId),
  ownPrefix: "NOTIFY#",
  subscriptionPrefix: "NOTIFY#PUSH#",
  /** Which channels already carried the message with this key (TTL 30 days). */
  message: (key: string) => ({ pk: `MESSAGE#${key}`, sk: "MESSAGE" }),
  /** Locally only (DEV_INBOX=1): what would have been sent, newest last by sort key (TTL 7 days). */
  devInbox: (at: string, id: string) => ({ pk: notifyKeys.devInboxPartition, sk: `${at}#${id}` }),
  devInboxPartition: "DEVINBOX",
};

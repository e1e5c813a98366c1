import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { NOTIFY_LIMITS } from "../model";
import { reminderKeys } from "./reminder.entity";

/**
 * The claim of one reminder (or announcement) to one person, and their rolling week.
 *
 * A claim is written once, in one transaction with the person's weekly tally, and marked delivered once
 * Notify.deliver has returned. A claim that is there but not marked delivered belongs to a run that stopped
 * between the two (a channel failed, the Lambda timed out, the process died): the next run of the same batch
 * finds it `pending` and delivers it, and Notify.deliver's own record (one per key, each channel once) makes sure
 * nothing that did go out goes out again. So a claimed reminder is never lost and never sent twice, and the
 * week counts it once.
 */

const WEEK_MS = 7 * 86_400_000;
/** Tries of the weekly tally's compare-and-set when two runs remind the same person at once. */
const TALLY_RACES = 5;
/** A claim outlives every key that could name it again: an inactivity stretch is keyed by the day it began. */
const CLAIM_TTL_SECONDS = 60 * 86_400;

/**
 * `claimed`: new, counted in the week, to deliver now. `pending`: claimed earlier but never marked delivered, to
 * deliver now (Notify.deliver sends only what did not go). `duplicate`: already delivered, or being claimed by
 * another run at this moment (that run delivers it, or its retry does). `capped`: the week is full.
 */
export type Claim = "claimed" | "pending" | "duplicate" | "capped";

/** Times of the person's reminders in the last 7 days, and the tally's version for compare-and-set. */
async function tallyOf(userId: string, now: Date) {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: reminderKeys.weekly(userId), ConsistentRead: true }));
  const times = ((Item?.times as string[] | undefined) ?? []).filter((at) => now.getTime() - Date.parse(at) < WEEK_MS);
  return { times, version: Item ? Number(Item.version ?? 0) : undefined };
}

/**
 * Claims a reminder and counts it in the person's rolling week, in one transaction. `capped` when the week is
 * full (unless `uncapped`: an announcement counts but is not held back). The claim is read first: a reminder
 * already claimed (a retried batch, an inactivity stretch that is still the same one the next day) costs one
 * read, not a transaction that fails.
 */
export async function claim(userId: string, key: string, now: Date, options: { uncapped?: boolean } = {}): Promise<Claim> {
  const { doc, table } = db();
  const { Item: existing } = await doc.send(new GetCommand({ TableName: table, Key: reminderKeys.claim(key), ConsistentRead: true }));
  if (existing) return existing.deliveredAt ? "duplicate" : "pending";
  for (let race = 0; race < TALLY_RACES; race++) {
    const { times, version } = await tallyOf(userId, now);
    if (!options.uncapped && times.length >= NOTIFY_LIMITS.remindersPerWeek) return "capped";
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...reminderKeys.claim(key), userId, at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_TTL_SECONDS },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: table,
                Item: {
                  ...reminderKeys.weekly(userId),
                  times: [...times, now.toISOString()].slice(-20),
                  version: (version ?? 0) + 1,
                  expiresAt: Math.floor(now.getTime() / 1000) + 14 * 86_400,
                },
                ...(version === undefined
                  ? { ConditionExpression: "attribute_not_exists(pk)" }
                  : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": version } }),
              },
            },
          ],
        }),
      );
      return "claimed";
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      // Another run claimed it a moment ago: that run delivers it (and a retry of it, if it stops).
      if (reasons[0]?.Code === "ConditionalCheckFailed") return "duplicate";
      // The tally changed meanwhile (another reminder to the same person): read it again.
    }
  }
  throw new VisibleError("db.conflict", "Another change happened at the same time. Please try again.", { retryAfterSeconds: 1 });
}

/** Notes that the claimed reminder was delivered (Notify.deliver returned): a later run leaves it alone. */
export async function markDelivered(key: string, now: Date): Promise<void> {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: reminderKeys.claim(key),
      UpdateExpression: "SET deliveredAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":at": now.toISOString() },
    }),
  );
}

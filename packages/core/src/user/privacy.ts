import { activityKeys } from "../activity/activity.entity";
import { notifyKeys } from "../notify/notify.entity";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { verifyPassword } from "../auth/password";
import { Certificate } from "../certificate";
import { certificateKeys } from "../certificate/certificate.entity";
import { db } from "../db/client";
import { deleteMany, queryPartition, withoutKeys, type Key } from "../db/query";
import { VisibleError } from "../error";
import { security } from "../log";
import { progressKeys } from "../progress/progress.entity";
import { reviewKeys } from "../review/review.entity";
import { Unit } from "../unit";
import { removeCodes } from "./one-time-code";
import { END_SESSIONS, endSessionsValues, forgetSessionState } from "./session";
import { countsAsMember, get, getStored } from "./store";
import { userKeys } from "./user.entity";

/** A person's rights over their data (Decree 13/2023, Law 91/2025): a copy of it, and its deletion. */

/** Everything in the person's partition: their profile, and what the aggregates keep there (see the entities). */
async function ownItems(id: string) {
  return queryPartition<Record<string, unknown>>(userKeys.partition(id));
}

/** Everything stored about a member, for their own download (right of access). */
export async function exportData(id: string) {
  const profile = await get(id);
  if (!profile) throw new VisibleError("user.not_found", "This account does not exist.");
  const items = await ownItems(id);
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => withoutKeys(i));
  return {
    exportedAt: new Date().toISOString(),
    profile,
    progress: of(progressKeys.progressPrefix),
    quizAttempts: of(progressKeys.attemptPrefix),
    lessonCompletions: of(progressKeys.eventPrefix),
    certificates: of(certificateKeys.holderPrefix),
    /** Help recorded for residents (field work), with what a resident consented to have kept. */
    fieldWork: of(activityKeys.activityPrefix),
    /** Message settings: consent per channel, push devices. */
    notifications: of(notifyKeys.ownPrefix),
    /** The review deck: each card's schedule (its latest review), the reviews made, and the days reviewed on. */
    reviewCards: of(reviewKeys.cardPrefix),
    reviews: of(reviewKeys.reviewPrefix),
    reviewDays: of(reviewKeys.dayPrefix),
  };
}

export const DeleteInput = z.object({
  password: z.string().check(z.minLength(1), z.maxLength(128)),
  confirm: z.literal(true, { error: "Confirm that you want to delete your account" }),
});

/**
 * Deletes a member's account and personal data at their request. In order, each step safe to repeat:
 * 1. the account is closed at once (inactive, every session ended, no longer counted as a member or a
 *    citizen), so nothing it still holds — a token, a queued outbox — can write to it while the rest goes;
 * 2. their certificates stay verifiable, with the name replaced and the cached PDFs removed;
 * 3. everything in their partition goes, 25 items a request;
 * 4. the profile and the phone's uniqueness item go, with the audit entry.
 * Unit completion counts stay: they are anonymous numbers.
 */
export async function deleteAccount(id: string, raw: z.input<typeof DeleteInput>): Promise<void> {
  const input = DeleteInput.parse(raw);
  const stored = await getStored(id, true);
  if (!stored || !(await verifyPassword(input.password, stored.passwordHash))) {
    throw new VisibleError("auth.invalid_credentials", "The password is not correct.");
  }
  const { doc, table } = db();
  const [unit, commune] = await Promise.all([
    stored.unitId ? Unit.get(stored.unitId) : undefined,
    stored.communeId ? Unit.getLiving(stored.communeId) : undefined,
  ]);
  if (!(stored as { deletingAt?: string }).deletingAt) {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: userKeys.user(id),
              UpdateExpression: `SET active = :no, deletingAt = :now ADD ${END_SESSIONS}`,
              ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(deletingAt)",
              ExpressionAttributeValues: { ":no": false, ":now": new Date().toISOString(), ...endSessionsValues },
            },
          },
          ...(unit && stored.active && countsAsMember(stored.roles) ? Unit.memberCounterUpdates(unit, -1) : []),
          ...(commune && stored.active ? Unit.memberCounterUpdates(commune, { citizens: -1 }) : []),
        ],
      }),
    );
    forgetSessionState(id);
  }
  const items = await ownItems(id);
  for (const held of items.filter((i) => String(i.sk).startsWith(certificateKeys.holderPrefix))) {
    await Certificate.forgetHolder(String(held.code));
  }
  await deleteMany(items.filter((i) => i.sk !== userKeys.user(id).sk) as unknown as Key[]);
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: table, Key: userKeys.user(id), ConditionExpression: "attribute_exists(pk)" } },
        { Delete: { TableName: table, Key: userKeys.phone(stored.phone) } },
        Audit.entryPut({ userId: id }, "member.delete_self", stored.unitId ?? stored.communeId ?? "nation", id),
      ],
    }),
  );
  await removeCodes(stored.phone);
  security("auth.sessions_ended", { userId: id, reason: "account-deleted" });
}

import { Unit } from "../unit";
import { countsAsMember } from "./store";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { Password, hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { security } from "../log";
import { checkCode, issueCode } from "./one-time-code";
import { CONSENT_POLICY_VERSION, type Info } from "./schema";
import { END_SESSIONS, endSessionsValues, forgetSessionState } from "./session";
import { get, getStored, toInfo } from "./store";
import { userKeys } from "./user.entity";

/** Passwords: reset and activation codes an admin hands over, using them, and changing one's own password. */

/** A reset code for a member who forgot their password; an account that was never activated needs an activation code instead. */
export async function issueResetCode(id: string, actor: { userId: string; address?: string }) {
  const user = await get(id);
  if (!user) throw new VisibleError("user.not_found", "This member does not exist.");
  if (user.pending) throw new VisibleError("user.pending", "This person has not activated their account yet: give them an activation code instead.");
  return issueCode("reset", user, actor);
}

/** An activation code for an account an admin created (import, appointment) whose owner has not activated it yet. */
export async function issueActivationCode(id: string, actor: { userId: string; address?: string }) {
  const user = await get(id);
  if (!user) throw new VisibleError("user.not_found", "This member does not exist.");
  if (!user.pending)
    throw new VisibleError("user.already_active", "This account is already activated: give a password reset code if they forgot their password.");
  return issueCode("activation", user, actor);
}

/**
 * Uses a one-time code to set the account's password, in one transaction with using the code up: a reset for
 * an active account, an activation (with consent recorded) for a pending one. Either ends every other session.
 * An inactive account is refused before the code is used, so the code still works once the account is back.
 */
export async function setPasswordWithCode(purpose: "reset" | "activation", phone: string, code: string, password: string): Promise<Info> {
  const valid = await checkCode(purpose, phone, code);
  const passwordHash = await hashPassword(Password.parse(password));
  const account = purpose === "activation" ? await get(valid.userId) : undefined;
  const consent = { at: new Date().toISOString(), policyVersion: CONSENT_POLICY_VERSION };
  const { doc, table } = db();
  const update =
    purpose === "reset"
      ? {
          UpdateExpression: `SET passwordHash = :hash ADD ${END_SESSIONS}`,
          ConditionExpression: "attribute_exists(pk) AND active = :yes AND attribute_not_exists(pending)",
          ExpressionAttributeValues: { ":hash": passwordHash, ":yes": true, ...endSessionsValues },
        }
      : {
          UpdateExpression: `SET passwordHash = :hash, consent = :consent REMOVE pending ADD ${END_SESSIONS}`,
          // In the team it was counted in, so the counters below move it from pending to members there.
          ConditionExpression: "attribute_exists(pk) AND active = :yes AND pending = :yes AND unitId = :unit",
          ExpressionAttributeValues: { ":hash": passwordHash, ":consent": consent, ":yes": true, ":unit": account?.unitId ?? null, ...endSessionsValues },
        };
  // An activated member starts counting in their unit's rates (they were shown apart as not activated).
  const counters = purpose === "activation" && account?.unitId && countsAsMember(account.roles) ? await Unit.get(account.unitId) : undefined;
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          valid.consume,
          { Update: { TableName: table, Key: userKeys.user(valid.userId), ...update } },
          ...(counters ? Unit.memberCounterUpdates(counters, { members: 1, pending: -1 }) : []),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "TransactionCanceledException") throw err;
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[1]?.Code === "ConditionalCheckFailed") {
      const user = await get(valid.userId);
      if (user && !user.active) throw new VisibleError("auth.account_inactive", "This account has been deactivated. Contact your team leader.");
      throw new VisibleError(
        purpose === "reset" ? "user.pending" : "user.already_active",
        purpose === "reset" ? "This account has not been activated yet." : "This account is already activated. Sign in instead.",
      );
    }
    throw new VisibleError(
      purpose === "reset" ? "auth.reset_code_invalid" : "auth.activation_code_invalid",
      "This code is not valid or has expired. Ask your admin for a new one.",
    );
  }
  forgetSessionState(valid.userId);
  security(purpose === "reset" ? "auth.reset_code_used" : "auth.activated", { userId: valid.userId });
  const user = await get(valid.userId);
  if (!user) throw new VisibleError("user.not_found", "This account does not exist.");
  return user;
}

/** Changes one's own password: the current one is required; every session ends, the caller gets a new one. */
export async function changePassword(id: string, currentPassword: string, newPassword: string): Promise<Info> {
  const stored = await getStored(id, true);
  if (!stored || !(await verifyPassword(currentPassword, stored.passwordHash))) {
    throw new VisibleError("auth.invalid_credentials", "The current password is not correct.");
  }
  const passwordHash = await hashPassword(Password.parse(newPassword));
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: userKeys.user(id),
            UpdateExpression: `SET passwordHash = :hash ADD ${END_SESSIONS}`,
            ConditionExpression: "passwordHash = :was AND active = :yes",
            ExpressionAttributeValues: { ":hash": passwordHash, ":was": stored.passwordHash, ":yes": true, ...endSessionsValues },
          },
        },
        Audit.entryPut({ userId: id }, "member.password_changed", stored.unitId ?? "nation", id),
      ],
    }),
  );
  forgetSessionState(id);
  security("auth.password_changed", { userId: id });
  return toInfo(stored as unknown as Record<string, unknown>);
}

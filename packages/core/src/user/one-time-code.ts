import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { security } from "../log";
import { secretKey } from "../secrets";
import { maskPhone } from "./phone";
import type { Info } from "./schema";
import { userKeys } from "./user.entity";

/**
 * One-time codes an admin hands over in person, on a printed slip or by SMS: a reset code for someone who
 * forgot their password, an activation code for an account an admin created (import, appointment). Only an
 * HMAC of the code is stored. A code works once, expires, and is void after `MAX_WRONG_TRIES` wrong tries, on
 * top of the per-phone rate limit of the routes that take it.
 */
export type CodePurpose = "reset" | "activation";

const POLICY: Record<CodePurpose, { digits: number; seconds: number; key: (phone: string) => { pk: string; sk: string } }> = {
  reset: { digits: 6, seconds: 24 * 60 * 60, key: userKeys.resetCode },
  // Activation slips are printed and handed out at meetings, so they live longer, and are longer to match.
  activation: { digits: 8, seconds: 14 * 24 * 60 * 60, key: userKeys.activationCode },
};

export const MAX_WRONG_TRIES = 10;

/** A code sent to the person's own phone at their request: short-lived, since it travels by SMS, Zalo or push. */
export const SELF_SERVICE_SECONDS = 30 * 60;

export const CODE_PATTERN: Record<CodePurpose, RegExp> = { reset: /^\d{6}$/, activation: /^\d{8}$/ };

const hashCode = (phone: string, code: string) => createHmac("sha256", secretKey("one-time-code")).update(`${phone}:${code}`).digest("hex");

export interface IssuedCode {
  code: string;
  expiresAt: string;
}

/**
 * A new code for this person (replacing any earlier one of the same kind), audited in the same transaction. A
 * code the person asked for themselves (`selfService`, sent to their phone) lives `SELF_SERVICE_SECONDS` only.
 */
export async function issueCode(purpose: CodePurpose, user: Info, actor: Audit.Actor, options: { selfService?: boolean } = {}): Promise<IssuedCode> {
  const policy = POLICY[purpose];
  const code = String(randomInt(0, 10 ** policy.digits)).padStart(policy.digits, "0");
  const expires = Math.floor(Date.now() / 1000) + (options.selfService ? SELF_SERVICE_SECONDS : policy.seconds);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...policy.key(user.phone), userId: user.id, codeHash: hashCode(user.phone, code), wrongTries: 0, expiresAt: expires },
          },
        },
        Audit.entryPut(
          actor,
          options.selfService ? "member.password_reset_code_sent" : purpose === "reset" ? "member.password_reset_code" : "member.activation_code",
          user.unitId ?? "nation",
          user.id,
        ),
      ],
    }),
  );
  security(purpose === "reset" ? "auth.reset_code_issued" : "auth.activation_code_issued", { userId: user.id, actorId: actor.userId });
  return { code, expiresAt: new Date(expires * 1000).toISOString() };
}

export interface ValidCode {
  userId: string;
  /** The item's delete, conditional on it being unchanged: put it in the transaction that uses the code. */
  consume: { Delete: { TableName: string; Key: { pk: string; sk: string }; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> } };
}

/**
 * Checks a code without using it. A wrong code counts a wrong try on the stored code, and voids it at the
 * limit; the caller then uses the code by putting `consume` in the transaction that does the work.
 */
export async function checkCode(purpose: CodePurpose, phone: string, code: string): Promise<ValidCode> {
  const policy = POLICY[purpose];
  const key = policy.key(phone);
  const invalid = new VisibleError(
    purpose === "reset" ? "auth.reset_code_invalid" : "auth.activation_code_invalid",
    purpose === "reset"
      ? "This code is not valid or has expired. Ask your admin for a new one."
      : "This activation code is not valid or has expired. Ask your admin for a new one.",
  );
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  if (!Item || Number(Item.expiresAt) < Date.now() / 1000) {
    security(purpose === "reset" ? "auth.reset_code_failed" : "auth.activation_failed", { phone: maskPhone(phone), reason: "no-code" });
    throw invalid;
  }
  const expected = Buffer.from(String(Item.codeHash), "hex");
  const actual = Buffer.from(hashCode(phone, code), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    const wrong = Number(Item.wrongTries ?? 0) + 1;
    security(purpose === "reset" ? "auth.reset_code_failed" : "auth.activation_failed", {
      userId: Item.userId,
      phone: maskPhone(phone),
      reason: "wrong-code",
      wrongTries: wrong,
    });
    if (wrong >= MAX_WRONG_TRIES) {
      await doc
        .send(new DeleteCommand({ TableName: table, Key: key, ConditionExpression: "codeHash = :hash", ExpressionAttributeValues: { ":hash": Item.codeHash } }))
        .catch(() => undefined);
    } else {
      await doc
        .send(
          new UpdateCommand({
            TableName: table,
            Key: key,
            UpdateExpression: "ADD wrongTries :one",
            ConditionExpression: "codeHash = :hash",
            ExpressionAttributeValues: { ":one": 1, ":hash": Item.codeHash },
          }),
        )
        .catch(() => undefined);
    }
    throw invalid;
  }
  return {
    userId: String(Item.userId),
    consume: { Delete: { TableName: table, Key: key, ConditionExpression: "codeHash = :codeHash", ExpressionAttributeValues: { ":codeHash": Item.codeHash } } },
  };
}

/** Removes any outstanding code of a person (their account was deleted). */
export async function removeCodes(phone: string) {
  const { doc, table } = db();
  await Promise.all(
    (Object.keys(POLICY) as CodePurpose[]).map((purpose) => doc.send(new DeleteCommand({ TableName: table, Key: POLICY[purpose].key(phone) }))),
  );
}

import { randomInt } from "node:crypto";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { get, holdsMembers, mustGet, type Info } from "./tree";
import { unitKeys } from "./unit.entity";

export const JoinCode = z.pipe(
  z.string().check(z.trim(), z.minLength(4), z.maxLength(40), z.regex(/^[A-Za-z0-9-]+$/, "A join code contains only letters, digits and hyphens")),
  z.transform((code: string) => code.toUpperCase()),
);

/** Creates (or re-activates) a join code that registers people into a team. Idempotent. */
export async function setJoinCode(unitId: string, rawCode: string): Promise<void> {
  const code = JoinCode.parse(rawCode);
  await mustGet(unitId);
  const { doc, table } = db();
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: unitKeys.joinCode(code),
        UpdateExpression: "SET unitId = :unit, active = :yes",
        ConditionExpression: "attribute_not_exists(pk) OR unitId = :unit",
        ExpressionAttributeValues: { ":unit": unitId, ":yes": true },
      }),
    );
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: unitKeys.unit(unitId),
        UpdateExpression: "SET joinCode = :code",
        ExpressionAttributeValues: { ":code": code },
      }),
    );
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") {
      throw new VisibleError("unit.join_code_taken", "This join code belongs to another team.");
    }
    throw err;
  }
}

/** The team a join code registers into, or an input error that says the code is wrong. */
export async function resolveJoinCode(rawCode: string): Promise<Info> {
  const parsed = JoinCode.safeParse(rawCode);
  const invalid = new VisibleError("auth.join_code_invalid", "This team join code is not valid. Ask your team leader for the current code.");
  if (!parsed.success) throw invalid;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.joinCode(parsed.data) }));
  if (Item?.active !== true) throw invalid;
  let unit = await get(Item.unitId as string);
  // A team merged into another: its old join code, already printed and handed out, registers into the new one.
  for (let hop = 0; unit?.mergedInto && hop < 8; hop++) unit = await get(unit.mergedInto);
  if (!unit || unit.archivedAt || unit.mergingInto) throw invalid;
  return unit;
}

/** Letters and digits that cannot be misread for one another when read out or copied by hand (no I, L, O, 0, 1). */
const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/**
 * A fresh join code for a unit: the last part of its code, then six characters drawn with a CSPRNG, since a
 * code anyone can guess lets them register into the team.
 */
export function newJoinCode(unitCode: string): string {
  const random = Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join("");
  return `${unitCode.split("-").at(-1)!.slice(0, 6)}-${random}`;
}

/** Replaces a team's join code with a new random one; the old code stops working at once. Only teams have one. */
export async function rotateJoinCode(unitId: string, actor: { userId: string; address?: string }): Promise<string> {
  const unit = await mustGet(unitId);
  if (!holdsMembers(unit.kind)) throw new VisibleError("unit.not_a_team", "Join codes belong to teams.");
  const { doc, table } = db();
  const code = newJoinCode(unit.code);
  const current = unit.joinCode;
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { ...unitKeys.joinCode(code), unitId, active: true }, ConditionExpression: "attribute_not_exists(pk)" } },
        ...(current
          ? [
              {
                Update: {
                  TableName: table,
                  Key: unitKeys.joinCode(current),
                  UpdateExpression: "SET active = :no",
                  ExpressionAttributeValues: { ":no": false },
                },
              },
            ]
          : []),
        { Update: { TableName: table, Key: unitKeys.unit(unitId), UpdateExpression: "SET joinCode = :code", ExpressionAttributeValues: { ":code": code } } },
        Audit.entryPut(actor, "unit.join_code.rotate", unitId, unitId),
      ],
    }),
  );
  return code;
}

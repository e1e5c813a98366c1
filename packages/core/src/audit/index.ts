export * as Audit from "./index";

import { PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { queryAll, withoutKeys } from "../db/query";
import { newId } from "../ids";

/** Who did what, when and from where. Entries live under the unit they concern, so superiors can read them. */
export const Entry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  action: z.string(),
  unitId: z.string(),
  target: z.optional(z.string()),
  address: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type Entry = z.infer<typeof Entry>;

export interface Actor {
  userId: string;
  address?: string;
}

const keys = {
  entry: (unitId: string, at: string, id: string) => ({ pk: `AUDIT#${unitId}`, sk: `${at}#${id}` }),
};

/** The Put for a transaction, so an action and its audit entry land together or not at all. */
export function entryPut(actor: Actor, action: string, unitId: string, target?: string, details?: Record<string, unknown>) {
  const at = new Date().toISOString();
  const id = newId();
  const entry: Entry = { id, at, actorId: actor.userId, action, unitId, target, address: actor.address, details };
  return { Put: { TableName: db().table, Item: { ...keys.entry(unitId, at, id), ...entry } } };
}

export async function record(actor: Actor, action: string, unitId: string, target?: string, details?: Record<string, unknown>) {
  const { doc } = db();
  await doc.send(new PutCommand(entryPut(actor, action, unitId, target, details).Put));
}

export async function list(unitId: string): Promise<Entry[]> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": `AUDIT#${unitId}` },
    ScanIndexForward: false,
  });
  return items.map((item) => withoutKeys(item) as Entry);
}

export * as Audit from "./index";

import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { newId } from "../ids";
// The user module's store, not its namespace: every aggregate writes audit entries, so Audit loads nothing that
// loads them back.
import { fullNames } from "../user/store";
import type { AuditEntry } from "../model/wire";
import { auditKeys } from "./audit.entity";

/**
 * Who did what, when and from where. Entries live under the unit they concern, so superiors can read them.
 * Only the server writes them, so they are the wire type without a schema: every signed-in request loads this
 * module (user/session.ts), and a schema would load zod into the cold start's first request (docs/performance.md).
 */
export type Entry = Omit<AuditEntry, "actorName">;

export interface Actor {
  userId: string;
  address?: string;
}

/** The Put for a transaction, so an action and its audit entry land together or not at all. */
export function entryPut(actor: Actor, action: string, unitId: string, target?: string, details?: Record<string, unknown>) {
  const at = new Date().toISOString();
  const id = newId();
  const entry: Entry = { id, at, actorId: actor.userId, action, unitId, target, address: actor.address, details };
  return { Put: { TableName: db().table, Item: { ...auditKeys.entry(unitId, at, id), ...entry } } };
}

export async function record(actor: Actor, action: string, unitId: string, target?: string, details?: Record<string, unknown>) {
  const { doc } = db();
  await doc.send(new PutCommand(entryPut(actor, action, unitId, target, details).Put));
}

/**
 * A unit's entries, newest first, each with its actor's current full name, read for all actors at once.
 * The name is null when there is no account behind the id: a deleted one, or the system (`actorId: "system"`,
 * which the app words in the reader's language).
 */
export async function list(unitId: string): Promise<AuditEntry[]> {
  const items = await queryPartition<Record<string, unknown>>(auditKeys.partition(unitId), { descending: true });
  const entries = items.map((item) => withoutKeys(item) as unknown as Entry);
  const names = await fullNames(entries.map((entry) => entry.actorId));
  return entries.map((entry) => ({ ...entry, actorName: names.get(entry.actorId) ?? null }));
}

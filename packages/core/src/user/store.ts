import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { getMany, withoutKeys } from "../db/query";
import type { Info, Role } from "./schema";
import { userKeys } from "./user.entity";

/**
 * The stored account: what `Info` shows, plus the password hash and the session version, which never leave
 * core. Shared by the user module's files (index, session, one-time codes, privacy). Audit and certificate read
 * accounts here too, so that loading them never loads the whole User namespace (which loads them back).
 */
export interface Stored extends Info {
  passwordHash: string;
  /** Raised by every event that must end all of a person's sessions (see ./session.ts). */
  sessionVersion?: number;
  /**
   * "Help a neighbour": the team member who registered this citizen on their own phone, and that member's team,
   * for the teams' field-work figures. Never shown to the citizen (it is the member's, not theirs).
   */
  registeredBy?: string;
  helpedByTeam?: string;
}

export function toInfo(item: Record<string, unknown>): Info {
  const { passwordHash: _hash, sessionVersion: _version, registeredBy: _by, helpedByTeam: _team, ...rest } = withoutKeys(item) as unknown as Stored;
  return rest;
}

export async function getStored(id: string, consistent = false): Promise<Stored | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.user(id), ConsistentRead: consistent }));
  return Item as Stored | undefined;
}

export async function get(id: string): Promise<Info | undefined> {
  const stored = await getStored(id);
  return stored && toInfo(stored as unknown as Record<string, unknown>);
}

/**
 * The ConditionCheck for a transaction that must only land while the account is open: a deleted or deactivated
 * person's token, or an outbox replayed after deletion, can never write for them again.
 */
export function activeCheck(id: string) {
  return {
    ConditionCheck: { TableName: db().table, Key: userKeys.user(id), ConditionExpression: "active = :yes", ExpressionAttributeValues: { ":yes": true } },
  };
}

export async function idByPhone(phone: string): Promise<string | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.phone(phone) }));
  return Item?.userId as string | undefined;
}

/** Team members and leaders are counted in their unit's figures; staff roles alone are not. */
export const countsAsMember = (roles: readonly Role[]) => roles.some((role) => role === "member" || role === "team-leader");

/** Current full names by user id, read at once (one BatchGetItem per 100 people); ids with no account are absent. */
export async function fullNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const items = await getMany(unique.map((id) => userKeys.user(id)));
  return new Map(unique.flatMap((id, i) => (items[i] ? [[id, String(items[i].fullName)] as const] : [])));
}

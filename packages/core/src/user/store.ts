import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { withoutKeys } from "../db/query";
import type { Info, Role } from "./index";
import { userKeys } from "./user.entity";

/**
 * The stored account: what `Info` shows, plus the password hash and the session version, which never leave
 * core. Shared by the user module's files (index, session, one-time codes, privacy).
 */
export interface Stored extends Info {
  passwordHash: string;
  /** Raised by every event that must end all of a person's sessions (see ./session.ts). */
  sessionVersion?: number;
}

export function toInfo(item: Record<string, unknown>): Info {
  const { passwordHash: _hash, sessionVersion: _version, ...rest } = withoutKeys(item) as unknown as Stored;
  return rest;
}

export async function getStored(id: string, consistent = false): Promise<Stored | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.user(id), ConsistentRead: consistent }));
  return Item as Stored | undefined;
}

export async function idByPhone(phone: string): Promise<string | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.phone(phone) }));
  return Item?.userId as string | undefined;
}

/** Team members and leaders are counted in their unit's figures; staff roles alone are not. */
export const countsAsMember = (roles: readonly Role[]) => roles.some((role) => role === "member" || role === "team-leader");

import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { db } from "../db/client";
import { security } from "../log";
import type { Info } from "./schema";
import { getStored, toInfo, type Stored } from "./store";
import { userKeys } from "./user.entity";

/**
 * Every account has a session version. Access tokens and refresh-token families carry the version they were
 * issued under; every request compares it with the account's (Auth.assertCurrent). A password reset or change,
 * deactivation, deletion, a role change, a move and "sign out everywhere" raise it, so every session of that
 * person ends within `SESSION_CHECK_MS`, not when a token happens to expire.
 */
export interface SessionState {
  exists: boolean;
  active: boolean;
  pending: boolean;
  sessionVersion: number;
}

/**
 * How long one process may trust a state it read. The process that raises a version forgets its copy at once;
 * other Lambda instances see the change within this time. One eventually consistent GetItem per person and
 * period otherwise.
 */
export const SESSION_CHECK_MS = 3000;
const MAX_CACHED = 5000;
/** Keyed by table and person, so a process serving (or testing) two tables never mixes them up. */
const cache = new Map<string, { at: number; state: SessionState }>();
const cacheKey = (id: string) => `${db().table}\u0000${id}`;

const stateOf = (stored: Stored | undefined): SessionState =>
  stored
    ? { exists: true, active: stored.active, pending: Boolean(stored.pending), sessionVersion: stored.sessionVersion ?? 0 }
    : { exists: false, active: false, pending: false, sessionVersion: -1 };

function remember(id: string, state: SessionState, now: number) {
  cache.delete(cacheKey(id));
  cache.set(cacheKey(id), { at: now, state });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
}

/** For every request: the state as this process last read it, at most `SESSION_CHECK_MS` ago. */
export async function sessionState(id: string, now = Date.now()): Promise<SessionState> {
  return knownSessionState(id, now) ?? stateOfItem(id, (await getStored(id)) as Record<string, unknown> | undefined, now);
}

/**
 * The state this process trusts without a read (at most `SESSION_CHECK_MS` old), or undefined: then a caller
 * that reads other items anyway reads the account item with them, and hands it to `stateOfItem`.
 */
export function knownSessionState(id: string, now = Date.now()): SessionState | undefined {
  const cached = cache.get(cacheKey(id));
  return cached && now - cached.at < SESSION_CHECK_MS ? cached.state : undefined;
}

/** The state of an account item the caller read itself (or undefined: no such account), remembered. */
export function stateOfItem(id: string, item: Record<string, unknown> | undefined, now = Date.now()): SessionState {
  const state = stateOf(item as Stored | undefined);
  remember(id, state, now);
  return state;
}

/** For issuing a session: the account and its state as they are now (a consistent read). */
export async function forSession(id: string): Promise<{ user: Info | undefined; state: SessionState }> {
  const stored = await getStored(id, true);
  const state = stateOf(stored);
  remember(id, state, Date.now());
  return { user: stored && toInfo(stored as unknown as Record<string, unknown>), state };
}

/**
 * The account and its state in one eventually consistent read, remembered as `sessionState` remembers its own:
 * for `GET /api/v1/me`, which shows the very item it checks (one GetItem where the check and the read were two).
 */
export async function accountAndState(id: string, now = Date.now()): Promise<{ user: Info | undefined; state: SessionState }> {
  const stored = await getStored(id);
  const state = stateOf(stored);
  remember(id, state, now);
  return { user: stored && toInfo(stored as unknown as Record<string, unknown>), state };
}

/** After a write that raised the version: this process stops trusting what it read before. */
export function forgetSessionState(id: string) {
  cache.delete(cacheKey(id));
}

/** The update fragment that ends every session, for transactions that change an account for another reason. */
export const END_SESSIONS = "sessionVersion :one";
export const endSessionsValues = { ":one": 1 };

/** "Sign out everywhere", also used by admins' actions that end someone's sessions. */
export async function endSessions(id: string, reason: "sign-out-everywhere" | "password" | "admin", actor: Audit.Actor, unitId: string | null): Promise<void> {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: userKeys.user(id),
      UpdateExpression: `ADD ${END_SESSIONS}`,
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: endSessionsValues,
    }),
  );
  forgetSessionState(id);
  security("auth.sessions_ended", { userId: id, actorId: actor.userId, reason });
  if (reason !== "sign-out-everywhere") await Audit.record(actor, "member.sessions_ended", unitId ?? "nation", id, { reason });
}

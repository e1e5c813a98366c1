import { matchesWords } from "../model/text";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { Audit } from "../audit";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { security } from "../log";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { normalisePhone } from "./phone";
import type { Info, Role } from "./schema";
import { END_SESSIONS, endSessionsValues, forgetSessionState } from "./session";
import { countsAsMember, get, idByPhone, toInfo } from "./store";
import { userKeys } from "./user.entity";

/** A member's place in the unit tree: who is in a team, moves, roles, and whether the account is active. */

/** Members of one unit (a team), sorted by name. */
export async function listForUnit(unitId: string): Promise<Info[]> {
  const items = await queryPartition<Record<string, unknown>>(userKeys.membersOf(unitId), { index: "gsi1" });
  return items.map(toInfo);
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((role) => b.includes(role));

/**
 * Changes a member's name, team or roles. When the team changes, the member counters and the completion
 * counters of their completed courses move from the old unit's lineage to the new one, and their progress
 * records follow — all in one transaction, conditional on the team not having changed meanwhile. A move or a
 * role change ends the person's sessions: their next request signs in again with what they may do now.
 */
export async function updateProfile(
  id: string,
  change: { fullName: string; unitId: string | null; roles: Role[] },
  actor: { userId: string; address?: string },
): Promise<Info> {
  const current = await get(id);
  if (!current) throw new VisibleError("user.not_found", "This member does not exist.");
  const { doc, table } = db();
  const [from, to] = await Promise.all([current.unitId ? Unit.get(current.unitId) : undefined, change.unitId ? Unit.mustGet(change.unitId) : undefined]);
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [];
  const memberKeys = to ? userKeys.member(to.id, change.fullName, id) : undefined;
  const moved = current.unitId !== change.unitId;
  const rolesChanged = !sameRoles(current.roles, change.roles);
  const endsSessions = moved || rolesChanged;
  items.push({
    Update: {
      TableName: table,
      Key: userKeys.user(id),
      UpdateExpression:
        (memberKeys
          ? "SET fullName = :name, unitId = :unit, #roles = :roles, gsi1pk = :gpk, gsi1sk = :gsk"
          : "SET fullName = :name, unitId = :unit, #roles = :roles REMOVE gsi1pk, gsi1sk") + (endsSessions ? ` ADD ${END_SESSIONS}` : ""),
      ConditionExpression: current.unitId ? "unitId = :was" : "attribute_not_exists(unitId) OR unitId = :was",
      ExpressionAttributeNames: { "#roles": "roles" },
      ExpressionAttributeValues: {
        ":name": change.fullName,
        ":unit": change.unitId,
        ":roles": change.roles,
        ":was": current.unitId,
        ...(memberKeys ? { ":gpk": memberKeys.gsi1pk, ":gsk": memberKeys.gsi1sk } : {}),
        ...(endsSessions ? endSessionsValues : {}),
      },
    },
  });
  const wasMember = Boolean(countsAsMember(current.roles) && from && current.active);
  const isMember = Boolean(countsAsMember(change.roles) && to && current.active);
  // A member nobody has activated yet is counted apart (pending), and moves as such.
  const counted = (n: number) => (current.pending ? { members: 0, pending: n } : { members: n, pending: 0 });
  const records = moved ? await Progress.listForUser(id) : [];
  const completed = records.filter((r) => r.completedAt).map((r) => r.courseId);
  if (moved) {
    // Counted membership and completions leave the old lineage and join the new one.
    items.push(...Unit.shiftUpdates(wasMember ? from : undefined, isMember ? to : undefined, counted(1).members, [], counted(1).pending));
    items.push(...Unit.shiftUpdates(from, to, 0, completed));
    for (const record of records) items.push(Progress.followMember(record, to));
  } else if (wasMember !== isMember && from) {
    items.push(...Unit.memberCounterUpdates(from, counted(isMember ? 1 : -1)));
  }
  items.push(
    Audit.entryPut(actor, moved ? "member.move" : "member.update", to?.id ?? from?.id ?? "nation", id, {
      from: current.unitId,
      to: change.unitId,
      ...(rolesChanged ? { roles: change.roles } : {}),
    }),
  );
  if (items.length > 100) throw new VisibleError("user.too_many_changes", "This member has too much history to move in one step.");
  await doc.send(new TransactWriteCommand({ TransactItems: items }));
  if (endsSessions) forgetSessionState(id);
  if (rolesChanged) security("role.changed", { userId: id, actorId: actor.userId, from: current.roles, to: change.roles });
  return { ...current, fullName: change.fullName, unitId: change.unitId, roles: change.roles };
}

/**
 * Finds members within a unit subtree: by phone (exact, any format), or by any words of their name as people
 * type them ("hoa", "dinh", "lo thi": each word typed starts a word of the name, without diacritics or case),
 * sorted by name. Walks the subtree's teams in order (a team is a few members, one small query each) and stops
 * once `limit` are found, so it never reads a whole province when the first communes have enough.
 */
export async function search(root: Unit.Info, query: string, limit = 50): Promise<Info[]> {
  const phone = normalisePhone(query);
  if (phone) {
    const id = await idByPhone(phone);
    const user = id ? await get(id) : undefined;
    // A citizen has no team: their commune places them.
    if (!user || !(user.unitId ?? user.communeId)) return [];
    const unit = user.unitId ? await Unit.get(user.unitId) : await Unit.getLiving(user.communeId!);
    return unit && Unit.isWithin(unit, root) ? [user] : [];
  }
  const found: Info[] = [];
  for (const unit of await Unit.subtree(root)) {
    const members = (await queryPartition<Record<string, unknown>>(userKeys.membersOf(unit.id), { index: "gsi1" })).map(toInfo);
    found.push(...members.filter((member) => matchesWords(member.fullName, query)));
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => a.fullName.localeCompare(b.fullName, "vi")).slice(0, limit);
}

/**
 * Deactivates or reactivates an account. An inactive account cannot sign in, is not counted as a member (nor a
 * citizen as one of their commune's citizens), and its sessions end at once (deactivating bumps the session
 * version).
 */
export async function setActive(id: string, active: boolean, actor: { userId: string; address?: string }): Promise<Info> {
  const user = await get(id);
  if (!user) throw new VisibleError("user.not_found", "This member does not exist.");
  if (user.active === active) return user;
  const [unit, commune] = await Promise.all([user.unitId ? Unit.get(user.unitId) : undefined, user.communeId ? Unit.getLiving(user.communeId) : undefined]);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: userKeys.user(id),
            UpdateExpression: `SET active = :active ADD ${END_SESSIONS}`,
            ConditionExpression: "active = :was AND attribute_not_exists(deletingAt)",
            ExpressionAttributeValues: { ":active": active, ":was": !active, ...endSessionsValues },
          },
        },
        ...(unit && countsAsMember(user.roles) ? Unit.memberCounterUpdates(unit, user.pending ? { pending: active ? 1 : -1 } : active ? 1 : -1) : []),
        ...(commune ? Unit.memberCounterUpdates(commune, { citizens: active ? 1 : -1 }) : []),
        Audit.entryPut(actor, active ? "member.reactivate" : "member.deactivate", user.unitId ?? user.communeId ?? "nation", id),
      ],
    }),
  );
  forgetSessionState(id);
  if (!active) security("auth.sessions_ended", { userId: id, actorId: actor.userId, reason: "deactivated" });
  return { ...user, active };
}

export * as Staff from "./index";
export { grantsOf, rolesWith } from "./grants";

import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers, administersFromAbove, assertCanOversee, isAdmin } from "../auth/scope";
import { db } from "../db/client";
import { getMany, queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { security } from "../log";
import {
  MAX_GRANTS,
  NATION_UNIT_ID,
  ROLE_HELD_AT,
  STAFF_ROLES,
  sameGrant,
  type StaffAppointed,
  type StaffGrant,
  type StaffList,
  type StaffRole,
} from "../model";
import { Unit } from "../unit";
import { User } from "../user";
import { maskPhone, Phone } from "../user/phone";
import { END_SESSIONS, endSessionsValues, forgetSessionState } from "../user/session";
import { countsAsMember, getStored, toInfo, type Stored } from "../user/store";
import { userKeys } from "../user/user.entity";
import { grantsOf, rolesWith } from "./grants";
import { staffKeys } from "./staff.entity";

/**
 * Appointing and removing staff: admins, trainers and team leaders, each held at a unit. Who may appoint what
 * (docs/security.md): an admin appoints below their own level in their subtree (the national admin appoints
 * province admins, a province admin commune admins), and trainers and team leaders anywhere in it; a role is
 * held only at the kinds of unit `ROLE_HELD_AT` names. Every change is audited, logged as a security event and
 * ends the holder's sessions, so their next request carries what they may do now.
 */

export const AppointInput = z.object({ phone: Phone, fullName: User.FullName, role: z.enum(STAFF_ROLES) });
export type AppointInput = z.input<typeof AppointInput>;

const notFound = () => new VisibleError("unit.not_found", "This unit does not exist.");

/** The unit, if this session administers it; not found otherwise (trainers and team leaders appoint nobody). */
async function unitOver(viewer: Session, unitId: string): Promise<Unit.Info> {
  if (!isAdmin(viewer)) throw notFound();
  const unit = await assertCanOversee(viewer, unitId);
  if (!administers(viewer, unit)) throw notFound();
  return unit;
}

function mayGrant(viewer: Session, unit: Unit.Info, role: StaffRole): boolean {
  if (!ROLE_HELD_AT[role].includes(unit.kind)) return false;
  return role === "admin" ? administersFromAbove(viewer, unit) : administers(viewer, unit);
}

/** The roles this session may appoint and remove at this unit. */
export const grantableRoles = (viewer: Session, unit: Unit.Info): StaffRole[] => STAFF_ROLES.filter((role) => mayGrant(viewer, unit, role));

function assertMayGrant(viewer: Session, unit: Unit.Info, role: StaffRole) {
  if (!ROLE_HELD_AT[role].includes(unit.kind)) {
    throw new VisibleError("staff.role_not_allowed", "This role cannot be held at this kind of unit.", { params: { role, kind: unit.kind } });
  }
  if (!mayGrant(viewer, unit, role)) throw new VisibleError("staff.role_above_own", "You can only appoint roles below your own.", { params: { role } });
}

/** Roles and unit of an account created by an appointment: a team leader is a member of the team they lead. */
const newAccountRoles = (role: StaffRole): User.Role[] => (role === "team-leader" ? ["team-leader", "member"] : [role]);

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;

const CHANGE_TRIES = 4;

/**
 * Changes the grants a person holds, in one transaction: the profile's list and roles (conditional on the
 * session version read, which every role change raises, so concurrent changes never lose one another), the
 * grant items in the units' partitions, member counters when leading their own team changes whether they count,
 * and the audit entry. Raises the session version: every session of the holder ends at once. Answers what was
 * granted and revoked; nothing when there was nothing to change (a retry). An account that predates per-unit
 * roles gets its grants written down.
 */
async function changeGrants(
  userId: string,
  change: (grants: StaffGrant[]) => StaffGrant[],
  actor: Audit.Actor,
  audit: { action: string; unitId: string; details: Record<string, unknown> },
): Promise<{ changed: boolean; granted: StaffGrant[]; revoked: StaffGrant[] }> {
  const { doc, table } = db();
  for (let attempt = 1; ; attempt++) {
    const stored = await getStored(userId, true);
    if (!stored) throw new VisibleError("user.not_found", "This member does not exist.");
    const before = grantsOf(stored);
    const after = change(before).filter((grant, i, all) => all.findIndex((other) => sameGrant(other, grant)) === i);
    const materialise = stored.grants === undefined;
    const added = after.filter((grant) => materialise || !before.some((held) => sameGrant(held, grant)));
    const removed = before.filter((held) => !after.some((grant) => sameGrant(held, grant)));
    const granted = after.filter((grant) => !before.some((held) => sameGrant(held, grant)));
    if (!removed.length && !granted.length && !materialise) return { changed: false, granted, revoked: removed };
    if (after.length > MAX_GRANTS) throw new VisibleError("staff.too_many_roles", "This person already holds too many roles.", { params: { max: MAX_GRANTS } });
    const roles = rolesWith(stored, after);
    const version = stored.sessionVersion ?? 0;
    const now = new Date().toISOString();
    const items: TransactItems = [
      {
        Update: {
          TableName: table,
          Key: userKeys.user(userId),
          UpdateExpression: `SET grants = :grants, #roles = :roles ADD ${END_SESSIONS}`,
          ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(deletingAt) AND ${version ? "sessionVersion = :sv" : "(attribute_not_exists(sessionVersion) OR sessionVersion = :sv)"}`,
          ExpressionAttributeNames: { "#roles": "roles" },
          ExpressionAttributeValues: { ":grants": after, ":roles": roles, ":sv": version, ...endSessionsValues },
        },
      },
      ...added.map((grant) => ({
        Put: {
          TableName: table,
          Item: {
            ...staffKeys.grant(grant.unitId, userId, grant.role),
            userId,
            unitId: grant.unitId,
            role: grant.role,
            grantedAt: now,
            grantedBy: actor.userId,
          },
        },
      })),
      ...removed.map((grant) => ({ Delete: { TableName: table, Key: staffKeys.grant(grant.unitId, userId, grant.role) } })),
      Audit.entryPut(actor, audit.action, audit.unitId, userId, audit.details),
    ];
    // Leading one's own team can decide whether one counts as its member (rolesWith keeps members counted).
    const wasCounted = countsAsMember(stored.roles) && stored.active && stored.unitId;
    const isCounted = countsAsMember(roles) && stored.active && stored.unitId;
    if (Boolean(wasCounted) !== Boolean(isCounted) && stored.unitId) {
      const unit = await Unit.get(stored.unitId);
      const delta = isCounted ? 1 : -1;
      if (unit) items.push(...Unit.memberCounterUpdates(unit, stored.pending ? { pending: delta } : delta));
    }
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if ((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed" && attempt < CHANGE_TRIES) continue;
      if ((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed") {
        throw new VisibleError("db.conflict", "Another change happened at the same time. Please try again.");
      }
      throw err;
    }
    forgetSessionState(userId);
    for (const grant of removed) security("role.revoked", { userId, actorId: actor.userId, unitId: grant.unitId, role: grant.role });
    for (const grant of granted) security("role.granted", { userId, actorId: actor.userId, unitId: grant.unitId, role: grant.role });
    return { changed: true, granted, revoked: removed };
  }
}

/** Adds a grant to an account, or creates a pending account holding it; a pending holder gets a fresh activation code. */
async function grantTo(unit: Unit.Info, input: z.output<typeof AppointInput>, actor: Audit.Actor): Promise<StaffAppointed> {
  const grant: StaffGrant = { unitId: unit.id, role: input.role };
  const existingId = await User.idByPhone(input.phone);
  // A retry after a lost answer finds the account the first try created, and completes the grant.
  const existing = existingId ? await User.get(existingId) : undefined;
  const account =
    existing ?? (await User.ensure({ phone: input.phone, fullName: input.fullName, pending: true, roles: newAccountRoles(input.role), unitId: unit.id }));
  const { changed } = await changeGrants(account.id, (grants) => [...grants, grant], actor, {
    action: "staff.appoint",
    unitId: unit.id,
    details: { role: input.role, newAccount: !existing },
  });
  // A new account holds its role from its first write (its roles and unit say it), so it is logged here.
  if (!existing && changed) security("role.granted", { userId: account.id, actorId: actor.userId, unitId: unit.id, role: input.role });
  const current = await User.get(account.id);
  const answer: StaffAppointed = { userId: account.id, role: input.role, unitId: unit.id };
  if (!current?.pending) return answer;
  const code = await User.issueCode("activation", current, actor);
  return { ...answer, activationCode: code.code, expiresAt: code.expiresAt };
}

/**
 * Appoints someone (by phone) to a role at a unit the viewer administers, below their own. Idempotent: the same
 * person and role again changes nothing, except that someone who has not activated yet gets a fresh code.
 */
export async function appoint(viewer: Session, unitId: string, raw: AppointInput, actor: Audit.Actor): Promise<StaffAppointed> {
  const unit = await unitOver(viewer, unitId);
  const input = AppointInput.parse(raw);
  assertMayGrant(viewer, unit, input.role);
  return grantTo(unit, input, actor);
}

/** Admins of the nation (stored grants and accounts that predate them), by user id. */
async function nationalAdmins(nationId: string): Promise<string[]> {
  return (await holders(nationId)).filter((holder) => holder.role === "admin").map((holder) => holder.userId);
}

/**
 * Ends a person's roles at a unit (one role, or every role there the viewer may remove), and their sessions.
 * Nobody removes their own role, nor the last national administrator. Removing what is not held is a no-op.
 */
export async function remove(viewer: Session, unitId: string, userId: string, actor: Audit.Actor, role?: StaffRole): Promise<void> {
  const unit = await unitOver(viewer, unitId);
  if (userId === viewer.userId) throw new VisibleError("staff.remove_self", "You cannot remove your own role; ask an admin above you.");
  const stored = await getStored(userId, true);
  if (!stored) throw new VisibleError("user.not_found", "This member does not exist.");
  const held = grantsOf(stored).filter((grant) => grant.unitId === unit.id && (!role || grant.role === role));
  if (!held.length) return;
  for (const grant of held) assertMayGrant(viewer, unit, grant.role);
  if (unit.parentId === null && held.some((grant) => grant.role === "admin")) {
    if (!(await nationalAdmins(unit.id)).some((id) => id !== userId)) {
      throw new VisibleError("staff.last_national_admin", "The last national administrator cannot be removed.");
    }
  }
  await changeGrants(userId, (grants) => grants.filter((grant) => !held.some((gone) => sameGrant(gone, grant))), actor, {
    action: "staff.remove",
    unitId: unit.id,
    details: { roles: held.map((grant) => grant.role) },
  });
}

/** Who holds which role at a unit: grant items, plus accounts from before per-unit roles whose unit this is. */
async function holders(unitId: string): Promise<{ userId: string; role: StaffRole }[]> {
  const [items, members] = await Promise.all([
    queryPartition<{ userId: string; role: StaffRole }>(staffKeys.partition(unitId), { prefix: staffKeys.prefix, consistent: true }),
    queryPartition<Record<string, unknown>>(userKeys.membersOf(unitId), { index: "gsi1" }),
  ]);
  const legacy = members
    .map(toInfo)
    .filter((user) => user.grants === undefined)
    .flatMap((user) =>
      grantsOf(user)
        .filter((grant) => grant.unitId === unitId)
        .map((grant) => ({ userId: user.id, role: grant.role })),
    );
  return [...items.map((item) => ({ userId: item.userId, role: item.role })), ...legacy];
}

const ROLE_ORDER: Record<StaffRole, number> = { admin: 0, trainer: 1, "team-leader": 2 };

/** The staff of a unit the viewer administers, with the roles the viewer may appoint there. Phones are masked. */
export async function list(viewer: Session, unitId: string): Promise<StaffList> {
  const unit = await unitOver(viewer, unitId);
  const found = await holders(unit.id);
  const profiles = await getMany(found.map((holder) => userKeys.user(holder.userId)));
  const items = found.flatMap((holder, i) => {
    const profile = profiles[i] as Stored | undefined;
    // A grant item whose holder was deleted, or no longer holds it, is not shown.
    if (!profile || !grantsOf(profile).some((grant) => grant.unitId === unit.id && grant.role === holder.role)) return [];
    return [
      {
        userId: holder.userId,
        fullName: profile.fullName,
        phone: maskPhone(profile.phone),
        role: holder.role,
        pending: Boolean(profile.pending),
        active: profile.active,
        self: holder.userId === viewer.userId,
      },
    ];
  });
  items.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.fullName.localeCompare(b.fullName, "vi"));
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind }, grantable: grantableRoles(viewer, unit), items };
}

/**
 * Moves every grant held at one unit to another (a merge): each holder in one transaction (profile list, grant
 * items, audit), ending their sessions. Idempotent: a second run finds nothing left at `fromUnitId`. Accounts
 * that predate per-unit roles hold their role through their `unitId`, so moving them as members moves it too.
 */
export async function moveAll(fromUnitId: string, toUnitId: string, actor: Audit.Actor): Promise<{ moved: number }> {
  const items = await queryPartition<{ userId: string }>(staffKeys.partition(fromUnitId), { prefix: staffKeys.prefix, consistent: true });
  const userIds = [...new Set(items.map((item) => item.userId))];
  let moved = 0;
  for (const userId of userIds) {
    const { changed } = await changeGrants(
      userId,
      (grants) => grants.map((grant) => (grant.unitId === fromUnitId ? { ...grant, unitId: toUnitId } : grant)),
      actor,
      { action: "staff.move", unitId: toUnitId, details: { from: fromUnitId, to: toUnitId } },
    ).catch((err) => {
      // A grant item left behind by a deleted account: nothing to move.
      if (err instanceof VisibleError && err.code === "user.not_found") return { changed: false };
      throw err;
    });
    if (changed) moved++;
  }
  return { moved };
}

/** The nation unit of a fresh stage, created when it is not there yet (the map loader fills in the rest). */
async function nation(): Promise<Unit.Info> {
  return (await Unit.get(NATION_UNIT_ID)) ?? Unit.create({ id: NATION_UNIT_ID, code: "VN", name: "Việt Nam", kind: "nation", parentId: null });
}

/**
 * The first national administrator of a stage (`npm run setup -- national-admin`): a pending account holding
 * admin at the nation, and its one-time activation code (never a password). Refused when a national admin
 * exists already, unless `another` is set; then idempotent like an appointment.
 */
export async function bootstrapNationalAdmin(
  raw: { phone: string; fullName: string },
  options: { another?: boolean } = {},
): Promise<StaffAppointed & { existing: string[] }> {
  const input = AppointInput.parse({ ...raw, role: "admin" });
  const unit = await nation();
  const existing = await nationalAdmins(unit.id);
  if (existing.length && !options.another) {
    throw new VisibleError("staff.national_admin_exists", "A national administrator already exists.", { params: { count: existing.length } });
  }
  const result = await grantTo(unit, input, { userId: "system" });
  return { ...result, existing };
}

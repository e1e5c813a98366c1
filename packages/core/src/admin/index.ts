export * as Admin from "./index";

import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { assertCanOversee, isAdmin } from "../auth/scope";
import { VisibleError } from "../error";
import { Unit } from "../unit";
import { User } from "../user";
import { maskPhone } from "../user/phone";

/**
 * What an admin does to the units and members of the subtree they administer. Every verb checks the scope
 * first, and whatever lies outside it is answered as "not found", so its existence is not revealed. Admins see
 * members' phone numbers masked.
 */

/** The unit, if this session is an admin over it. */
export async function unitOver(viewer: Session, unitId: string): Promise<Unit.Info> {
  if (!isAdmin(viewer)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  return assertCanOversee(viewer, unitId);
}

/** The member, if this session is an admin over their unit (a citizen, who has none: over their commune). */
export async function memberOver(viewer: Session, userId: string): Promise<User.Info> {
  const user = await User.get(userId);
  const notFound = new VisibleError("user.not_found", "This member does not exist.");
  // A citizen's commune may since have been merged into another: the living one places them.
  const placeId = user?.unitId ?? (user?.communeId ? (await Unit.getLiving(user.communeId))?.id : undefined);
  if (!user || !placeId) throw notFound;
  await unitOver(viewer, placeId).catch(() => {
    throw notFound;
  });
  return user;
}

/** What an admin sees of a member: everything but the full phone number. */
const masked = (user: User.Info): User.Info => ({ ...user, phone: maskPhone(user.phone) });

export const NewUnit = z.object({
  code: Unit.UnitCode,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  kind: Unit.UnitKind,
  id: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/))),
});

/** A new unit under one the admin administers (audited with the creation). */
export async function createUnit(viewer: Session, parentId: string, input: z.infer<typeof NewUnit>, actor: Audit.Actor): Promise<Unit.Info> {
  const parent = await unitOver(viewer, parentId);
  return Unit.create({ ...input, parentId: parent.id }, actor);
}

export const UnitChange = z.object({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  parentId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
});

/** Renames a unit and/or moves it under another unit the admin administers; nobody moves the unit they administer. */
export async function changeUnit(viewer: Session, unitId: string, change: z.infer<typeof UnitChange>, actor: Audit.Actor): Promise<Unit.Info> {
  let unit = await unitOver(viewer, unitId);
  if (unit.id === viewer.unitId && change.parentId) throw new VisibleError("unit.move_own", "You cannot move the unit you administer; ask an admin above you.");
  if (change.name) unit = await Unit.rename(unit.id, change.name, actor);
  if (change.parentId) {
    await unitOver(viewer, change.parentId);
    unit = await Unit.move(unit.id, change.parentId, actor);
  }
  return unit;
}

export async function rotateJoinCode(viewer: Session, unitId: string, actor: Audit.Actor): Promise<string> {
  const unit = await unitOver(viewer, unitId);
  return Unit.rotateJoinCode(unit.id, actor);
}

/** A unit's audit log, newest first, with the actors' names. */
export async function auditLog(viewer: Session, unitId: string) {
  const unit = await unitOver(viewer, unitId);
  return Audit.list(unit.id);
}

/** Members in the admin's subtree under a unit, by phone or the start of their name. */
export async function searchMembers(viewer: Session, unitId: string, query: string): Promise<User.Info[]> {
  const unit = await unitOver(viewer, unitId);
  return (await User.search(unit, query)).map(masked);
}

/** Admins give and take only these roles; staff roles (trainer, admin) are kept as they are. */
const TEAM_ROLES = ["member", "team-leader"] as const satisfies readonly User.Role[];

export const MemberChange = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  active: z.optional(z.boolean()),
  roles: z.optional(z.array(z.enum(TEAM_ROLES)).check(z.minLength(1))),
});

/**
 * Moves a member to another unit the admin administers, sets their team roles (keeping any staff role) and/or
 * deactivates or reactivates them.
 */
export async function changeMember(viewer: Session, userId: string, change: z.infer<typeof MemberChange>, actor: Audit.Actor): Promise<User.Info> {
  const user = await memberOver(viewer, userId);
  let result = user;
  if ((change.unitId || change.roles) && user.communeId) {
    throw new VisibleError("user.citizen", "This person registered as a resident: they have no team or team role to change.");
  }
  if (change.unitId || change.roles) {
    if (change.unitId) Unit.assertOpen(await unitOver(viewer, change.unitId));
    const kept = user.roles.filter((role) => !(TEAM_ROLES as readonly User.Role[]).includes(role));
    result = await User.updateProfile(
      user.id,
      { fullName: user.fullName, unitId: change.unitId ?? user.unitId, roles: change.roles ? [...kept, ...change.roles] : user.roles },
      actor,
    );
  }
  if (change.active !== undefined) result = await User.setActive(user.id, change.active, actor);
  return masked(result);
}

export async function issueResetCode(viewer: Session, userId: string, actor: Audit.Actor) {
  const user = await memberOver(viewer, userId);
  return User.issueResetCode(user.id, actor);
}

export async function issueActivationCode(viewer: Session, userId: string, actor: Audit.Actor) {
  const user = await memberOver(viewer, userId);
  return User.issueActivationCode(user.id, actor);
}

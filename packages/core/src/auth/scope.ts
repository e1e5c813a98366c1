import { VisibleError } from "../error";
import type { StaffGrant } from "../model";
import { grantsOf } from "../staff/grants";
import { Unit } from "../unit";
import type { Session } from "./index";

/**
 * Scope is read from the staff roles a session holds per unit (`session.grants`, staff/grants.ts): an admin
 * oversees the subtree of every unit they hold admin at; a team leader oversees the team they lead. The legacy
 * `super-admin` role stays all-powerful (docs/security.md). Anything outside is reported as not found, so its
 * existence is not revealed.
 */

const isSuperAdmin = (session: Session) => session.roles.includes("super-admin");

/** The grants a session holds: the token's, or for a session built without them, what its roles and unit say. */
export const sessionGrants = (session: Session): StaffGrant[] => session.grants ?? grantsOf(session);

/** The session holds admin at this unit or one of its ancestors. */
export function administers(session: Session, unit: Pick<Unit.Info, "path">): boolean {
  if (isSuperAdmin(session)) return true;
  // The materialised path holds every ancestor's id, so no unit needs to be read.
  const lineage = Unit.lineage(unit);
  return sessionGrants(session).some((grant) => grant.role === "admin" && lineage.includes(grant.unitId));
}

/** The units this session holds admin at that lie strictly above `unit` (for "never at one's own level"). */
export function administersFromAbove(session: Session, unit: Pick<Unit.Info, "id" | "path">): boolean {
  if (isSuperAdmin(session)) return true;
  const lineage = Unit.lineage(unit);
  return sessionGrants(session).some((grant) => grant.role === "admin" && grant.unitId !== unit.id && lineage.includes(grant.unitId));
}

export async function assertCanOversee(session: Session, unitId: string): Promise<Unit.Info> {
  const notFound = new VisibleError("unit.not_found", "This unit does not exist.");
  const unit = await Unit.get(unitId);
  if (!unit) throw notFound;
  if (administers(session, unit)) return unit;
  if (sessionGrants(session).some((grant) => grant.role === "team-leader" && grant.unitId === unit.id)) return unit;
  throw notFound;
}

export function isAdmin(session: Session) {
  return isSuperAdmin(session) || session.roles.includes("admin") || sessionGrants(session).some((grant) => grant.role === "admin");
}

export function requireRole(session: Session, ...roles: Session["roles"]) {
  if (!roles.some((role) => session.roles.includes(role))) {
    throw new VisibleError("auth.forbidden", "Your account is not allowed to do this.");
  }
}

import { VisibleError } from "../error";
import { Unit } from "../unit";
import type { Session } from "./index";

/**
 * Admin scope: a super admin sees everything; an admin sees the subtree of the unit they administer; a team
 * leader sees their own team. Anything outside is reported as not found, so its existence is not revealed.
 */
export async function assertCanOversee(session: Session, unitId: string): Promise<Unit.Info> {
  const notFound = new VisibleError("unit.not_found", "This unit does not exist.");
  const unit = await Unit.get(unitId);
  if (!unit) throw notFound;
  if (session.roles.includes("super-admin")) return unit;
  if (!session.unitId) throw notFound;
  if (session.roles.includes("admin")) {
    const scope = await Unit.get(session.unitId);
    if (scope && Unit.isWithin(unit, scope)) return unit;
  }
  if (session.roles.includes("team-leader") && unit.id === session.unitId) return unit;
  throw notFound;
}

export function isAdmin(session: Session) {
  return session.roles.includes("admin") || session.roles.includes("super-admin");
}

export function requireRole(session: Session, ...roles: Session["roles"]) {
  if (!roles.some((role) => session.roles.includes(role))) {
    throw new VisibleError("auth.forbidden", "Your account is not allowed to do this.");
  }
}

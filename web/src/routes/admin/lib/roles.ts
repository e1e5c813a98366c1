import type { User } from "../../../lib/api";

/** Admins (and super admins) manage a unit subtree; a team leader only follows their own team. */
export function isAdmin(user: User | undefined) {
  return Boolean(user?.roles.some((role) => role === "admin" || role === "super-admin"));
}

export function isStaff(user: User | undefined) {
  return isAdmin(user) || Boolean(user?.roles.includes("team-leader"));
}

/**
 * Admins of the nation or of a province (and super admins) review publish requests of their scope's courses
 * (four-eyes publishing, docs/authoring.md); the API's `courseScopes` decides, this only shows the way in.
 * `ownUnitKind` is the kind of the person's own unit (`user.unitId`).
 */
export function reviewsCourses(user: User | undefined, ownUnitKind: string | undefined) {
  if (user?.roles.includes("super-admin")) return true;
  return Boolean(user?.roles.includes("admin") && (ownUnitKind === "nation" || ownUnitKind === "province"));
}

/** Teams (and villages that act as one) hold members and have a join code. */
export function holdsMembers(kind: string) {
  return kind === "team" || kind === "village";
}

import type { User } from "../../../lib/api";

/** Admins (and super admins) manage a unit subtree; a team leader only follows their own team. */
export function isAdmin(user: User | undefined) {
  return Boolean(user?.roles.some((role) => role === "admin" || role === "super-admin"));
}

export function isStaff(user: User | undefined) {
  return isAdmin(user) || Boolean(user?.roles.includes("team-leader"));
}

/** Teams (and villages that act as one) hold members and have a join code. */
export function holdsMembers(kind: string) {
  return kind === "team" || kind === "village";
}

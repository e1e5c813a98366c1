import type { User } from "./api";

/** Trainers (and super admins) write courses. */
export function authors(user: User | undefined): boolean {
  return Boolean(user?.roles.some((role) => role === "trainer" || role === "super-admin"));
}

/** Admins, super admins and team leaders follow units (a team leader their own team). */
export function manages(user: User | undefined): boolean {
  return Boolean(user?.roles.some((role) => role === "admin" || role === "super-admin" || role === "team-leader"));
}

/**
 * Where someone lands after signing in and on `/`: staff on their own work (managing first, then authoring),
 * members on the course catalogue. Undefined for a member.
 */
export function staffHome(user: User | undefined): "/admin" | "/trainer" | undefined {
  if (manages(user)) return "/admin";
  if (authors(user)) return "/trainer";
  return undefined;
}

/** The course catalogue: `/` for a member; staff, whose `/` is their work, find it at `/learn`. */
export function learnerHome(user: User | undefined): "/" | "/learn" {
  return staffHome(user) ? "/learn" : "/";
}

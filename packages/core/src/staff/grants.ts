import { ROLES, type Role } from "../model/people";
import { NATION_UNIT_ID, STAFF_ROLES, type StaffGrant } from "../model/staff";

/**
 * The grants a person holds. Accounts that predate per-unit roles (no `grants` on the profile) hold what their
 * roles and unit say: admin or team leader of `unitId`, trainer of `unitId` or, without one, of the nation. The
 * first appointment or removal on such an account writes these down (Staff, changeGrants).
 */
export function grantsOf(user: { roles: readonly Role[]; unitId: string | null; grants?: readonly StaffGrant[] }): StaffGrant[] {
  if (user.grants) return [...user.grants];
  const grants: StaffGrant[] = [];
  if (user.roles.includes("admin") && user.unitId) grants.push({ unitId: user.unitId, role: "admin" });
  if (user.roles.includes("trainer")) grants.push({ unitId: user.unitId ?? NATION_UNIT_ID, role: "trainer" });
  if (user.roles.includes("team-leader") && user.unitId) grants.push({ unitId: user.unitId, role: "team-leader" });
  return grants;
}

/**
 * The coarse `roles` list that goes with a set of grants (what older clients and `requireRole` read): admin and
 * trainer when held anywhere, team leader when held for the person's own team; every other role (member,
 * super-admin, …) is kept.
 * Someone counted as a member of their team stays one when they stop leading it.
 */
export function rolesWith(user: { roles: readonly Role[]; unitId: string | null }, grants: readonly StaffGrant[]): Role[] {
  const roles = new Set<Role>(user.roles.filter((role) => !(STAFF_ROLES as readonly Role[]).includes(role)));
  if (grants.some((grant) => grant.role === "admin")) roles.add("admin");
  if (grants.some((grant) => grant.role === "trainer")) roles.add("trainer");
  if (grants.some((grant) => grant.role === "team-leader" && grant.unitId === user.unitId)) roles.add("team-leader");
  else if (user.roles.includes("team-leader")) roles.add("member");
  return ROLES.filter((role) => roles.has(role));
}

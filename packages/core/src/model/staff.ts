/**
 * Staff roles held per unit (docs/security.md "Roles held per unit"). A person holds any number of grants
 * `{unitId, role}`: admin of a province and trainer for it, team leader of a team, admin of the nation (a national
 * administrator). Tokens carry the grants; admin scope is the subtree of each unit held as admin.
 */
export const STAFF_ROLES = ["admin", "trainer", "team-leader"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffGrant {
  unitId: string;
  role: StaffRole;
}

/** The root of the unit tree: admin here is a national administrator. */
export const NATION_UNIT_ID = "vn";

/** Where each role may be held, by the kind of unit. */
export const ROLE_HELD_AT: Record<StaffRole, readonly string[]> = {
  admin: ["nation", "province", "district", "commune"],
  trainer: ["nation", "province"],
  "team-leader": ["team", "village"],
};

/** A person holds few grants; tokens carry them all. */
export const MAX_GRANTS = 20;

export const sameGrant = (a: StaffGrant, b: StaffGrant) => a.unitId === b.unitId && a.role === b.role;

/** GET /admin/units/:unitId/staff */
export interface StaffList {
  unit: { id: string; name: string; kind: string };
  /** The roles the viewer may appoint (and remove) at this unit. */
  grantable: StaffRole[];
  items: StaffMember[];
}

export interface StaffMember {
  userId: string;
  fullName: string;
  /** Masked, as admins see every phone. */
  phone: string;
  role: StaffRole;
  /** Has not activated the account yet. */
  pending: boolean;
  active: boolean;
  /** The viewer's own role (it cannot be removed by the viewer). */
  self: boolean;
}

/** POST /admin/units/:unitId/staff → 201 */
export interface StaffAppointed {
  userId: string;
  role: StaffRole;
  unitId: string;
  /** Only when the person has no active account yet: handed over once, never shown again. */
  activationCode?: string;
  expiresAt?: string;
}

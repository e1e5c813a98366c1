import { randomBytes } from "node:crypto";
import type { Audit } from "../audit";
import type { Session } from "../auth";
import { assertCanOversee } from "../auth/scope";
import type { Unit } from "../unit";
import { User } from "../user";

/**
 * Making someone a team's leader, in one place. Today a leader is a member of the team with the roles
 * ["team-leader", "member"] (the team is their `unitId`); when per-unit staff grants land, `appoint` is the one
 * function to switch to a grant on the team.
 */
export const LEADER_ROLES = ["team-leader", "member"] as const satisfies readonly User.Role[];

/** Where a phone's account stands for leading `team`, without changing anything. */
export type LeaderCheck =
  | { kind: "new" }
  | { kind: "same"; user: User.Info }
  | { kind: "assign"; user: User.Info }
  | { kind: "other-team"; user: User.Info }
  | { kind: "outside" };

/**
 * `team` is undefined in a dry run for a team not created yet. An account in another team (or administering a
 * unit) is not moved silently; an account outside the admin's units is not revealed by a dry run (it reads as
 * new, as in the member import) and refused on the real run.
 */
export async function check(phone: string, team: Unit.Info | undefined, session: Session, dryRun: boolean): Promise<LeaderCheck> {
  const id = await User.idByPhone(phone);
  const user = id ? await User.get(id) : undefined;
  if (!user) return { kind: "new" };
  if (!user.unitId) return dryRun ? { kind: "new" } : { kind: "outside" };
  const inScope = await assertCanOversee(session, user.unitId).then(
    () => true,
    () => false,
  );
  if (!inScope) return dryRun ? { kind: "new" } : { kind: "outside" };
  if (team && user.unitId === team.id) {
    return LEADER_ROLES.every((role) => user.roles.includes(role)) ? { kind: "same", user } : { kind: "assign", user };
  }
  return { kind: "other-team", user };
}

/** Makes the person leader of `team`: a pending account (activated with a one-time code) when the phone has none. */
export async function appoint(
  team: Unit.Info,
  leader: { phone: string; fullName: string },
  checked: Extract<LeaderCheck, { kind: "new" | "same" | "assign" }>,
  actor: Audit.Actor,
): Promise<User.Info> {
  if (checked.kind === "same") return checked.user;
  if (checked.kind === "assign") {
    const roles = [...new Set([...checked.user.roles, ...LEADER_ROLES])];
    return User.updateProfile(checked.user.id, { fullName: checked.user.fullName, unitId: team.id, roles }, actor);
  }
  return User.ensure({
    phone: leader.phone,
    fullName: leader.fullName,
    // Never used: a pending account has no password until its owner activates it (User.ensure stores none).
    password: randomBytes(12).toString("base64url"),
    roles: [...LEADER_ROLES],
    unitId: team.id,
    pending: true,
  });
}

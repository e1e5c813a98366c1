import type { Session } from "../auth";
import { assertCanOversee, isAdmin } from "../auth/scope";
import { VisibleError } from "../error";
import { Unit } from "../unit";

/** The link in a join code's QR: the register screen fills the code in from `?code=`. */
export function joinLink(baseUrl: string, joinCode: string) {
  return `${baseUrl.replace(/\/$/, "")}/register?code=${encodeURIComponent(joinCode)}`;
}

/**
 * One A4 sheet (or more) with every team of a commune: name, join code and QR, to cut up and hand out at a
 * meeting. Only an admin over the commune may print it; anyone else is told it does not exist.
 */
export async function joinCodeSheet(viewer: Session, unitId: string, baseUrl: string, now = new Date()) {
  if (!isAdmin(viewer)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  const unit = await assertCanOversee(viewer, unitId);
  if (unit.kind !== "commune") throw new VisibleError("unit.not_a_commune", "Join code sheets are printed for a commune.");
  const teams = (await Unit.children(unit.id)).filter((child) => Unit.holdsMembers(child.kind) && child.joinCode);
  const province = unit.parentId ? await Unit.get(unit.parentId) : undefined;
  const { renderJoinCodeSheet } = await import("./sheet-pdf");
  const pdf = await renderJoinCodeSheet(
    { name: unit.name, provinceName: province?.name },
    teams.map((team) => ({ name: team.name, joinCode: team.joinCode!, link: joinLink(baseUrl, team.joinCode!) })),
    now,
  );
  return { pdf, filename: `ma-tham-gia-${unit.code.toLowerCase()}.pdf` };
}

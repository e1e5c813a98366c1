import type { Session } from "../auth";
import { administersFromAbove } from "../auth/scope";
import { VisibleError } from "../error";
import type { Unit } from "../unit";

/** Merging, archiving and recoding are decided above a unit: never by its own admin, never for the top unit. */
export function assertFromAbove(viewer: Session, unit: Unit.Info) {
  if (!unit.parentId) throw new VisibleError("unit.reorganise_root", "The top unit cannot be merged or archived.");
  if (!administersFromAbove(viewer, unit))
    throw new VisibleError("unit.reorganise_own", "You cannot merge, archive or recode the unit you administer; ask an admin above you.");
}

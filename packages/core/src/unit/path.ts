import type { Info } from "./tree";

/** Ids from the root down to and including this unit. */
export function lineage(unit: Pick<Info, "path">): string[] {
  return unit.path.split("/").filter(Boolean);
}

/** True when `unit` is `scope` itself or lies anywhere below it. */
export function isWithin(unit: Pick<Info, "path">, scope: Pick<Info, "path">): boolean {
  return unit.path.startsWith(scope.path);
}

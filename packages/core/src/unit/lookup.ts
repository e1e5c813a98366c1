import { VisibleError } from "../error";
import { resolve } from "./alias";
import { children } from "./tree";
import { NATION } from "./official-map";

/** One line of the public province and commune lists (the register screen's picker). */
export interface PlaceName {
  code: string;
  name: string;
}

const byName = (a: PlaceName, b: PlaceName) => a.name.localeCompare(b.name, "vi");

/** Every province, sorted by name: one query of the nation's children. */
export async function provinces(): Promise<PlaceName[]> {
  return (await children(NATION.id!))
    .filter((unit) => unit.kind === "province" && !unit.mergedInto)
    .map(({ code, name }) => ({ code, name }))
    .sort(byName);
}

/** A province's communes, sorted by name; the province by its official code (or an alias of it). */
export async function communes(provinceCode: string): Promise<PlaceName[]> {
  const province = /^[A-Za-z0-9-]{2,40}$/.test(provinceCode) ? await resolve(provinceCode) : undefined;
  if (province?.kind !== "province") throw new VisibleError("unit.not_found", "No province has this code.", { params: { code: provinceCode } });
  return (await children(province.id))
    .filter((unit) => unit.kind === "commune" && !unit.mergedInto)
    .map(({ code, name }) => ({ code, name }))
    .sort(byName);
}

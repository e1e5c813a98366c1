import * as z from "zod/mini";
import "../zod-locale";
import { queryPartition } from "../db/query";
import { matchScore, SEARCH_QUERY_MAX, tokenize, UNIT_SEARCH_LIMITS, type UnitSearchItem, type UnitSearchResults } from "../model";
import { lineage } from "./path";
import type { Info } from "./tree";
import { unitKeys } from "./unit.entity";

/**
 * An admin's search of the units under one they administer, by name, for GET /admin/units/:unitId/unit-search.
 *
 * No index of names is kept: the units are read from the indexes the tree already has, and matched here with
 * the shared matcher (model/search.ts), so a rename, move, merge or official-map load is found at once and no
 * writer has one more item to keep right. What one search reads, at the 2025 map's scale (34 provinces, 3,321
 * communes, ~74,000 teams; a unit item is ~0.4 KB, only the attributes below are returned):
 *  - under a commune (~25 teams): one Query of gsi2 `UNITTREE` begins_with its path, one page, ~2 RCU;
 *  - under a province (Sơn La: ~3,200 units, ~1.3 MB): the same Query over 2 pages, ~160 RCU (eventually
 *    consistent), stopping at UNIT_SEARCH_LIMITS.read units (`partial`);
 *  - under the nation, whose subtree (~77,000 units, ~30 MB) is too large to read per request: two levels only,
 *    gsi1 `CHILDREN#vn` and then the 34 provinces' `CHILDREN#…` in parallel (~3,400 units, ~170 RCU); a team
 *    is found from its province or commune (`depth` says so).
 */

/** The query string: 1–100 characters with at least one letter or digit. */
export const SearchQuery = z.object({
  q: z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(SEARCH_QUERY_MAX),
    z.refine((q) => tokenize(q).length > 0, "Type at least one letter or digit"),
  ),
});

/** Levels below a root (a unit with no parent) that a search reads: the subtree of the nation is too large. */
const ROOT_DEPTH = 2;

const ATTRIBUTES = ["id", "name", "kind", "code", "path", "archivedAt"] as const;
type Listed = Pick<Info, (typeof ATTRIBUTES)[number]>;

/** The units a search under `root` reads, the root included, and whether the read stopped at the limit. */
async function unitsUnder(root: Info): Promise<{ units: Listed[]; partial: boolean; depth: number | null }> {
  if (root.parentId === null) {
    const levels: Listed[][] = [[root]];
    for (let depth = 1; depth <= ROOT_DEPTH; depth++) {
      const parents = levels[depth - 1]!;
      const found = await Promise.all(
        parents.map((parent) => queryPartition<Listed>(unitKeys.childrenOf(parent.id), { index: "gsi1", attributes: ATTRIBUTES })),
      );
      levels.push(found.flat());
    }
    return { units: levels.flat(), partial: false, depth: ROOT_DEPTH };
  }
  const units = await queryPartition<Listed>(unitKeys.treePartition, {
    index: "gsi2",
    prefix: root.path,
    attributes: ATTRIBUTES,
    limit: UNIT_SEARCH_LIMITS.read + 1,
  });
  return { units: units.slice(0, UNIT_SEARCH_LIMITS.read), partial: units.length > UNIT_SEARCH_LIMITS.read, depth: null };
}

/**
 * Units under `root` (not the root itself, nor archived ones) whose name matches the query, or whose code is
 * the query: the best fits first ("son la" puts Tỉnh Sơn La before Tỉnh Lạng Sơn), then the shallowest, then by
 * name. The caller has checked that the person administers `root`.
 */
export async function search(root: Info, query: string): Promise<UnitSearchResults> {
  const { units, partial, depth } = await unitsUnder(root);
  const names = new Map(units.map((unit) => [unit.id, unit.name]));
  const code = query.trim().toUpperCase();
  const rootDepth = lineage(root).length;
  const found = units
    .filter((unit) => unit.id !== root.id && !unit.archivedAt && unit.path.startsWith(root.path))
    .flatMap((unit) => {
      const fit = unit.code === code ? Number.POSITIVE_INFINITY : matchScore(query, unit.name);
      return fit === undefined ? [] : [{ unit, fit, chain: lineage(unit).slice(rootDepth - 1) }];
    })
    .sort((a, b) => b.fit - a.fit || a.chain.length - b.chain.length || a.unit.name.localeCompare(b.unit.name, "vi"));
  const items = found.slice(0, UNIT_SEARCH_LIMITS.results).map(
    ({ unit, chain }): UnitSearchItem => ({
      unitId: unit.id,
      name: unit.name,
      kind: unit.kind,
      code: unit.code,
      path: chain.map((id) => names.get(id) ?? id),
    }),
  );
  return { items, more: found.length > items.length, partial, depth };
}

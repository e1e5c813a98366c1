import type { UnitKind } from "./wire";

/**
 * An admin's search of the units in their scope by name (GET /admin/units/:unitId/unit-search?q=), matched as
 * every search here is (./search.ts: no diacritics, đ/dd, y/i, optional spaces, initials). How it reads the
 * subtree and what it costs: packages/core/src/unit/search.ts.
 */
export const UNIT_SEARCH_LIMITS = {
  /** Matches answered at most, shallowest first: more means the admin should type more. */
  results: 30,
  /**
   * Units read at most for one search. A province (Sơn La: 75 communes and about 3,100 teams) fits many times
   * over; a subtree beyond it is searched in its first units by path, and the answer says so (`partial`).
   */
  read: 12_000,
} as const;

export interface UnitSearchItem {
  unitId: string;
  name: string;
  kind: UnitKind;
  code: string;
  /** Names from the unit searched under down to this unit, both included ("Tỉnh Sơn La › Xã Mường Bú › Tổ …"). */
  path: string[];
}

/** GET /admin/units/:unitId/unit-search?q= */
export interface UnitSearchResults {
  items: UnitSearchItem[];
  /** More units matched than `items` holds. */
  more: boolean;
  /** Not every unit of the subtree was read (more than UNIT_SEARCH_LIMITS.read). */
  partial: boolean;
  /**
   * Levels below the unit searched under that were searched, when not all of them: the nation's search covers
   * provinces and communes (two levels); teams are found from their province or commune.
   */
  depth: number | null;
}

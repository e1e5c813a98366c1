/** Storage keys for units, their unique codes and their counters. Access patterns: see packages/core/README.md. */
export const unitKeys = {
  unit: (id: string) => ({ pk: `UNIT#${id}`, sk: "UNIT" }),
  /** gsi1: the children of a unit, sorted by name. */
  children: (parentId: string | null, name: string, id: string) => ({
    gsi1pk: `CHILDREN#${parentId ?? "ROOT"}`,
    gsi1sk: `${name.toLocaleLowerCase("vi")}#${id}`,
  }),
  childrenOf: (parentId: string | null) => `CHILDREN#${parentId ?? "ROOT"}`,
  /** gsi2: every unit by materialised path, so a subtree is one begins_with query. */
  tree: (path: string) => ({ gsi2pk: "UNITTREE", gsi2sk: path }),
  treePartition: "UNITTREE",
  code: (code: string) => ({ pk: `UNITCODE#${code.toUpperCase()}`, sk: "UNITCODE" }),
  /** Counters for a unit's whole subtree: members, and completions per course. */
  stats: (unitId: string) => ({ pk: `UNIT#${unitId}`, sk: "STATS" }),
  courseStats: (unitId: string, courseId: string) => ({ pk: `UNIT#${unitId}`, sk: `STATS#COURSE#${courseId}` }),
  courseStatsPrefix: "STATS#COURSE#",
  /** Members active (learned something) in a calendar month, per unit subtree. */
  activeMonth: (unitId: string, month: string) => ({ pk: `UNIT#${unitId}`, sk: `ACTIVE#${month}` }),
  activePrefix: "ACTIVE#",
  /** Completions per day per unit subtree, for the line chart. */
  daily: (unitId: string, day: string) => ({ pk: `UNIT#${unitId}`, sk: `DAILY#${day}` }),
  dailyPrefix: "DAILY#",
  joinCode: (code: string) => ({ pk: `JOINCODE#${code.toUpperCase()}`, sk: "JOINCODE" }),
};

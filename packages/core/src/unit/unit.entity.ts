/** Storage keys for units, their unique codes and their counters. Access patterns: see packages/core/README.md. */
const partition = (unitId: string) => `UNIT#${unitId}`;
const STATS = "STATS";

export const unitKeys = {
  partition,
  unit: (id: string) => ({ pk: partition(id), sk: "UNIT" }),
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
  /**
   * Counters for a unit's whole subtree: members, attempts and scores (STATS), completions per course, members
   * active per month, completions per day. A counter may be split over shards (`…@3`) so that concurrent
   * transactions do not all update one item (see COUNTER_SHARDS in ./counters.ts); shard 0 is the plain key,
   * and a reader adds the shards up (`counterOf`).
   */
  stats: (unitId: string, shard = 0) => ({ pk: partition(unitId), sk: `${STATS}${shardSuffix(shard)}` }),
  courseStats: (unitId: string, courseId: string, shard = 0) => ({ pk: partition(unitId), sk: `STATS#COURSE#${courseId}${shardSuffix(shard)}` }),
  courseStatsPrefix: "STATS#COURSE#",
  activeMonth: (unitId: string, month: string, shard = 0) => ({ pk: partition(unitId), sk: `ACTIVE#${month}${shardSuffix(shard)}` }),
  activePrefix: "ACTIVE#",
  daily: (unitId: string, day: string, shard = 0) => ({ pk: partition(unitId), sk: `DAILY#${day}${shardSuffix(shard)}` }),
  dailyPrefix: "DAILY#",
  /**
   * Help given to residents in a month (field work, activity/), by the month the help was given: people and
   * sessions, and the same per basic skill and per outcome as attributes of the one item (`s.<skill>.people`…),
   * so a unit's month is one small query. The all-time total of people helped is on STATS (`helped`).
   */
  helpedMonth: (unitId: string, month: string, shard = 0) => ({ pk: partition(unitId), sk: `HELPED#${month}${shardSuffix(shard)}` }),
  helpedPrefix: "HELPED#",
  /**
   * Sort-key windows of the counter reader (Unit.stats): every STATS item (STATS and STATS#COURSE#…, all shards),
   * and the ACTIVE#… or DAILY#… items from a month or a day on. "~" sorts after every character a key holds.
   */
  statsPrefix: STATS,
  activeFrom: (month: string) => [`ACTIVE#${month}`, "ACTIVE#~"] as const,
  dailyFrom: (day: string) => [`DAILY#${day}`, "DAILY#~"] as const,
  helpedFrom: (month: string) => [`HELPED#${month}`, "HELPED#~"] as const,
  /**
   * A team's help per Vietnam calendar day (its own partition only, not its ancestors): people, sessions and the
   * set of members who recorded help, so the effectiveness score reads a rolling 30 days in one small query
   * (effectiveness/). Expires (TTL) once no window can reach it.
   */
  helpDay: (unitId: string, day: string) => ({ pk: partition(unitId), sk: `HELPDAY#${day}` }),
  helpDayFrom: (day: string) => [`HELPDAY#${day}`, "HELPDAY#~"] as const,
  /** A team's monthly target of people helped (field work), set by an admin over it. */
  fieldWorkTarget: (unitId: string) => ({ pk: partition(unitId), sk: "FIELDTARGET" }),
  joinCode: (code: string) => ({ pk: `JOINCODE#${code.toUpperCase()}`, sk: "JOINCODE" }),
  /** Which edition of the official map was loaded in full (./official-map.ts), so loading it again is one read. */
  officialMap: { pk: "OFFICIALMAP", sk: "OFFICIALMAP" },
  /**
   * One part of a counter shift too large for one transaction (a move or merge carrying its history), written in
   * that part's transaction with attribute_not_exists: a retried part is recognised and not counted twice. The
   * plan holds the counter totals the shift moves, read once, so every retry moves the same numbers. TTL.
   */
  shiftPlan: (operationId: string) => ({ pk: `SHIFT#${operationId}`, sk: "PLAN" }),
  shiftPart: (operationId: string, part: number) => ({ pk: `SHIFT#${operationId}`, sk: `PART#${String(part).padStart(5, "0")}` }),
};

/** Course ids, months and days never contain "@" (course/schema.ts CourseId), so the suffix is unambiguous. */
const SHARD_SEPARATOR = "@";
const shardSuffix = (shard: number) => (shard ? `${SHARD_SEPARATOR}${shard}` : "");

/** The counter a (possibly sharded) sort key belongs to: `STATS#COURSE#c1@3` → `STATS#COURSE#c1`. */
export function counterOf(sk: string): string {
  const at = sk.lastIndexOf(SHARD_SEPARATOR);
  return at > 0 && /^\d+$/.test(sk.slice(at + 1)) ? sk.slice(0, at) : sk;
}

import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { lineage } from "./path";
import type { Info } from "./tree";
import { counterOf, unitKeys } from "./unit.entity";

/** Days a team's HELPDAY# item is kept after its day: the 30-day window, and room for records made late. */
const HELP_DAY_KEPT_DAYS = 62;

export const Stats = z.object({
  /** Learners counted in rates: members and team leaders, active, activated (docs/effectiveness.md). */
  members: z.number(),
  /** Member accounts an admin created that nobody has activated yet: shown apart, not in any rate. */
  pending: z.number(),
  /** Residents registered as citizens (no team): shown apart, in no member figure. */
  citizens: z.number(),
  completedByCourse: z.record(z.string(), z.number()),
  /** Quiz attempts graded and the sum of their scores (average = scoreSum / attempts). */
  attempts: z.number(),
  scoreSum: z.number(),
  /** People or households helped by the subtree's members, all time (field work, activity/). */
  helped: z.number(),
  lastActivityAt: z.nullable(z.string()),
  activeByMonth: z.record(z.string(), z.number()),
  completionsByDay: z.record(z.string(), z.number()),
});
export type Stats = z.infer<typeof Stats>;

/**
 * How many items each counter of a unit is spread over, by the unit's depth (0 = the nation). Every attempt in
 * the country adds to the nation's counters and every attempt in a province to the province's. DynamoDB cancels
 * a transaction that meets another one in flight on the same item (TransactionConflict), so one counter item
 * there would make learners' submissions across the country wait on each other. Each transaction adds to one
 * shard picked at random; readers add the shards up. The shards share the unit's partition (one query reads
 * them); under sustained load DynamoDB splits a hot partition by sort key, which spreads them further.
 * Communes and teams see a few learners at a time and keep one item. Changing these numbers needs no
 * migration: shard 0 is the plain key.
 */
export const COUNTER_SHARDS: readonly number[] = [32, 8];

/** The units of a lineage from the root down, each with the counter shard this write goes to. */
function counterTargets(unitIds: string[]): { unitId: string; shard: number }[] {
  return unitIds.map((unitId, depth) => ({ unitId, shard: Math.floor(Math.random() * (COUNTER_SHARDS[depth] ?? 1)) }));
}

/**
 * The subtree counters of a unit, adding up their shards, read with small queries in the unit's partition:
 * STATS and STATS#COURSE#… always, ACTIVE#… for the last `months` months (this one by default) and DAILY#… for
 * the last `days` days (none by default), so a report does not read every day since the start for each unit.
 */
export async function stats(unitId: string, window: { days?: number; months?: number } = {}, now = new Date()): Promise<Stats> {
  const { days = 0, months = 1 } = window;
  const partition = unitKeys.partition(unitId);
  const firstDay = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString().slice(0, 7);
  const pages = await Promise.all([
    queryPartition<Record<string, unknown>>(partition, { prefix: unitKeys.statsPrefix }),
    months > 0 ? queryPartition<Record<string, unknown>>(partition, { between: unitKeys.activeFrom(firstMonth) }) : [],
    days > 0 ? queryPartition<Record<string, unknown>>(partition, { between: unitKeys.dailyFrom(firstDay) }) : [],
  ]);
  const result: Stats = {
    members: 0,
    pending: 0,
    citizens: 0,
    completedByCourse: {},
    attempts: 0,
    scoreSum: 0,
    helped: 0,
    lastActivityAt: null,
    activeByMonth: {},
    completionsByDay: {},
  };
  const add = (into: Record<string, number>, key: string, n: unknown) => (into[key] = (into[key] ?? 0) + Number(n ?? 0));
  for (const item of pages.flat()) {
    const counter = counterOf(String(item.sk));
    if (counter === unitKeys.stats(unitId).sk) {
      result.members += Number(item.members ?? 0);
      result.pending += Number(item.pending ?? 0);
      result.citizens += Number(item.citizens ?? 0);
      result.attempts += Number(item.attempts ?? 0);
      result.scoreSum += Number(item.scoreSum ?? 0);
      result.helped += Number(item.helped ?? 0);
      const at = item.lastActivityAt as string | undefined;
      if (at && (!result.lastActivityAt || at > result.lastActivityAt)) result.lastActivityAt = at;
    } else if (counter.startsWith(unitKeys.courseStatsPrefix)) add(result.completedByCourse, counter.slice(unitKeys.courseStatsPrefix.length), item.completed);
    else if (counter.startsWith(unitKeys.activePrefix)) add(result.activeByMonth, counter.slice(unitKeys.activePrefix.length), item.members);
    else if (counter.startsWith(unitKeys.dailyPrefix)) add(result.completionsByDay, counter.slice(unitKeys.dailyPrefix.length), item.completed);
  }
  return result;
}

/**
 * Transaction items that add members (or, with `{ pending }`, accounts not yet activated, with `{ citizens }`
 * residents registered as citizens) to a unit and every
 * ancestor: one update per unit, so an activation moves a person from pending to members in one item.
 */
export function memberCounterUpdates(unit: Pick<Info, "path">, delta: number | { members?: number; pending?: number; citizens?: number }) {
  const { table } = db();
  const { members = 0, pending = 0, citizens = 0 } = typeof delta === "number" ? { members: delta } : delta;
  return counterTargets(lineage(unit)).map(({ unitId, shard }) => ({
    Update: {
      TableName: table,
      Key: unitKeys.stats(unitId, shard),
      UpdateExpression: citizens ? "ADD members :members, pending :pending, citizens :citizens" : "ADD members :members, pending :pending",
      ExpressionAttributeValues: { ":members": members, ":pending": pending, ...(citizens ? { ":citizens": citizens } : {}) },
    },
  }));
}

/**
 * Transaction items that add `delta` completions of a course to a unit and every ancestor, and (for a new
 * completion, `day` given) to that day's count for the chart.
 */
export function completionCounterUpdates(unit: Pick<Info, "path">, courseId: string, delta: number, day?: string) {
  const { table } = db();
  return counterTargets(lineage(unit)).flatMap(({ unitId, shard }) => [
    {
      Update: {
        TableName: table,
        Key: unitKeys.courseStats(unitId, courseId, shard),
        UpdateExpression: "ADD completed :delta",
        ExpressionAttributeValues: { ":delta": delta },
      },
    },
    ...(day
      ? [
          {
            Update: {
              TableName: table,
              Key: unitKeys.daily(unitId, day, shard),
              UpdateExpression: "ADD completed :delta",
              ExpressionAttributeValues: { ":delta": delta },
            },
          },
        ]
      : []),
  ]);
}

/**
 * Transaction items that move counted members and completions from one unit lineage to another (a member
 * changing team). Ancestors both lineages share are left alone, so no item is updated twice.
 */
export function shiftUpdates(
  from: Pick<Info, "path"> | undefined,
  to: Pick<Info, "path"> | undefined,
  members: number,
  completedCourses: string[],
  pending = 0,
) {
  const { table } = db();
  const delta = new Map<string, { d: number; shard: number }>();
  for (const { unitId, shard } of from ? counterTargets(lineage(from)) : []) delta.set(unitId, { d: (delta.get(unitId)?.d ?? 0) - 1, shard });
  for (const { unitId, shard } of to ? counterTargets(lineage(to)) : []) delta.set(unitId, { d: (delta.get(unitId)?.d ?? 0) + 1, shard });
  const changed = [...delta].filter(([, { d }]) => d !== 0);
  return changed.flatMap(([unitId, { d, shard }]) => [
    ...(members || pending
      ? [
          {
            Update: {
              TableName: table,
              Key: unitKeys.stats(unitId, shard),
              UpdateExpression: "ADD members :d, pending :p",
              ExpressionAttributeValues: { ":d": d * members, ":p": d * pending },
            },
          },
        ]
      : []),
    ...completedCourses.map((courseId) => ({
      Update: {
        TableName: table,
        Key: unitKeys.courseStats(unitId, courseId, shard),
        UpdateExpression: "ADD completed :d",
        ExpressionAttributeValues: { ":d": d },
      },
    })),
  ]);
}

/**
 * Transaction items for learning activity in a unit and every ancestor: a graded attempt adds to the score
 * counters and the last-activity time; the member's first activity of a month counts them as active.
 */
export function activityUpdates(unit: Pick<Info, "path">, activity: { at: string; attempt?: { scorePercent: number }; firstOfMonth: boolean }) {
  const { table } = db();
  const month = activity.at.slice(0, 7);
  return counterTargets(lineage(unit)).flatMap(({ unitId, shard }) => [
    ...(activity.attempt
      ? [
          {
            Update: {
              TableName: table,
              Key: unitKeys.stats(unitId, shard),
              UpdateExpression: "ADD attempts :one, scoreSum :score SET lastActivityAt = :at",
              ExpressionAttributeValues: { ":one": 1, ":score": activity.attempt.scorePercent, ":at": activity.at },
            },
          },
        ]
      : []),
    ...(activity.firstOfMonth
      ? [
          {
            Update: {
              TableName: table,
              Key: unitKeys.activeMonth(unitId, month, shard),
              UpdateExpression: "ADD members :one",
              ExpressionAttributeValues: { ":one": 1 },
            },
          },
        ]
      : []),
  ]);
}

/**
 * Transaction items for one record of help given to residents, in the member's team and every ancestor: the
 * all-time total on STATS, and the month's people and sessions, overall, per basic skill and per outcome, on
 * that month's HELPED# item (see unitKeys.helpedMonth).
 */
export function fieldWorkCounterUpdates(unit: Pick<Info, "path">, record: { month: string; skill: string; outcome: string; people: number }) {
  const { table } = db();
  return counterTargets(lineage(unit)).flatMap(({ unitId, shard }) => [
    {
      Update: {
        TableName: table,
        Key: unitKeys.stats(unitId, shard),
        UpdateExpression: "ADD helped :people",
        ExpressionAttributeValues: { ":people": record.people },
      },
    },
    {
      Update: {
        TableName: table,
        Key: unitKeys.helpedMonth(unitId, record.month, shard),
        UpdateExpression: "ADD people :people, sessions :one, #sp :people, #sn :one, #op :people, #on :one",
        ExpressionAttributeNames: {
          "#sp": `s.${record.skill}.people`,
          "#sn": `s.${record.skill}.sessions`,
          "#op": `o.${record.outcome}.people`,
          "#on": `o.${record.outcome}.sessions`,
        },
        ExpressionAttributeValues: { ":people": record.people, ":one": 1 },
      },
    },
  ]);
}

/**
 * The transaction item for one record of help on the team's own day counter (not its ancestors': only teams are
 * scored on a rolling window): people, sessions and the member who helped, added to a set, so the day also says
 * who was active. Written with the record, so a replay adds nothing.
 */
export function helpDayUpdate(team: Pick<Info, "id">, record: { day: string; people: number; userId: string }) {
  const expiresAt = Math.floor(Date.parse(`${record.day}T00:00:00Z`) / 1000) + HELP_DAY_KEPT_DAYS * 86_400;
  return {
    Update: {
      TableName: db().table,
      Key: unitKeys.helpDay(team.id, record.day),
      UpdateExpression: "ADD people :people, sessions :one, helpers :helper SET expiresAt = :expires",
      ExpressionAttributeValues: { ":people": record.people, ":one": 1, ":helper": new Set([record.userId]), ":expires": expiresAt },
    },
  };
}

/** A team's help from a Vietnam day on (HELPDAY# items): people helped and the members who recorded it. */
export async function helpSince(teamId: string, fromDay: string): Promise<{ people: number; sessions: number; helpers: Set<string> }> {
  const items = await queryPartition<Record<string, unknown>>(unitKeys.partition(teamId), { between: unitKeys.helpDayFrom(fromDay) });
  const helpers = new Set<string>();
  let people = 0;
  let sessions = 0;
  for (const item of items) {
    people += Number(item.people ?? 0);
    sessions += Number(item.sessions ?? 0);
    for (const id of (item.helpers as Set<string> | undefined) ?? []) helpers.add(id);
  }
  return { people, sessions, helpers };
}

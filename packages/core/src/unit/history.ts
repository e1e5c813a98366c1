import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { COUNTER_SHARDS, type Stats, stats } from "./counters";
import { counterOf, unitKeys } from "./unit.entity";

/**
 * Carrying a subtree's counters from one lineage to another in a reorganisation: members, pending accounts,
 * citizens, attempts and scores, completions per course, people helped, and the history (members active per
 * month, completions per day, each month's help by skill and outcome), all time. A move or a merge reads the totals once, then takes them off the units it leaves and adds them to
 * the units it joins. A shift that fits in one transaction goes with the move itself; a larger one (years of
 * daily history across several ancestors) is stored as a plan and applied in parts, each part landing once.
 */

/** Every counter of a unit since the first day: the window a shift reads (a report reads far less). */
const ALL_TIME = { days: 100 * 366, months: 100 * 12 };

/** Each month's field-work counters (HELPED#<month>, all shards added up): people, sessions, per skill and outcome. */
export type HelpedByMonth = Record<string, Record<string, number>>;

/** The attributes of a HELPED# item that are counters (everything numeric but the keys and the expiry). */
const NOT_COUNTERS = new Set(["pk", "sk", "expiresAt"]);

async function helpedByMonth(unitId: string): Promise<HelpedByMonth> {
  const items = await queryPartition<Record<string, unknown>>(unitKeys.partition(unitId), { prefix: unitKeys.helpedPrefix });
  const months: HelpedByMonth = {};
  for (const item of items) {
    const month = counterOf(String(item.sk)).slice(unitKeys.helpedPrefix.length);
    months[month] ??= {};
    const into = months[month];
    for (const [name, value] of Object.entries(item)) if (typeof value === "number" && !NOT_COUNTERS.has(name)) into[name] = (into[name] ?? 0) + value;
  }
  return months;
}

export type Totals = Stats & { helpedByMonth?: HelpedByMonth };

export async function allTimeTotals(unitId: string): Promise<Totals> {
  const [counters, helped] = await Promise.all([stats(unitId, ALL_TIME), helpedByMonth(unitId)]);
  return { ...counters, helpedByMonth: helped };
}

export interface ShiftTarget {
  unitId: string;
  /** Depth in the tree (0 = the nation): how many shards its counters have (COUNTER_SHARDS). */
  depth: number;
}

/**
 * The units a shift takes counters off (in `from` only) and adds them to (in `to` only), from two lineages of
 * ids, root first. Units both share keep their totals, so none is updated twice in one transaction.
 */
export function shiftTargets(from: string[], to: string[]): { leaving: ShiftTarget[]; joining: ShiftTarget[] } {
  const withDepth = (ids: string[]) => ids.map((unitId, depth) => ({ unitId, depth }));
  return {
    leaving: withDepth(from).filter((t) => !to.includes(t.unitId)),
    joining: withDepth(to).filter((t) => !from.includes(t.unitId)),
  };
}

/** Transaction items moving `totals`, in a fixed order (the parts of a retried shift hold the same counters). */
export function totalsShiftUpdates({ leaving, joining }: { leaving: ShiftTarget[]; joining: ShiftTarget[] }, totals: Omit<Totals, "lastActivityAt">) {
  const { table } = db();
  const add = (key: Record<string, string>, expression: string, values: Record<string, number>) => ({
    Update: { TableName: table, Key: key, UpdateExpression: expression, ExpressionAttributeValues: values },
  });
  const sorted = (record: Record<string, number>) =>
    Object.entries(record)
      .filter(([, n]) => n)
      .sort(([a], [b]) => a.localeCompare(b));
  const forTarget = ({ unitId, depth }: ShiftTarget, sign: 1 | -1) => {
    const shard = Math.floor(Math.random() * (COUNTER_SHARDS[depth] ?? 1));
    const counts = totals.members || totals.pending || totals.citizens || totals.attempts || totals.scoreSum || totals.helped;
    return [
      ...(counts
        ? [
            add(unitKeys.stats(unitId, shard), "ADD members :m, pending :p, citizens :c, attempts :a, scoreSum :s, helped :h", {
              ":m": sign * totals.members,
              ":p": sign * totals.pending,
              ":c": sign * (totals.citizens ?? 0),
              ":a": sign * totals.attempts,
              ":s": sign * totals.scoreSum,
              ":h": sign * (totals.helped ?? 0),
            }),
          ]
        : []),
      ...sorted(totals.completedByCourse).map(([courseId, n]) => add(unitKeys.courseStats(unitId, courseId, shard), "ADD completed :n", { ":n": sign * n })),
      ...sorted(totals.activeByMonth).map(([month, n]) => add(unitKeys.activeMonth(unitId, month, shard), "ADD members :n", { ":n": sign * n })),
      ...sorted(totals.completionsByDay).map(([day, n]) => add(unitKeys.daily(unitId, day, shard), "ADD completed :n", { ":n": sign * n })),
      ...Object.entries(totals.helpedByMonth ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([month, counters]) => {
          const entries = sorted(counters);
          return {
            Update: {
              TableName: table,
              Key: unitKeys.helpedMonth(unitId, month, shard),
              UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
              ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
              ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, sign * n])),
            },
          };
        })
        .filter((update) => Object.keys(update.Update.ExpressionAttributeNames).length > 0),
    ];
  };
  return [...leaving.flatMap((t) => forTarget(t, -1)), ...joining.flatMap((t) => forTarget(t, 1))];
}

/** Units that gained a subtree show its last activity when it is later than theirs (a max, so safe to repeat). */
export async function raiseLastActivity(joining: ShiftTarget[], at: string | null) {
  if (!at) return;
  const { doc, table } = db();
  for (const { unitId } of joining) {
    await doc
      .send(
        new UpdateCommand({
          TableName: table,
          Key: unitKeys.stats(unitId),
          UpdateExpression: "SET lastActivityAt = :at",
          ConditionExpression: "attribute_not_exists(lastActivityAt) OR lastActivityAt < :at",
          ExpressionAttributeValues: { ":at": at },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== "ConditionalCheckFailedException") throw err;
      });
  }
}

/** A transaction holds at most 100 items; each part keeps one for its marker. */
const PART_SIZE = 99;
const MONTH = 30 * 24 * 60 * 60;

const expiresAt = () => Math.floor(Date.now() / 1000) + MONTH;

/** True when a transaction was cancelled only because its last item's condition failed (the part's marker). */
function markerExisted(err: unknown, items: number) {
  if ((err as Error).name !== "TransactionCanceledException") return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[items - 1]?.Code === "ConditionalCheckFailed" && reasons.every((r, i) => i === items - 1 || !r.Code || r.Code === "None");
}

/** Sends counter updates in parts, each with its marker, so a retry applies only the parts that had not landed. */
export async function applyInParts(operationId: string, items: object[]) {
  const { doc, table } = db();
  for (let part = 0; part * PART_SIZE < items.length; part++) {
    const transaction = [
      ...items.slice(part * PART_SIZE, (part + 1) * PART_SIZE),
      {
        Put: { TableName: table, Item: { ...unitKeys.shiftPart(operationId, part), expiresAt: expiresAt() }, ConditionExpression: "attribute_not_exists(pk)" },
      },
    ];
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: transaction as never }));
    } catch (err) {
      if (!markerExisted(err, transaction.length)) throw err;
    }
  }
}

interface Plan {
  from: string[];
  to: string[];
  totals: Totals;
}

/** The Put storing a shift's plan: written with the step that decides the shift, once. */
export function planPut(operationId: string, plan: Plan) {
  return {
    Put: {
      TableName: db().table,
      Item: { ...unitKeys.shiftPlan(operationId), ...plan, expiresAt: expiresAt() },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * Runs a shift to the end, once: reads its plan (or, the first time, writes one from `read`), applies the parts
 * that have not landed, then raises the joining units' last activity. Safe to call again after a crash.
 */
export async function shiftOnce(operationId: string, lineages: { from: string[]; to: string[] }, read?: () => Promise<Totals>) {
  const { doc, table } = db();
  const get = async () =>
    (await doc.send(new GetCommand({ TableName: table, Key: unitKeys.shiftPlan(operationId), ConsistentRead: true }))).Item as Plan | undefined;
  let plan = await get();
  if (!plan) {
    if (!read) throw new Error(`The counter shift ${operationId} has no plan`);
    await doc.send(new PutCommand(planPut(operationId, { ...lineages, totals: await read() }).Put)).catch((err: Error) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
    plan = (await get())!;
  }
  const targets = shiftTargets(plan.from, plan.to);
  await applyInParts(operationId, totalsShiftUpdates(targets, plan.totals));
  await raiseLastActivity(targets.joining, plan.totals.lastActivityAt);
}

export * as Unit from "./index";

import { randomInt } from "node:crypto";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { queryAll, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { counterOf, unitKeys } from "./unit.entity";

export const UnitKind = z.enum(["nation", "province", "district", "commune", "village", "team"]);
export type UnitKind = z.infer<typeof UnitKind>;
/** The units members join (with a join code) and belong to; the others group units. */
export const holdsMembers = (kind: UnitKind) => kind === "team" || kind === "village";

export const UnitCode = z.pipe(
  z.string().check(
    z.trim(),
    z.minLength(2, "Unit code must have at least 2 characters"),
    z.maxLength(40, "Unit code must have at most 40 characters"),
    z.regex(/^[A-Za-z0-9-]+$/, "Unit code may contain only letters, digits and hyphens"),
  ),
  z.transform((code: string) => code.toUpperCase()),
);

export const Info = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  parentId: z.nullable(z.string()),
  /** Materialised path of ids from the root, e.g. `/vn/sla/sla-muongbu/`. Ends with this unit's id and `/`. */
  path: z.string(),
  /** The team's current join code, if it has one. */
  joinCode: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const CreateInput = z.object({
  id: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/))),
  code: UnitCode,
  name: z.string().check(z.trim(), z.minLength(1, "Name is required"), z.maxLength(120)),
  kind: UnitKind,
  parentId: z.nullable(z.string().check(z.minLength(1), z.maxLength(80))),
});
export type CreateInput = z.input<typeof CreateInput>;

export async function get(id: string): Promise<Info | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.unit(id) }));
  return Item ? fromItem(Item) : undefined;
}

export const fromItem = (item: Record<string, unknown>) => withoutKeys(item) as Info;

export async function mustGet(id: string): Promise<Info> {
  const unit = await get(id);
  if (!unit) throw new VisibleError("not-found", "unit.not_found", "This unit does not exist.");
  return unit;
}

export async function getByCode(code: string): Promise<Info | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.code(code) }));
  return Item ? get(Item.unitId as string) : undefined;
}

/** Ids from the root down to and including this unit. */
export function lineage(unit: Pick<Info, "path">): string[] {
  return unit.path.split("/").filter(Boolean);
}

/** True when `unit` is `scope` itself or lies anywhere below it. */
export function isWithin(unit: Pick<Info, "path">, scope: Pick<Info, "path">): boolean {
  return unit.path.startsWith(scope.path);
}

/**
 * Creates a unit under a parent. Idempotent on `id` (a retry with the same input returns the same unit);
 * the unit code is unique across the country (uniqueness item in the same transaction).
 */
export async function create(raw: CreateInput): Promise<Info> {
  const input = CreateInput.parse(raw);
  const id = input.id ?? newId("u");
  const parent = input.parentId ? await mustGet(input.parentId) : undefined;
  const existing = await get(id);
  if (existing) {
    if (existing.code === input.code && existing.parentId === input.parentId) return existing;
    throw new VisibleError("conflict", "unit.id_taken", "A unit with this id already exists.");
  }
  const now = new Date().toISOString();
  const unit: Info = {
    id,
    code: input.code,
    name: input.name,
    kind: input.kind,
    parentId: input.parentId,
    path: `${parent?.path ?? "/"}${id}/`,
    createdAt: now,
    updatedAt: now,
  };
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...unitKeys.unit(id), ...unitKeys.children(unit.parentId, unit.name, id), ...unitKeys.tree(unit.path), ...unit },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...unitKeys.code(unit.code), unitId: id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      const again = await get(id);
      if (again && again.code === unit.code) return again;
      throw new VisibleError("conflict", "unit.code_taken", `The unit code ${unit.code} is already used by another unit.`);
    }
    throw err;
  }
  return unit;
}

export async function children(parentId: string): Promise<Info[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": unitKeys.childrenOf(parentId) },
  });
  return items.map((item) => withoutKeys(item) as Info);
}

/** Every unit in a subtree (including its root), in path order. */
export async function subtree(root: Pick<Info, "path">): Promise<Info[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :path)",
    ExpressionAttributeValues: { ":pk": unitKeys.treePartition, ":path": root.path },
  });
  return items.map((item) => withoutKeys(item) as Info);
}

export const Stats = z.object({
  members: z.number(),
  completedByCourse: z.record(z.string(), z.number()),
  /** Quiz attempts graded and the sum of their scores (average = scoreSum / attempts). */
  attempts: z.number(),
  scoreSum: z.number(),
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
  const pk = unitKeys.unit(unitId).pk;
  const range = (from: string, to: string) =>
    queryAll<Record<string, unknown>>({ KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to", ExpressionAttributeValues: { ":pk": pk, ":from": from, ":to": to } });
  const firstDay = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const firstMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString().slice(0, 7);
  const pages = await Promise.all([
    range("STATS", "STATS~"),
    months > 0 ? range(`${unitKeys.activePrefix}${firstMonth}`, `${unitKeys.activePrefix}~`) : [],
    days > 0 ? range(`${unitKeys.dailyPrefix}${firstDay}`, `${unitKeys.dailyPrefix}~`) : [],
  ]);
  const result: Stats = { members: 0, completedByCourse: {}, attempts: 0, scoreSum: 0, lastActivityAt: null, activeByMonth: {}, completionsByDay: {} };
  const add = (into: Record<string, number>, key: string, n: unknown) => (into[key] = (into[key] ?? 0) + Number(n ?? 0));
  for (const item of pages.flat()) {
    const counter = counterOf(String(item.sk));
    if (counter === "STATS") {
      result.members += Number(item.members ?? 0);
      result.attempts += Number(item.attempts ?? 0);
      result.scoreSum += Number(item.scoreSum ?? 0);
      const at = item.lastActivityAt as string | undefined;
      if (at && (!result.lastActivityAt || at > result.lastActivityAt)) result.lastActivityAt = at;
    } else if (counter.startsWith(unitKeys.courseStatsPrefix)) add(result.completedByCourse, counter.slice(unitKeys.courseStatsPrefix.length), item.completed);
    else if (counter.startsWith(unitKeys.activePrefix)) add(result.activeByMonth, counter.slice(unitKeys.activePrefix.length), item.members);
    else if (counter.startsWith(unitKeys.dailyPrefix)) add(result.completionsByDay, counter.slice(unitKeys.dailyPrefix.length), item.completed);
  }
  return result;
}

/** Transaction items that add `delta` members to a unit and every ancestor. */
export function memberCounterUpdates(unit: Pick<Info, "path">, delta: number) {
  const { table } = db();
  return counterTargets(lineage(unit)).map(({ unitId, shard }) => ({
    Update: {
      TableName: table,
      Key: unitKeys.stats(unitId, shard),
      UpdateExpression: "ADD members :delta",
      ExpressionAttributeValues: { ":delta": delta },
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
      ? [{ Update: { TableName: table, Key: unitKeys.daily(unitId, day, shard), UpdateExpression: "ADD completed :delta", ExpressionAttributeValues: { ":delta": delta } } }]
      : []),
  ]);
}

/**
 * Transaction items that move counted members and completions from one unit lineage to another (a member
 * changing team). Ancestors both lineages share are left alone, so no item is updated twice.
 */
export function shiftUpdates(from: Pick<Info, "path"> | undefined, to: Pick<Info, "path"> | undefined, members: number, completedCourses: string[]) {
  const { table } = db();
  const delta = new Map<string, { d: number; shard: number }>();
  for (const { unitId, shard } of from ? counterTargets(lineage(from)) : []) delta.set(unitId, { d: (delta.get(unitId)?.d ?? 0) - 1, shard });
  for (const { unitId, shard } of to ? counterTargets(lineage(to)) : []) delta.set(unitId, { d: (delta.get(unitId)?.d ?? 0) + 1, shard });
  const changed = [...delta].filter(([, { d }]) => d !== 0);
  return changed.flatMap(([unitId, { d, shard }]) => [
    ...(members ? [{ Update: { TableName: table, Key: unitKeys.stats(unitId, shard), UpdateExpression: "ADD members :d", ExpressionAttributeValues: { ":d": d * members } } }] : []),
    ...completedCourses.map((courseId) => ({
      Update: { TableName: table, Key: unitKeys.courseStats(unitId, courseId, shard), UpdateExpression: "ADD completed :d", ExpressionAttributeValues: { ":d": d } },
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
      ? [{ Update: { TableName: table, Key: unitKeys.activeMonth(unitId, month, shard), UpdateExpression: "ADD members :one", ExpressionAttributeValues: { ":one": 1 } } }]
      : []),
  ]);
}

export const JoinCode = z.pipe(
  z.string().check(z.trim(), z.minLength(4), z.maxLength(40), z.regex(/^[A-Za-z0-9-]+$/, "A join code contains only letters, digits and hyphens")),
  z.transform((code: string) => code.toUpperCase()),
);

/** Creates (or re-activates) a join code that registers people into a team. Idempotent. */
export async function setJoinCode(unitId: string, rawCode: string): Promise<void> {
  const code = JoinCode.parse(rawCode);
  await mustGet(unitId);
  const { doc, table } = db();
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: unitKeys.joinCode(code),
        UpdateExpression: "SET unitId = :unit, active = :yes",
        ConditionExpression: "attribute_not_exists(pk) OR unitId = :unit",
        ExpressionAttributeValues: { ":unit": unitId, ":yes": true },
      }),
    );
    await doc.send(new UpdateCommand({ TableName: table, Key: unitKeys.unit(unitId), UpdateExpression: "SET joinCode = :code", ExpressionAttributeValues: { ":code": code } }));
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") {
      throw new VisibleError("conflict", "unit.join_code_taken", "This join code belongs to another team.");
    }
    throw err;
  }
}

/** The team a join code registers into, or an input error that says the code is wrong. */
export async function resolveJoinCode(rawCode: string): Promise<Info> {
  const parsed = JoinCode.safeParse(rawCode);
  const invalid = new VisibleError("input", "auth.join_code_invalid", "This team join code is not valid. Ask your team leader for the current code.");
  if (!parsed.success) throw invalid;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.joinCode(parsed.data) }));
  if (!Item || Item.active !== true) throw invalid;
  const unit = await get(Item.unitId as string);
  if (!unit) throw invalid;
  return unit;
}

/** Renames a unit (audited). */
export async function rename(id: string, name: string, actor: { userId: string; address?: string }): Promise<Info> {
  const unit = await mustGet(id);
  const clean = z.string().check(z.trim(), z.minLength(1, "Name is required"), z.maxLength(120)).parse(name);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: unitKeys.unit(id),
            UpdateExpression: "SET #name = :name, gsi1sk = :sort, updatedAt = :now",
            ExpressionAttributeNames: { "#name": "name" },
            ExpressionAttributeValues: { ":name": clean, ":sort": unitKeys.children(unit.parentId, clean, id).gsi1sk, ":now": new Date().toISOString() },
          },
        },
        Audit.entryPut(actor, "unit.rename", id, id, { from: unit.name, to: clean }),
      ],
    }),
  );
  return { ...unit, name: clean };
}

/**
 * Moves a unit (and its whole subtree) under a new parent, as in the 2025 reorganisation. Descendants get
 * their new paths first (each conditional on its old path, so a retry resumes where it stopped); then one
 * transaction moves the unit itself and shifts its counters from the old ancestors to the new ones.
 * Members stay attached to their teams, so they follow automatically.
 */
export async function move(id: string, newParentId: string, actor: { userId: string; address?: string }): Promise<Info> {
  const unit = await mustGet(id);
  const parent = await mustGet(newParentId);
  if (unit.parentId === parent.id) return unit;
  if (isWithin(parent, unit)) throw new VisibleError("input", "unit.move_cycle", "A unit cannot be moved under itself or one of its own units.");
  if (!unit.parentId) throw new VisibleError("input", "unit.move_root", "The top unit cannot be moved.");
  const oldPath = unit.path;
  const newPath = `${parent.path}${id}/`;
  const { doc, table } = db();
  for (const descendant of (await subtree(unit)).filter((d) => d.id !== id)) {
    const path = newPath + descendant.path.slice(oldPath.length);
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: unitKeys.unit(descendant.id),
        UpdateExpression: "SET #path = :path, gsi2sk = :path",
        ConditionExpression: "#path = :old",
        ExpressionAttributeNames: { "#path": "path" },
        ExpressionAttributeValues: { ":path": path, ":old": descendant.path },
      }),
    ).catch((err: Error) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
  }
  const counters = await stats(id);
  const oldAncestors = counterTargets(lineage(unit).slice(0, -1));
  const newAncestors = counterTargets(lineage({ path: newPath }).slice(0, -1));
  const leaving = oldAncestors.filter((a) => !newAncestors.some((b) => b.unitId === a.unitId));
  const joining = newAncestors.filter((a) => !oldAncestors.some((b) => b.unitId === a.unitId));
  const shift = (ancestors: { unitId: string; shard: number }[], sign: 1 | -1) =>
    ancestors.flatMap(({ unitId: ancestorId, shard }) => [
      { Update: { TableName: table, Key: unitKeys.stats(ancestorId, shard), UpdateExpression: "ADD members :m, attempts :a, scoreSum :s", ExpressionAttributeValues: { ":m": sign * counters.members, ":a": sign * counters.attempts, ":s": sign * counters.scoreSum } } },
      ...Object.entries(counters.completedByCourse)
        .filter(([, n]) => n)
        .map(([courseId, n]) => ({ Update: { TableName: table, Key: unitKeys.courseStats(ancestorId, courseId, shard), UpdateExpression: "ADD completed :n", ExpressionAttributeValues: { ":n": sign * n } } })),
    ]);
  const items = [
    {
      Update: {
        TableName: table,
        Key: unitKeys.unit(id),
        UpdateExpression: "SET #path = :path, gsi2sk = :path, parentId = :parent, gsi1pk = :gpk, updatedAt = :now",
        ConditionExpression: "#path = :old",
        ExpressionAttributeNames: { "#path": "path" },
        ExpressionAttributeValues: { ":path": newPath, ":old": oldPath, ":parent": parent.id, ":gpk": unitKeys.childrenOf(parent.id), ":now": new Date().toISOString() },
      },
    },
    ...shift(leaving, -1),
    ...shift(joining, 1),
    Audit.entryPut(actor, "unit.move", id, id, { fromParent: unit.parentId, toParent: parent.id, fromPath: oldPath, toPath: newPath }),
  ];
  if (items.length > 100) throw new VisibleError("conflict", "unit.move_too_large", "This unit has completions in too many courses to move in one step.");
  await doc.send(new TransactWriteCommand({ TransactItems: items }));
  return { ...unit, parentId: parent.id, path: newPath };
}

/** Letters and digits that cannot be misread for one another when read out or copied by hand (no I, L, O, 0, 1). */
const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/**
 * A fresh join code for a unit: the last part of its code, then six characters drawn with a CSPRNG, since a
 * code anyone can guess lets them register into the team.
 */
export function newJoinCode(unitCode: string): string {
  const random = Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join("");
  return `${unitCode.split("-").at(-1)!.slice(0, 6)}-${random}`;
}

/** Replaces a team's join code with a new random one; the old code stops working at once. */
export async function rotateJoinCode(unitId: string, actor: { userId: string; address?: string }): Promise<string> {
  const unit = await mustGet(unitId);
  const { doc, table } = db();
  const code = newJoinCode(unit.code);
  const current = unit.joinCode;
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { ...unitKeys.joinCode(code), unitId, active: true }, ConditionExpression: "attribute_not_exists(pk)" } },
        ...(current ? [{ Update: { TableName: table, Key: unitKeys.joinCode(current), UpdateExpression: "SET active = :no", ExpressionAttributeValues: { ":no": false } } }] : []),
        { Update: { TableName: table, Key: unitKeys.unit(unitId), UpdateExpression: "SET joinCode = :code", ExpressionAttributeValues: { ":code": code } } },
        Audit.entryPut(actor, "unit.join_code.rotate", unitId, unitId),
      ],
    }),
  );
  return code;
}

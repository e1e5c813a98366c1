import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { countPartition, partitionQuery, queryPages, queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { allTimeTotals, planPut, raiseLastActivity, shiftOnce, shiftTargets, totalsShiftUpdates } from "./history";
import { isWithin, lineage } from "./path";
import { unitKeys } from "./unit.entity";

export const UnitKind = z.enum(["nation", "province", "district", "commune", "village", "team"]);
export type UnitKind = z.infer<typeof UnitKind>;
/** The units members join (with a join code) and belong to; the others group units. */
export const holdsMembers = (kind: UnitKind) => kind === "team" || kind === "village";

export const UnitCode = z.pipe(
  z
    .string()
    .check(
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
  /** Codes this unit had before or took over (old demo codes, merged units' codes); they resolve to it (./alias.ts). */
  aliases: z.optional(z.array(z.string())),
  /** Set on an archived unit merged into another: `resolve` follows it to the living unit (./alias.ts). */
  mergedInto: z.optional(z.string()),
  /** Set when the unit was archived (merged, or emptied and closed): it is no longer listed and takes no one in. */
  archivedAt: z.optional(z.string()),
  /** The merge job holding this unit while it is merged away: nothing joins it meanwhile (reorganise/merge.ts). */
  mergingInto: z.optional(z.object({ unitId: z.string(), jobId: z.string() })),
  /** Earlier names and codes, oldest first, each with when it changed (reorganise: rename or recode). */
  history: z.optional(z.array(z.object({ at: z.string(), name: z.string(), code: z.string() }))),
  /** A counter shift of a move too large for one transaction, until it has all landed (./history.ts). */
  pendingShift: z.optional(z.object({ id: z.string(), fromPath: z.string(), toPath: z.string() })),
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
  if (!unit) throw new VisibleError("unit.not_found", "This unit does not exist.");
  return unit;
}

export async function getByCode(code: string): Promise<Info | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.code(code) }));
  return Item ? get(Item.unitId as string) : undefined;
}

/**
 * Creates a unit under a parent. Idempotent on `id` (a retry with the same input returns the same unit);
 * the unit code is unique across the country (uniqueness item in the same transaction). An admin's creation is
 * audited under the parent, in the same transaction; seeding passes no actor.
 */
export async function create(raw: CreateInput, actor?: Audit.Actor): Promise<Info> {
  const input = CreateInput.parse(raw);
  const id = input.id ?? newId("u");
  const parent = input.parentId ? await mustGet(input.parentId) : undefined;
  const existing = await get(id);
  if (existing) {
    if (existing.code === input.code && existing.parentId === input.parentId) return existing;
    throw new VisibleError("unit.id_taken", "A unit with this id already exists.");
  }
  if (parent) assertOpen(parent);
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
          ...(actor ? [Audit.entryPut(actor, "unit.create", parent?.id ?? id, id, { code: unit.code, name: unit.name })] : []),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      const again = await get(id);
      if (again && again.code === unit.code) return again;
      throw new VisibleError("unit.code_taken", `The unit code ${unit.code} is already used by another unit.`);
    }
    throw err;
  }
  return unit;
}

export async function children(parentId: string): Promise<Info[]> {
  const items = await queryPartition<Record<string, unknown>>(unitKeys.childrenOf(parentId), { index: "gsi1" });
  return items.map((item) => withoutKeys(item) as Info);
}

/** Every unit in a subtree (including its root), in path order. */
export async function subtree(root: Pick<Info, "path">): Promise<Info[]> {
  const items = await queryPartition<Record<string, unknown>>(unitKeys.treePartition, { index: "gsi2", prefix: root.path });
  return items.map((item) => withoutKeys(item) as Info);
}

/**
 * `subtree` one unit at a time, read page by page: a walk over the nation (77,000 units) that holds only the page
 * it is on and the next. Path order puts every unit after its ancestors.
 */
export async function* walkSubtree(root: Pick<Info, "path">, options: { pageSize?: number } = {}): AsyncGenerator<Info> {
  const pages = queryPages<Record<string, unknown>>({
    ...partitionQuery(unitKeys.treePartition, { index: "gsi2", prefix: root.path }),
    ...(options.pageSize ? { Limit: options.pageSize } : {}),
  });
  let next = pages.next();
  try {
    for (let page = await next; !page.done; page = await next) {
      // The next page is read while this one is walked: a walker that waited for it at every page's end (the
      // nation has ~40 pages of units) stalled its readers meanwhile.
      next = pages.next();
      next.catch(() => undefined);
      for (const item of page.value) yield withoutKeys(item) as Info;
    }
  } finally {
    // Stopped early: let the page in flight land, then close the query.
    await next.catch(() => undefined);
    await pages.return(undefined);
  }
}

/** How many units `subtree` would return, without holding them. */
export function subtreeSize(root: Pick<Info, "path">): Promise<number> {
  return countPartition(unitKeys.treePartition, { index: "gsi2", prefix: root.path });
}

/**
 * Renames a unit (audited); the old name is kept in the unit's history. Renaming to the current name changes
 * nothing, so a retry is harmless.
 */
export async function rename(id: string, name: string, actor: { userId: string; address?: string }): Promise<Info> {
  const unit = await mustGet(id);
  const clean = z.string().check(z.trim(), z.minLength(1, "Name is required"), z.maxLength(120)).parse(name);
  if (clean === unit.name) return unit;
  if (unit.archivedAt) throw new VisibleError("unit.archived", "This unit is archived.", { params: { unitId: unit.id } });
  const now = new Date().toISOString();
  const was = { at: now, name: unit.name, code: unit.code };
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: unitKeys.unit(id),
            UpdateExpression: "SET #name = :name, gsi1sk = :sort, updatedAt = :now, history = list_append(if_not_exists(history, :none), :was)",
            ConditionExpression: "#name = :old",
            ExpressionAttributeNames: { "#name": "name" },
            ExpressionAttributeValues: {
              ":name": clean,
              ":old": unit.name,
              ":sort": unitKeys.children(unit.parentId, clean, id).gsi1sk,
              ":now": now,
              ":none": [],
              ":was": [was],
            },
          },
        },
        Audit.entryPut(actor, "unit.rename", id, id, { from: unit.name, to: clean }),
      ],
    }),
  );
  return { ...unit, name: clean, history: [...(unit.history ?? []), was], updatedAt: now };
}

/**
 * Moves a unit (and its whole subtree) under a new parent, as in the 2025 reorganisation. Descendants get
 * their new paths first (each conditional on its old path, so a retry resumes where it stopped); then one
 * transaction moves the unit itself and shifts all its counters — members, completions, scores and the monthly
 * and daily history — from the old ancestors to the new ones. When that shift is too large for the transaction
 * (years of daily history), the transaction stores it as a plan (`pendingShift`) and the parts follow, each
 * landing once; calling `move` again finishes a shift a crash interrupted. Members stay attached to their
 * teams, so they follow automatically.
 */
export async function move(id: string, newParentId: string, actor: { userId: string; address?: string }): Promise<Info> {
  const unit = await mustGet(id);
  const parent = await mustGet(newParentId);
  if (unit.parentId === parent.id) {
    if (unit.pendingShift) await finishShift(unit);
    return { ...unit, pendingShift: undefined };
  }
  if (isWithin(parent, unit)) throw new VisibleError("unit.move_cycle", "A unit cannot be moved under itself or one of its own units.");
  if (!unit.parentId) throw new VisibleError("unit.move_root", "The top unit cannot be moved.");
  assertOpen(parent);
  if (unit.archivedAt) throw new VisibleError("unit.archived", "This unit is archived.", { params: { unitId: unit.id } });
  if (unit.pendingShift) await finishShift(unit);
  const oldPath = unit.path;
  const newPath = `${parent.path}${id}/`;
  const { doc, table } = db();
  for (const descendant of (await subtree(unit)).filter((d) => d.id !== id)) {
    const path = newPath + descendant.path.slice(oldPath.length);
    await doc
      .send(
        new UpdateCommand({
          TableName: table,
          Key: unitKeys.unit(descendant.id),
          UpdateExpression: "SET #path = :path, gsi2sk = :path",
          ConditionExpression: "#path = :old",
          ExpressionAttributeNames: { "#path": "path" },
          ExpressionAttributeValues: { ":path": path, ":old": descendant.path },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== "ConditionalCheckFailedException") throw err;
      });
  }
  const totals = await allTimeTotals(id);
  const lineages = { from: lineage(unit).slice(0, -1), to: lineage({ path: newPath }).slice(0, -1) };
  const targets = shiftTargets(lineages.from, lineages.to);
  const shift = totalsShiftUpdates(targets, totals);
  const inOne = shift.length + 2 <= 100;
  const pendingShift = inOne ? undefined : { id: newId("shift"), fromPath: oldPath, toPath: newPath };
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: unitKeys.unit(id),
            UpdateExpression: `SET #path = :path, gsi2sk = :path, parentId = :parent, gsi1pk = :gpk, updatedAt = :now${pendingShift ? ", pendingShift = :shift" : ""}`,
            ConditionExpression: "#path = :old",
            ExpressionAttributeNames: { "#path": "path" },
            ExpressionAttributeValues: {
              ":path": newPath,
              ":old": oldPath,
              ":parent": parent.id,
              ":gpk": unitKeys.childrenOf(parent.id),
              ":now": new Date().toISOString(),
              ...(pendingShift ? { ":shift": pendingShift } : {}),
            },
          },
        },
        ...(pendingShift ? [planPut(pendingShift.id, { ...lineages, totals })] : shift),
        Audit.entryPut(actor, "unit.move", id, id, { fromParent: unit.parentId, toParent: parent.id, fromPath: oldPath, toPath: newPath }),
      ] as never,
    }),
  );
  const moved = { ...unit, parentId: parent.id, path: newPath };
  if (pendingShift) await finishShift({ ...moved, pendingShift });
  else await raiseLastActivity(targets.joining, totals.lastActivityAt);
  return moved;
}

/** Applies what is left of a move's counter shift, then clears it from the unit. */
async function finishShift(unit: Info) {
  const pending = unit.pendingShift!;
  await shiftOnce(pending.id, { from: lineage({ path: pending.fromPath }).slice(0, -1), to: lineage({ path: pending.toPath }).slice(0, -1) });
  const { doc, table } = db();
  await doc
    .send(
      new UpdateCommand({
        TableName: table,
        Key: unitKeys.unit(unit.id),
        UpdateExpression: "REMOVE pendingShift",
        ConditionExpression: "pendingShift.id = :id",
        ExpressionAttributeValues: { ":id": pending.id },
      }),
    )
    .catch((err: Error) => {
      if (err.name !== "ConditionalCheckFailedException") throw err;
    });
}

/** Refuses a unit that takes no one in: archived, or being merged away. */
export function assertOpen(unit: Info) {
  if (unit.archivedAt || unit.mergingInto)
    throw new VisibleError("unit.archived", "This unit is archived or being merged: it takes no new members or units.", { params: { unitId: unit.id } });
}

export * as Reorganise from "./index";

import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Admin } from "../admin";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { isAdmin } from "../auth/scope";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { Job } from "../job";
import { Staff } from "../staff";
import { Unit } from "../unit";
import { unitKeys } from "../unit/unit.entity";
import { User } from "../user";
import { assertFromAbove } from "./scope";

export * from "./merge";

/**
 * Reorganising the unit tree (docs/reorganisation.md): merge (./merge.ts, a background job), archive an empty
 * unit, rename or recode with history. Moves are `Admin.changeUnit` (Unit.move), which carries the history too.
 */

/**
 * Archives an empty unit: no child units, nobody attached to it, no staff held at it (else `unit.not_empty`, with
 * what is left). Archived units are not listed among children, take no one in, and are never deleted. Archiving
 * an archived unit again changes nothing.
 */
export async function archive(viewer: Session, unitId: string, actor: Audit.Actor): Promise<Unit.Info> {
  const unit = await Admin.unitOver(viewer, unitId);
  if (unit.archivedAt) return unit;
  assertFromAbove(viewer, unit);
  if (unit.mergingInto) throw new VisibleError("unit.merge_busy", "This unit is being merged into another one.");
  const [children, people, staff] = await Promise.all([Unit.children(unit.id), User.listForUnit(unit.id), Staff.list(viewer, unit.id)]);
  const left = { children: children.length, people: people.length, staff: staff.items.length };
  if (left.children || left.people || left.staff)
    throw new VisibleError("unit.not_empty", "Only an empty unit can be archived: move or merge its units and members first.", { params: left, details: left });
  const now = new Date().toISOString();
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: unitKeys.unit(unit.id),
              UpdateExpression: "SET archivedAt = :now, updatedAt = :now REMOVE gsi1pk, gsi1sk",
              ConditionExpression: "attribute_not_exists(archivedAt) AND attribute_not_exists(mergingInto)",
              ExpressionAttributeValues: { ":now": now },
            },
          },
          Audit.entryPut(actor, "unit.archive", unit.id, unit.id, { code: unit.code, name: unit.name }),
          Audit.entryPut(actor, "unit.archive", unit.parentId!, unit.id, { code: unit.code, name: unit.name }),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "TransactionCanceledException") throw err;
    const again = await Unit.mustGet(unit.id);
    if (again.archivedAt) return again;
    throw new VisibleError("unit.merge_busy", "This unit is being merged into another one.");
  }
  return { ...unit, archivedAt: now };
}

export const IdentityChange = z
  .object({
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
    code: z.optional(Unit.UnitCode),
  })
  .check(z.refine((change) => change.name !== undefined || change.code !== undefined, "Give a new name, a new code, or both"));
export type IdentityChange = z.infer<typeof IdentityChange>;

/**
 * Renames and/or recodes a unit, keeping what it was called before in its `history` (audited). A new code
 * already held by any unit, or kept as an alias, is refused (`unit.code_taken`); the old code stays an alias
 * of the unit, so imports and exports written with it still resolve. Recoding is decided from above.
 */
export async function changeIdentity(viewer: Session, unitId: string, change: IdentityChange, actor: Audit.Actor): Promise<Unit.Info> {
  let unit = await Admin.unitOver(viewer, unitId);
  Unit.assertOpen(unit);
  if (change.code !== undefined && change.code !== unit.code) {
    assertFromAbove(viewer, unit);
    const before = unit;
    unit = await Unit.recode(unit.id, change.code, { actor });
    unit = await rememberCode(before, unit);
  }
  if (change.name !== undefined) unit = await Unit.rename(unit.id, change.name, actor);
  return unit;
}

/** Adds the code a unit had before a recode to its history, once (a retried recode finds it there). */
async function rememberCode(before: Unit.Info, after: Unit.Info): Promise<Unit.Info> {
  const current = await Unit.mustGet(after.id);
  if ((current.history ?? []).some((entry) => entry.code === before.code && entry.name === current.name)) return current;
  const was = { at: new Date().toISOString(), name: current.name, code: before.code };
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: unitKeys.unit(after.id),
      UpdateExpression: "SET history = list_append(if_not_exists(history, :none), :was)",
      ConditionExpression: "code = :code",
      ExpressionAttributeValues: { ":none": [], ":was": [was], ":code": current.code },
    }),
  );
  return { ...current, history: [...(current.history ?? []), was] };
}

/**
 * A background job as its requester sees it (`GET /admin/jobs/:id`), whatever its kind: only the admin who asked
 * may follow it; anyone else and a malformed id get the same "not found".
 */
export async function jobStatus(viewer: Session, id: string) {
  const notFound = new VisibleError("job.not_found", "There is no job with this id.");
  if (!z.uuid().safeParse(id).success) throw notFound;
  const job = await Job.get<Record<string, unknown>, Record<string, unknown>>(id);
  if (!job || job.requestedBy !== viewer.userId || !isAdmin(viewer)) throw notFound;
  return { id: job.id, kind: job.kind, status: job.status, progress: job.progress, unitId: job.unitId, result: job.result ?? null, error: job.error || null };
}

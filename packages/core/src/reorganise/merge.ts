import { Campaign } from "../campaign";
import { randomUUID } from "node:crypto";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Admin } from "../admin";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { Job } from "../job";
import { Staff } from "../staff";
import { Unit } from "../unit";
import { unitKeys } from "../unit/unit.entity";
import { User } from "../user";
import { assertFromAbove } from "./scope";

/**
 * Merging unit A into unit B (communes joined in the 2025 reform, villages regrouped). A background job, because a
 * province's commune can hold thousands of members. Rules (docs/reorganisation.md):
 *  - the admin must oversee both units, and A from above (nobody merges the unit they administer);
 *  - B is of A's kind, is neither A nor below it, and is open (not archived, not itself being merged);
 *  - A is locked at once (`mergingInto`), so nothing joins it while the job runs.
 *
 * The job's steps, in order. Each is idempotent, and where the job is shows in the data itself, so a job killed
 * at any point is simply run again and carries on:
 *  1. children: each of A's child units moves under B (Unit.move: paths, then counters and history); A has no
 *     children left once this step is done;
 *  2. people: everyone attached to A (a team's members, staff of the old kind) moves to B with their counters and
 *     progress (User.updateProfile); then staff grants held at A (Staff.moveAll); then open campaigns;
 *  3. history: what A's counters still hold (attempts, scores, members active per month, completions per day)
 *     moves from A's lineage to B's, as one stored plan applied in parts that each land once;
 *  4. codes: A's code and aliases become aliases of B, so old codes in imports and exports resolve to B;
 *  5. archive: A is archived with `mergedInto` B: not listed among children, takes no one in, its page says where
 *     it went. Never deleted.
 * Every step is audited (unit.merge.start, unit.move, member.move, staff.move, unit.alias, unit.merge).
 * A merge never half-deletes anything, so there is nothing to roll back: a stopped merge is resumed.
 */

export const MergeInput = z.object({ intoUnitId: z.string().check(z.minLength(1), z.maxLength(80)) });
export type MergeInput = z.infer<typeof MergeInput>;

export interface MergeParams extends Record<string, unknown> {
  unitId: string;
  intoUnitId: string;
  actor: Audit.Actor;
}

export interface MergeResult extends Record<string, unknown> {
  /** Children and people A held when the job first started, for the progress bar. */
  total: number;
  children?: number;
  people?: number;
  staff?: number;
  codes?: string[];
}

/** What a merge would move, for the confirmation screen: A's direct children and the people attached to it. */
export async function mergePreview(viewer: Session, unitId: string, intoUnitId: string) {
  const { unit, into } = await checkMerge(viewer, unitId, { intoUnitId });
  const [children, people, stats] = await Promise.all([Unit.children(unit.id), User.listForUnit(unit.id), Unit.stats(unit.id)]);
  return {
    unit: { id: unit.id, name: unit.name, code: unit.code, kind: unit.kind },
    into: { id: into.id, name: into.name, code: into.code, kind: into.kind },
    children: children.length,
    people: people.length,
    members: stats.members,
    completed: Object.values(stats.completedByCourse).reduce((sum, n) => sum + n, 0),
    codes: [unit.code, ...(unit.aliases ?? [])],
  };
}

async function checkMerge(viewer: Session, unitId: string, input: MergeInput) {
  const unit = await Admin.unitOver(viewer, unitId);
  const into = await Admin.unitOver(viewer, input.intoUnitId);
  if (unit.mergingInto?.unitId === into.id) return { unit, into, resuming: unit.mergingInto.jobId };
  if (unit.archivedAt) throw new VisibleError("unit.archived", "This unit is archived.", { params: { unitId: unit.id } });
  assertFromAbove(viewer, unit);
  if (Unit.isWithin(into, unit)) throw new VisibleError("unit.merge_self", "A unit cannot be merged into itself or into one of its own units.");
  if (unit.kind !== into.kind)
    throw new VisibleError("unit.merge_kind", "A unit can only be merged into a unit of the same kind.", { params: { kind: unit.kind, intoKind: into.kind } });
  if (unit.mergingInto) throw new VisibleError("unit.merge_busy", "This unit is already being merged into another one.");
  Unit.assertOpen(into);
  return { unit, into, resuming: undefined };
}

/**
 * Checks a merge, locks A and queues the job; answers the job. Asking again for the same merge answers the same
 * job, and queues it again when it had stopped (a failed or interrupted merge is resumed this way).
 */
export async function startMerge(viewer: Session, unitId: string, input: MergeInput, actor: Audit.Actor): Promise<Job.Info> {
  const { unit, into, resuming } = await checkMerge(viewer, unitId, input);
  const jobId = resuming ?? randomUUID();
  if (!resuming) {
    const { doc, table } = db();
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: unitKeys.unit(unit.id),
                UpdateExpression: "SET mergingInto = :lock",
                ConditionExpression: "attribute_not_exists(mergingInto) AND attribute_not_exists(archivedAt)",
                ExpressionAttributeValues: { ":lock": { unitId: into.id, jobId } },
              },
            },
            {
              ConditionCheck: {
                TableName: table,
                Key: unitKeys.unit(into.id),
                ConditionExpression: "attribute_not_exists(mergingInto) AND attribute_not_exists(archivedAt)",
              },
            },
            Audit.entryPut(actor, "unit.merge.start", unit.id, unit.id, { into: into.id, intoCode: into.code, jobId }),
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      throw new VisibleError("unit.merge_busy", "One of these units is already being merged. Wait until that merge has finished.");
    }
  }
  const params: MergeParams = { unitId: unit.id, intoUnitId: into.id, actor };
  const { job, created } = await Job.create({ id: jobId, kind: "merge", requestedBy: viewer.userId, unitId: unit.id, params });
  if (!created && job.status === "failed") {
    await Job.update(job.id, { status: "queued", error: "" });
    await Job.enqueue({ kind: "merge", id: job.id });
  }
  return job;
}

/** How far a merge job has got, 0–100, from what it has moved so far. */
const progressOf = (done: number, total: number) => Math.min(90, 5 + Math.floor((85 * done) / Math.max(1, total)));

/** Runs (or resumes) a merge job to the end. */
export async function runMerge(jobId: string): Promise<void> {
  const job = await Job.get<MergeParams, MergeResult>(jobId);
  if (job?.kind !== "merge" || job.status === "done") return;
  const { unitId, intoUnitId, actor } = job.params;
  let unit = await Unit.mustGet(unitId);
  if (unit.mergingInto?.jobId !== jobId) throw new Error(`Unit ${unitId} is not held by merge job ${jobId}`);
  const [children, people] = await Promise.all([Unit.children(unitId), User.listForUnit(unitId)]);
  const total = job.result?.total ?? children.length + people.length;
  let done = total - children.length - people.length;
  await Job.update(jobId, { status: "running", progress: progressOf(done, total), result: { total } });
  const step = async () => {
    done++;
    if (done % 10 === 0) await Job.update(jobId, { progress: progressOf(done, total) });
  };

  // 1. Children. A move interrupted after its unit changed parent finishes its counter shift when asked again.
  for (const moved of (await Unit.children(intoUnitId)).filter((child) => child.pendingShift)) await Unit.move(moved.id, intoUnitId, actor);
  for (let batch = children; batch.length; batch = await Unit.children(unitId)) {
    for (const child of batch) {
      await Unit.move(child.id, intoUnitId, actor);
      await step();
    }
  }
  // 2. People attached to A, then staff grants held at A, then open campaigns.
  for (let batch = people; batch.length; batch = await User.listForUnit(unitId)) {
    for (const person of batch) {
      await User.updateProfile(person.id, { fullName: person.fullName, unitId: intoUnitId, roles: person.roles }, actor);
      await step();
    }
  }
  const staff = await Staff.moveAll(unitId, intoUnitId, actor);
  // Campaigns set for A go to B (idempotent, like the steps around it).
  await Campaign.moveAll(unitId, intoUnitId, actor);
  await Job.update(jobId, { progress: 90 });

  // 3. What A's counters still hold: its own history and activity.
  await Unit.shiftOnce(`merge-${jobId}`, { from: Unit.lineage(unit), to: Unit.lineage(await Unit.mustGet(intoUnitId)) }, () => Unit.allTimeTotals(unitId));
  await Job.update(jobId, { progress: 95 });

  // 4. A's codes resolve to B.
  unit = await Unit.mustGet(unitId);
  const codes = [unit.code, ...(unit.aliases ?? [])];
  for (const code of codes) await Unit.addAlias(intoUnitId, code, { actor, takeOverFrom: unitId });

  // 5. Archive A.
  if (!unit.archivedAt) await archiveMerged(unit, intoUnitId, jobId, actor);
  await Job.update(jobId, { status: "done", progress: 100, result: { total, children: children.length, people: people.length, staff: staff.moved, codes } });
}

async function archiveMerged(unit: Unit.Info, intoUnitId: string, jobId: string, actor: Audit.Actor) {
  const { doc, table } = db();
  const now = new Date().toISOString();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: unitKeys.unit(unit.id),
            UpdateExpression: "SET archivedAt = :now, mergedInto = :into, updatedAt = :now REMOVE gsi1pk, gsi1sk",
            ConditionExpression: "mergingInto.jobId = :job AND attribute_not_exists(archivedAt)",
            ExpressionAttributeValues: { ":now": now, ":into": intoUnitId, ":job": jobId },
          },
        },
        Audit.entryPut(actor, "unit.merge", unit.id, unit.id, { into: intoUnitId, jobId }),
        Audit.entryPut(actor, "unit.merge", intoUnitId, unit.id, { from: unit.id, fromCode: unit.code, fromName: unit.name, jobId }),
      ],
    }),
  );
}

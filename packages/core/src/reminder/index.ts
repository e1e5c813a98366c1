export * as Reminder from "./index";

import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers } from "../auth/scope";
import { Campaign } from "../campaign";
import { Effectiveness } from "../effectiveness";
import { db } from "../db/client";
import { getMany, queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { Job } from "../job";
import { log } from "../log";
import { isQuietHour, NOTIFY_LIMITS, nextSendableAt, vietnamDay } from "../model";
import { Notify } from "../notify";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { User } from "../user";
import { type BatchParams, queueBatch, TEAMS_PER_BATCH, uuidFrom, versionOf } from "./batch";
import { claim, markDelivered } from "./claim";
import { reminderKeys } from "./reminder.entity";

export { type BatchParams, type BatchResult, PEOPLE_PER_RUN, queueBatch, runBatch, TEAMS_PER_BATCH } from "./batch";
export { type Claim, claim } from "./claim";

/**
 * Reminders and announcements. One handler, `tick`, runs on a schedule: every 15 minutes in-process on the local
 * server, from EventBridge Scheduler into the worker in AWS. Outside quiet hours (21:00–07:00 Vietnam time) it
 * decides last month's team badges (effectiveness/), releases announcements (and reminder batches) that waited
 * for the morning, and plans each running campaign's reminders once a day: the campaign's daily snapshot, then
 * its teams, in batches of TEAMS_PER_BATCH, as `reminders` jobs on the jobs queue. Nothing is sent by the tick,
 * and a campaign's learners are not read by it at all, so a tick stays small at national scale (20 campaigns,
 * 348,000 members) and well inside the worker's 15 minutes.
 *
 * Each batch job (batch.ts) reads its teams' members and progress, reminds those who have not finished a
 * campaign's courses 7 days and 1 day before its due date and after 3, 7 and 14 days without learning, and claims
 * each reminder under a key of person, reminder and day, in the same transaction as the person's weekly tally (at
 * most `remindersPerWeek` in any 7 days), at the moment it sends it (claim.ts). A batch run twice, retried or
 * running twice at once never sends the same reminder twice, and one that stopped half-way completes on its
 * retry. Sending goes through Notify.deliver (channels, consent, per-channel exactly-once); a failing channel
 * never blocks learning, which never waits on any of this.
 */

export interface TickResult {
  quiet: boolean;
  /** The month whose team badges are decided (once, on the first tick of the next month), if this tick did it. */
  awarded: string | null;
  /** Campaigns running today. */
  campaigns: number;
  /** Of those, the ones this tick planned (the first tick of the day, or the first after a campaign was created). */
  planned: number;
  /** Reminder batches queued (each a `reminders` job), and their ids. */
  batches: number;
  batchIds: string[];
  /** Waiting announcements and reminder batches released to the queue (quiet hours are over). */
  broadcasts: number;
  /** Campaigns whose planning failed (logged; the next tick tries them again). */
  failedCampaigns: string[];
}

/** A day's plan marker lives a little longer than the day, so a late tick still finds it. */
const PLAN_TTL_SECONDS = 3 * 86_400;

/** The scheduled work (see the top of this file). `now` is the clock, so tests can move it. */
export async function tick(now = new Date()): Promise<TickResult> {
  const result: TickResult = { quiet: isQuietHour(now), awarded: null, campaigns: 0, planned: 0, batches: 0, batchIds: [], broadcasts: 0, failedCampaigns: [] };
  if (result.quiet) return result;
  const today = vietnamDay(now);
  result.broadcasts = await releaseWaiting(now);
  // The month just ended: each commune's best teams get their badge (one read once decided).
  const award = await Effectiveness.awardMonth(now);
  if (!award.alreadyDone) result.awarded = award.month;
  const campaigns = (await Campaign.open(now)).filter((c) => c.dueOn >= today);
  result.campaigns = campaigns.length;
  if (!campaigns.length) return result;
  // One read for every campaign's marker: those planned today, as they are now, are left alone until tomorrow. A
  // campaign changed since (its unit merged into another, say) is planned again: new batches, the same claim keys.
  const marks = await getMany(campaigns.map((c) => reminderKeys.planned(c.id, today)));
  const toPlan = campaigns.filter((c, i) => marks[i]?.version !== versionOf(c));
  if (!toPlan.length) return result;
  // Which of these campaigns are over each team: a team under a national and a province campaign is one batch
  // entry, so its people's reminders are weighed together (due dates first, one inactivity reminder). A campaign
  // that fails here (its snapshot, its unit tree) is logged and left unmarked, for the next tick; the others go on.
  const planned: Campaign.Info[] = [];
  const teams = new Map<string, number[]>();
  for (const campaign of toPlan) {
    try {
      await Campaign.snapshot(campaign, now);
      const root = await Unit.get(campaign.unitId);
      const units = root ? await Unit.subtree(root) : [];
      const index = planned.push(campaign) - 1;
      for (const unit of units) {
        if (Unit.holdsMembers(unit.kind) && !unit.archivedAt) teams.set(unit.id, [...(teams.get(unit.id) ?? []), index]);
      }
    } catch (err) {
      result.failedCampaigns.push(campaign.id);
      log.error("reminder.plan_failed", { campaignId: campaign.id, error: String((err as Error).message ?? err) });
    }
  }
  const entries = [...teams].map(([id, over]) => ({ id, campaigns: over }));
  const campaignIds = planned.map((c) => c.id);
  const versions = planned.map(versionOf);
  for (let start = 0; start < entries.length; start += TEAMS_PER_BATCH) {
    const batch = entries.slice(start, start + TEAMS_PER_BATCH);
    const params: BatchParams = { at: now.toISOString(), day: today, campaignIds, versions, teams: batch };
    // The job belongs to the unit of the campaign over its own first team.
    result.batchIds.push(await queueBatch(params, planned[batch[0]!.campaigns[0]!]!.unitId));
  }
  // Marked once every batch is queued: a tick that stops before this plans again, and the same batches are the
  // same jobs (queueBatch).
  const { doc, table } = db();
  const expiresAt = Math.floor(now.getTime() / 1000) + PLAN_TTL_SECONDS;
  await Promise.all(
    planned.map((c) =>
      doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...reminderKeys.planned(c.id, today), at: now.toISOString(), version: versionOf(c), batches: result.batchIds.length, expiresAt },
        }),
      ),
    ),
  );
  result.planned = planned.length;
  result.batches = result.batchIds.length;
  return result;
}

// Announcements ----------------------------------------------------------------------------------------------

export const BroadcastInput = z.object({
  /** The client's id, so a retried request does not announce twice. */
  id: z.optional(z.uuid()),
  text: z.string().check(z.trim(), z.minLength(1, "Write the announcement"), z.maxLength(NOTIFY_LIMITS.broadcastTextMax)),
});

export const broadcastRule: RateLimit.Rule = { limit: NOTIFY_LIMITS.broadcastsPerUnitPerDay, windowSeconds: 86_400 };

export interface BroadcastResult extends Record<string, unknown> {
  people: number;
  sent: number;
  noChannel: number;
  duplicate: number;
  failed: number;
}

/**
 * An admin's announcement to everyone in a unit's subtree (members, team leaders; citizens are not reached),
 * rate-limited per unit and audited. It goes out at once, or at 07:00 when asked for in quiet hours; a job sends
 * it, person by person, each once (`broadcast:<id>:<person>`).
 */
export async function broadcast(viewer: Session, unitId: string, raw: z.input<typeof BroadcastInput>, actor: Audit.Actor, now = new Date()) {
  const input = BroadcastInput.parse(raw);
  const unit = await Unit.get(unitId);
  if (!unit || unit.archivedAt || !administers(viewer, unit)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  const id = input.id ?? uuidFrom(`${unit.id}\u0000${actor.userId}\u0000${vietnamDay(now)}\u0000${input.text}`);
  const existing = await Job.get(id);
  if (existing) {
    if (existing.kind !== "broadcast" || existing.unitId !== unit.id) throw new VisibleError("request.invalid", "This id was used for something else.");
    return { id, status: existing.status, notBefore: String((existing.params as { notBefore?: string }).notBefore ?? "") };
  }
  await RateLimit.hit(`broadcast:${unit.id}`, broadcastRule, now.getTime());
  const notBefore = nextSendableAt(now).toISOString();
  const params = { text: input.text, notBefore, by: actor.userId };
  const waiting = isQuietHour(now);
  const { job, created } = await Job.create({ id, kind: "broadcast", requestedBy: actor.userId, unitId: unit.id, params }, { enqueue: !waiting });
  if (created) {
    await Audit.record(actor, "broadcast.create", unit.id, id, { text: input.text, notBefore });
    if (waiting) {
      const { doc, table } = db();
      await doc.send(new PutCommand({ TableName: table, Item: { ...reminderKeys.waiting(notBefore, id), jobId: id } }));
    }
  }
  return { id, status: job.status, notBefore };
}

/**
 * Announcements asked for in quiet hours, reminder batches that reached 21:00, and today's batches whose retries ran
 * out, whose time has come: queued now (the tick runs outside quiet hours).
 */
async function releaseWaiting(now: Date): Promise<number> {
  const due = await queryPartition<WaitingItem>(reminderKeys.waitingPartition, { between: ["0", `${now.toISOString()}~`] });
  const { doc, table } = db();
  for (const item of due) {
    const key = { pk: reminderKeys.waitingPartition, sk: item.sk };
    if (item.kind === "reminders" && item.retry) {
      // A batch whose retries ran out: run again while it is still its day (later days have their own plan).
      // A job done meanwhile (a last retry got through) is left alone.
      const failed = (await Job.get(item.jobId))?.status === "failed";
      if (failed && item.params.day === vietnamDay(now)) {
        await Job.update(item.jobId, { status: "queued", result: {} });
        await Job.enqueue({ kind: "reminders", id: item.jobId });
      } else if (failed) log.warn("reminder.batch_abandoned", { job: item.jobId, day: item.params.day });
      await doc.send(new DeleteCommand({ TableName: table, Key: key }));
      continue;
    }
    if (item.kind === "reminders") {
      // Queued first, by this tick's clock, then off the list: a crash in between releases the same job again.
      await queueBatch({ ...item.params, at: now.toISOString() }, item.unitId, item.jobId);
      await doc.send(new DeleteCommand({ TableName: table, Key: key }));
      continue;
    }
    // Off the waiting list first, so the job runs; a crash in between leaves the job queued, and the local
    // server's restart (or the queue's redelivery) runs it.
    await doc.send(new DeleteCommand({ TableName: table, Key: key }));
    await Job.enqueue({ kind: "broadcast", id: item.jobId });
  }
  return due.length;
}

/** An announcement's job (recorded, queued at release), or the teams of a reminder batch (queued as a new batch). */
type WaitingItem = { sk: string; jobId: string } & ({ kind?: undefined } | { kind: "reminders"; retry?: boolean; unitId: string; params: BatchParams });

async function isWaiting(notBefore: string, id: string) {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: reminderKeys.waiting(notBefore, id), ConsistentRead: true }));
  return Boolean(Item);
}

/** The broadcast job: each learner of the subtree, once. Counted in their week, never held back by it. */
export async function runBroadcast(jobId: string, now = new Date()): Promise<void> {
  const job = await Job.get<{ text: string; notBefore: string }, BroadcastResult>(jobId);
  if (!job || job.status === "done") return;
  // Re-queued by a restart while it waits for the morning: the waiting list releases it at 07:00.
  if (await isWaiting(job.params.notBefore, jobId)) return;
  const unit = await Unit.get(job.unitId);
  if (!unit) return Job.update(jobId, { status: "failed", error: "unit gone" });
  await Job.update(jobId, { status: "running" });
  const teams = (await Unit.subtree(unit)).filter((u) => Unit.holdsMembers(u.kind) && !u.archivedAt);
  const result: BroadcastResult = { people: 0, sent: 0, noChannel: 0, duplicate: 0, failed: 0 };
  let done = 0;
  for (const team of teams) {
    for (const person of await User.listForUnit(team.id)) {
      if (!User.countsAsMember(person.roles) || !person.active || person.pending) continue;
      result.people++;
      const key = `broadcast:${jobId}:${person.id}`;
      const claimed = await claim(person.id, key, now, { uncapped: true });
      if (claimed === "duplicate") {
        result.duplicate++;
        continue;
      }
      // `claimed`, or `pending`: claimed by a run that stopped before it was delivered (claim.ts).
      const message: Notify.Message = { userId: person.id, kind: "broadcast", text: `${unit.name}: ${job.params.text}`, key };
      try {
        const { sent } = await Notify.deliver(message, now);
        await markDelivered(key, now);
        if (sent.length) result.sent++;
        else result.noChannel++;
      } catch (err) {
        result.failed++;
        log.warn("broadcast.delivery_failed", { key, error: String((err as Error).message ?? err) });
        await Job.enqueue({ kind: "notify", message: { ...message } }).catch(() => undefined);
      }
    }
    done++;
    await Job.update(jobId, { progress: Math.round((done / teams.length) * 100) });
  }
  await Job.update(jobId, { status: "done", progress: 100, result });
}

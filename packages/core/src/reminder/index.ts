export * as Reminder from "./index";

import { createHash } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers } from "../auth/scope";
import { Campaign } from "../campaign";
import { Course } from "../course";
import { Effectiveness } from "../effectiveness";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { Job } from "../job";
import { log } from "../log";
import { DUE_REMINDER_DAYS, daysBetween, INACTIVITY_DAYS, isQuietHour, NOTIFY_LIMITS, nextSendableAt, vietnamDay } from "../model";
import { Notify } from "../notify";
import { Progress } from "../progress";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { User } from "../user";
import { reminderKeys } from "./reminder.entity";

/**
 * Reminders and announcements. One handler, `tick`, runs on a schedule: every few minutes in-process on the local
 * server, from EventBridge Scheduler into the worker in AWS. Outside quiet hours (21:00–07:00 Vietnam time) it
 * decides last month's team badges (effectiveness/), takes a daily snapshot of each running campaign, reminds members who have not finished a campaign's courses 7
 * days and 1 day before its due date and after 3, 7 and 14 days without learning, and releases announcements
 * that waited for the morning. Each reminder is claimed once under a key of person, reminder and day, in the same
 * transaction as the person's weekly tally (at most `remindersPerWeek` in any 7 days), before it is sent: a tick
 * run twice, retried or running twice at once never sends the same reminder twice. Sending goes through
 * Notify.deliver (channels, consent, per-channel exactly-once); a failing channel never blocks learning, which
 * never waits on any of this.
 */

export interface TickResult {
  quiet: boolean;
  /** The month whose team badges are decided (once, on the first tick of the next month), if this tick did it. */
  awarded: string | null;
  campaigns: number;
  sent: number;
  capped: number;
  duplicate: number;
  failed: number;
  broadcasts: number;
}

const WEEK_MS = 7 * 86_400_000;
/** Tries of the weekly tally's compare-and-set when two ticks remind the same person at once. */
const TALLY_RACES = 5;

interface Candidate {
  userId: string;
  /** The idempotency key: reminder and person and day (or, for inactivity, the day the stretch began). */
  key: string;
  kind: "reminder.due" | "reminder.inactive";
  text: string;
  url: string;
}

const publicUrl = () => (process.env.PUBLIC_URL ?? "").replace(/\/$/, "");
/** The course's address in full: channels add it on a line of its own (an SMS cannot open a relative link). */
const courseLink = (courseId: string) => `${publicUrl()}/courses/${encodeURIComponent(courseId)}`;
const shortDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/** What a learner of a campaign still has to do, and when they last learned (Vietnam day). */
interface Learner {
  userId: string;
  missing: string[];
  lastActiveDay: string;
}

/** Active, activated learners of every team in the campaign's subtree, with the campaign's courses they have not finished. */
async function learnersOf(campaign: Campaign.Info): Promise<Learner[]> {
  const root = await Unit.get(campaign.unitId);
  if (!root) return [];
  const teams = (await Unit.subtree(root)).filter((unit) => Unit.holdsMembers(unit.kind) && !unit.archivedAt);
  const learners: Learner[] = [];
  for (const team of teams) {
    const [people, progress] = await Promise.all([User.listForUnit(team.id), Progress.listForUnit(team.id)]);
    const done = new Set(progress.filter((p) => p.completedAt).map((p) => `${p.userId}#${p.courseId}`));
    const last = new Map<string, string>();
    for (const record of progress) if ((last.get(record.userId) ?? "") < record.lastActivityAt) last.set(record.userId, record.lastActivityAt);
    for (const person of people) {
      if (!User.countsAsMember(person.roles) || !person.active || person.pending) continue;
      const missing = campaign.courseIds.filter((courseId) => !done.has(`${person.id}#${courseId}`));
      if (!missing.length) continue;
      learners.push({ userId: person.id, missing, lastActiveDay: vietnamDay(new Date(last.get(person.id) ?? person.createdAt)) });
    }
  }
  return learners;
}

function dueReminder(campaign: Campaign.Info, learner: Learner, titles: Map<string, string>, today: string, daysLeft: number): Candidate {
  const courses = learner.missing.map((id) => `“${titles.get(id) ?? id}”`).join(", ");
  const when = daysLeft === 1 ? `Ngày mai (${shortDate(campaign.dueOn)}) là hạn` : `Còn ${daysLeft} ngày đến hạn ${shortDate(campaign.dueOn)}`;
  return {
    userId: learner.userId,
    key: `due-${daysLeft}:${campaign.id}:${learner.userId}:${today}`,
    kind: "reminder.due",
    text: `Kỹ Năng Số: ${when} của chiến dịch “${campaign.title}”. Bạn còn khoá ${courses}. Học tiếp:`,
    url: courseLink(learner.missing[0]!),
  };
}

function inactivityReminder(learner: Learner, titles: Map<string, string>, today: string): Candidate | undefined {
  const idle = daysBetween(learner.lastActiveDay, today);
  const stage = [...INACTIVITY_DAYS].reverse().find((days) => idle >= days);
  if (!stage) return undefined;
  const course = learner.missing[0]!;
  return {
    userId: learner.userId,
    // Once per stage of one stretch without learning: the stretch is named by the day it began.
    key: `inactive-${stage}:${learner.userId}:${learner.lastActiveDay}`,
    kind: "reminder.inactive",
    text: `Kỹ Năng Số: đã ${idle} ngày bạn chưa học. Khoá “${titles.get(course) ?? course}” đang chờ bạn, mỗi bài chỉ 5–10 phút.`,
    url: courseLink(course),
  };
}

type Claim = "claimed" | "duplicate" | "capped";

/** Times of the person's reminders in the last 7 days, and the tally's version for compare-and-set. */
async function tallyOf(userId: string, now: Date) {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: reminderKeys.weekly(userId), ConsistentRead: true }));
  const times = ((Item?.times as string[] | undefined) ?? []).filter((at) => now.getTime() - Date.parse(at) < WEEK_MS);
  return { times, version: Item ? Number(Item.version ?? 0) : undefined };
}

/**
 * Claims a reminder and counts it in the person's rolling week, in one transaction. `capped` when the week is
 * full (unless `uncapped`: an announcement counts but is not held back); `duplicate` when the key was claimed.
 */
export async function claim(userId: string, key: string, now: Date, options: { uncapped?: boolean } = {}): Promise<Claim> {
  const { doc, table } = db();
  for (let race = 0; race < TALLY_RACES; race++) {
    const { times, version } = await tallyOf(userId, now);
    if (!options.uncapped && times.length >= NOTIFY_LIMITS.remindersPerWeek) {
      // A claim already there is a duplicate rather than a capped one (the tally counts it).
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: reminderKeys.claim(key), ConsistentRead: true }));
      return Item ? "duplicate" : "capped";
    }
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...reminderKeys.claim(key), userId, at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 60 * 86_400 },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: table,
                Item: {
                  ...reminderKeys.weekly(userId),
                  times: [...times, now.toISOString()].slice(-20),
                  version: (version ?? 0) + 1,
                  expiresAt: Math.floor(now.getTime() / 1000) + 14 * 86_400,
                },
                ...(version === undefined
                  ? { ConditionExpression: "attribute_not_exists(pk)" }
                  : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": version } }),
              },
            },
          ],
        }),
      );
      return "claimed";
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === "ConditionalCheckFailed") return "duplicate";
      // The tally changed meanwhile (another reminder to the same person): read it again.
    }
  }
  throw new VisibleError("db.conflict", "Another change happened at the same time. Please try again.", { retryAfterSeconds: 1 });
}

/** Sends a claimed message; a channel that fails is retried by the queue, never by a second claim. */
async function send(message: Notify.Message, now: Date): Promise<boolean> {
  try {
    await Notify.deliver(message, now);
    return true;
  } catch (err) {
    log.warn("reminder.delivery_failed", { key: message.key, error: String((err as Error).message ?? err) });
    await Job.enqueue({ kind: "notify", message: { ...message } }).catch((queueErr) =>
      log.error("reminder.requeue_failed", { key: message.key, error: String((queueErr as Error).message ?? queueErr) }),
    );
    return false;
  }
}

/** The scheduled work (see the top of this file). `now` is the clock, so tests can move it. */
export async function tick(now = new Date()): Promise<TickResult> {
  const result: TickResult = { quiet: isQuietHour(now), awarded: null, campaigns: 0, sent: 0, capped: 0, duplicate: 0, failed: 0, broadcasts: 0 };
  if (result.quiet) return result;
  const today = vietnamDay(now);
  result.broadcasts = await releaseWaiting(now);
  // The month just ended: each commune's best teams get their badge (one read once decided).
  const award = await Effectiveness.awardMonth(now);
  if (!award.alreadyDone) result.awarded = award.month;
  const campaigns = (await Campaign.open(now)).filter((c) => c.dueOn >= today);
  result.campaigns = campaigns.length;
  const byPerson = new Map<string, Candidate[]>();
  const add = (candidate: Candidate) => byPerson.set(candidate.userId, [...(byPerson.get(candidate.userId) ?? []), candidate]);
  const titles = new Map<string, string>();
  for (const campaign of campaigns) {
    await Campaign.snapshot(campaign, now);
    for (const courseId of campaign.courseIds) if (!titles.has(courseId)) titles.set(courseId, (await Course.getMeta(courseId))?.title ?? courseId);
    const daysLeft = daysBetween(today, campaign.dueOn);
    const dueDay = (DUE_REMINDER_DAYS as readonly number[]).includes(daysLeft);
    for (const learner of await learnersOf(campaign)) {
      if (dueDay) add(dueReminder(campaign, learner, titles, today, daysLeft));
      const idle = inactivityReminder(learner, titles, today);
      if (idle) add(idle);
    }
  }
  for (const [userId, candidates] of byPerson) {
    // Due dates first (they cannot wait), then inactivity; one inactivity reminder per person per tick.
    const ordered = [...candidates.filter((c) => c.kind === "reminder.due"), ...candidates.filter((c) => c.kind === "reminder.inactive").slice(0, 1)];
    const seen = new Set<string>();
    for (const candidate of ordered) {
      if (seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      const claimed = await claim(userId, candidate.key, now);
      if (claimed !== "claimed") {
        result[claimed]++;
        continue;
      }
      if (await send({ userId, kind: candidate.kind, text: candidate.text, url: candidate.url, key: candidate.key }, now)) result.sent++;
      else result.failed++;
    }
  }
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

function uuidFrom(text: string) {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Announcements asked for in quiet hours whose time has come: queued now (the tick runs outside quiet hours). */
async function releaseWaiting(now: Date): Promise<number> {
  const due = await queryPartition<{ sk: string; jobId: string }>(reminderKeys.waitingPartition, { between: ["0", `${now.toISOString()}~`] });
  const { doc, table } = db();
  for (const item of due) {
    // Off the waiting list first, so the job runs; a crash in between leaves the job queued, and the local
    // server's restart (or the queue's redelivery) runs it.
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: reminderKeys.waitingPartition, sk: item.sk } }));
    await Job.enqueue({ kind: "broadcast", id: item.jobId });
  }
  return due.length;
}

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
      const message: Notify.Message = { userId: person.id, kind: "broadcast", text: `${unit.name}: ${job.params.text}`, key };
      try {
        const { sent } = await Notify.deliver(message, now);
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

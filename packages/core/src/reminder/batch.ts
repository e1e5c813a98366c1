import { createHash } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Campaign } from "../campaign";
import { Course } from "../course";
import { db } from "../db/client";
import { Job } from "../job";
import { log } from "../log";
import { DUE_REMINDER_DAYS, daysBetween, INACTIVITY_DAYS, isQuietHour, nextSendableAt, vietnamDay } from "../model";
import { Notify } from "../notify";
import { Progress } from "../progress";
import { User } from "../user";
import { claim, markDelivered } from "./claim";
import { reminderKeys } from "./reminder.entity";

/**
 * One batch of the day's reminders: a job (kind `reminders`) on the jobs queue, for at most TEAMS_PER_BATCH teams
 * under the campaigns the tick planned. The tick knows only teams (from the unit tree); the batch reads each
 * team's members and progress, decides who is owed which reminder, claims each one and sends it. A batch run
 * again (SQS delivers at least once; a failed batch is retried) sends nothing twice and completes what the last
 * run left (claim.ts). Reading the people here rather than in the tick keeps the tick small at any size (a
 * national campaign is 74,000 teams) and means nobody is reminded of a course they finished since the tick.
 */

/** Teams per batch: about 235 members at the national average of 4.7 a team, well inside the worker's 5 minutes. */
export const TEAMS_PER_BATCH = 50;
/**
 * A batch that has reminded this many people, or run this long, hands its remaining teams to a new job: teams
 * are uneven (a big commune's run to 70 members), and a batch must end well before the worker's timeout.
 */
export const PEOPLE_PER_RUN = 600;
const RUN_BUDGET_MS = 120_000;
/** Who a batch acts for, in the job record (jobs need a requester; nobody follows these from the web app). */
const SCHEDULER = "scheduler";

/** A job's params are JSON (`Record<string, unknown>`), hence types rather than interfaces. */
export type BatchParams = {
  /** The tick's clock when it planned the batch (tests move it; see `clockOf`). */
  at: string;
  /** The Vietnam day the tick planned for. */
  day: string;
  campaignIds: string[];
  /** Each team with the campaigns over it (indexes into campaignIds). */
  teams: { id: string; campaigns: number[] }[];
};

export type BatchResult = {
  teams: number;
  people: number;
  sent: number;
  capped: number;
  duplicate: number;
  failed: number;
  /** The job that took over the remaining teams (the run's budget was spent, or quiet hours began). */
  continuedAs?: string;
};

interface Candidate {
  userId: string;
  /** The idempotency key: reminder and person and day (or, for inactivity, the day the stretch began). */
  key: string;
  kind: "reminder.due" | "reminder.inactive";
  text: string;
  url: string;
}

/** What a learner of a campaign still has to do, and when they last learned (Vietnam day). */
interface Learner {
  userId: string;
  missing: string[];
  lastActiveDay: string;
}

const publicUrl = () => (process.env.PUBLIC_URL ?? "").replace(/\/$/, "");
/** The course's address in full: channels add it on a line of its own (an SMS cannot open a relative link). */
const courseLink = (courseId: string) => `${publicUrl()}/courses/${encodeURIComponent(courseId)}`;
const shortDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

export function uuidFrom(text: string) {
  const hex = createHash("sha256").update(text).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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

/** A team's active, activated members: the courses each finished and the day they last learned. */
async function teamLearners(teamId: string) {
  const [people, progress] = await Promise.all([User.listForUnit(teamId), Progress.listForUnit(teamId)]);
  const done = new Set(progress.filter((p) => p.completedAt).map((p) => `${p.userId}#${p.courseId}`));
  const last = new Map<string, string>();
  for (const record of progress) if ((last.get(record.userId) ?? "") < record.lastActivityAt) last.set(record.userId, record.lastActivityAt);
  return people
    .filter((person) => User.countsAsMember(person.roles) && person.active && !person.pending)
    .map((person) => ({
      userId: person.id,
      lastActiveDay: vietnamDay(new Date(last.get(person.id) ?? person.createdAt)),
      missingOf: (campaign: Campaign.Info) => campaign.courseIds.filter((courseId) => !done.has(`${person.id}#${courseId}`)),
    }));
}

/**
 * Records a batch once (its id is a hash of what it covers, so a tick that plans again makes the same job) and
 * queues it. A batch recorded but never queued (a tick that stopped in between) is queued again: running a batch
 * twice sends nothing twice.
 */
export async function queueBatch(params: BatchParams, unitId: string, id = uuidFrom(JSON.stringify([params.day, params.campaignIds, params.teams]))) {
  const { job, created } = await Job.create({ id, kind: "reminders", requestedBy: SCHEDULER, unitId, params });
  if (!created && job.status !== "done") await Job.enqueue({ kind: "reminders", id });
  return id;
}

/**
 * Teams a batch could not remind before quiet hours, on the same waiting list as announcements: the first tick
 * after 07:00 queues them as a batch of its own (releaseWaiting in index.ts), run by that tick's clock.
 */
async function park(id: string, params: BatchParams, unitId: string) {
  const { doc, table } = db();
  const notBefore = nextSendableAt(new Date(params.at)).toISOString();
  await doc.send(new PutCommand({ TableName: table, Item: { ...reminderKeys.waiting(notBefore, id), jobId: id, kind: "reminders", unitId, params } }));
}

/**
 * The clock a batch runs by: the tick's, moved on by the time since the job was recorded. In AWS that is the real
 * clock; a test (or the local /dev/tick) that runs the tick at another time sees its batches run at that time too.
 */
function clockOf(job: Job.Info<BatchParams>) {
  const offset = Date.parse(job.params.at) - Date.parse(job.createdAt);
  return () => new Date(Date.now() + offset);
}

/**
 * Runs one batch: each team's learners, their due-date reminders (every campaign over them) before one inactivity
 * reminder, each claimed (weekly cap) and delivered. Quiet hours are checked before each person: from 21:00 the
 * teams left go to a job that waits for 07:00. A delivery that fails (a channel, the database) leaves its claim
 * pending, and the batch fails once the rest are done, so the queue runs it again (SQS after its visibility
 * timeout, three receives, then the dead-letter queue and its alarm; locally after 2, 4 and 8 seconds).
 */
export async function runBatch(jobId: string): Promise<void> {
  const job = await Job.get<BatchParams, BatchResult>(jobId);
  if (!job || job.status === "done") return;
  const params = job.params;
  const clock = clockOf(job);
  const started = Date.now();
  const result: BatchResult = { teams: 0, people: 0, sent: 0, capped: 0, duplicate: 0, failed: 0 };
  const handOff = async (index: number, quiet: boolean) => {
    const rest: BatchParams = { ...params, at: clock().toISOString(), teams: params.teams.slice(index) };
    const id = uuidFrom(`${jobId}#${index}`);
    if (quiet) await park(id, rest, job.unitId);
    else await queueBatch(rest, job.unitId, id);
    result.continuedAs = id;
  };
  if (isQuietHour(clock())) {
    await handOff(0, true);
    await Job.update(jobId, { status: "done", progress: 100, result });
    return;
  }
  await Job.update(jobId, { status: "running" });
  const today = vietnamDay(clock());
  // A batch that runs on a later day than planned (it waited out the night, or was redriven) reminds as of today:
  // tomorrow's tick plans the same teams again, and the keys of today's reminders are the same in both.
  const campaigns = (await Promise.all(params.campaignIds.map((id) => Campaign.get(id)))).map((campaign) =>
    campaign && campaign.startsOn <= today && campaign.dueOn >= today ? campaign : undefined,
  );
  const titles = new Map<string, string>();
  for (const campaign of campaigns)
    for (const courseId of campaign?.courseIds ?? []) if (!titles.has(courseId)) titles.set(courseId, (await Course.getMeta(courseId))?.title ?? courseId);
  let failures = 0;
  for (const [index, team] of params.teams.entries()) {
    if (index > 0 && (result.people >= PEOPLE_PER_RUN || Date.now() - started > RUN_BUDGET_MS)) {
      await handOff(index, false);
      break;
    }
    if (isQuietHour(clock())) {
      await handOff(index, true);
      break;
    }
    const over = team.campaigns.map((i) => campaigns[i]).filter((c): c is Campaign.Info => Boolean(c));
    if (!over.length) continue;
    result.teams++;
    for (const person of await teamLearners(team.id)) {
      const due: Candidate[] = [];
      let idle: Candidate | undefined;
      for (const campaign of over) {
        const learner: Learner = { userId: person.userId, missing: person.missingOf(campaign), lastActiveDay: person.lastActiveDay };
        if (!learner.missing.length) continue;
        const daysLeft = daysBetween(today, campaign.dueOn);
        if ((DUE_REMINDER_DAYS as readonly number[]).includes(daysLeft)) due.push(dueReminder(campaign, learner, titles, today, daysLeft));
        // One inactivity reminder a person (its key names no campaign): the first campaign's courses.
        idle ??= inactivityReminder(learner, titles, today);
      }
      // Due dates first (they cannot wait), then inactivity.
      const ordered = idle ? [...due, idle] : due;
      if (!ordered.length) continue;
      result.people++;
      for (const candidate of ordered) {
        const now = clock();
        const claimed = await claim(person.userId, candidate.key, now);
        if (claimed === "capped" || claimed === "duplicate") {
          result[claimed]++;
          continue;
        }
        try {
          await Notify.deliver({ userId: person.userId, kind: candidate.kind, text: candidate.text, url: candidate.url, key: candidate.key }, now);
          await markDelivered(candidate.key, now);
          result.sent++;
        } catch (err) {
          failures++;
          result.failed++;
          log.warn("reminder.delivery_failed", { key: candidate.key, error: String((err as Error).message ?? err) });
        }
      }
    }
  }
  if (failures) {
    await Job.update(jobId, { result });
    // Thrown so the queue runs the batch again; its pending claims are delivered then, the rest are duplicates.
    throw new Error(`${failures} reminder(s) of batch ${jobId} not delivered; the batch will run again`);
  }
  await Job.update(jobId, { status: "done", progress: 100, result });
}

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

/** Teams per batch: about 235 members at the national average of 4.7 a team, well inside the worker's 15 minutes. */
export const TEAMS_PER_BATCH = 50;
/**
 * A batch that has reminded this many people, or run this long, hands its remaining teams to a new job: teams
 * are uneven (a big commune's run to 70 members), and a batch must end well before the worker's timeout.
 */
export const PEOPLE_PER_RUN = 600;
const RUN_BUDGET_MS = 120_000;
/** Receives of a message before SQS moves it to the dead-letter queue (MAX_RECEIVE_COUNT in infra/jobs.ts). */
const FAILED_RUNS = 3;
/** Who a batch acts for, in the job record (jobs need a requester; nobody follows these from the web app). */
const SCHEDULER = "scheduler";

/** A job's params are JSON (`Record<string, unknown>`), hence types rather than interfaces. */
export type BatchParams = {
  /** The tick's clock when it planned the batch (tests move it; see `clockOf`). */
  at: string;
  /**
   * The Vietnam day the tick planned for. Due-date reminders are decided, and keyed, by this day, not by the day
   * the batch happens to run: a batch parked at 21:00, retried in the night or redriven the next day still sends
   * that day's reminders (and completes that day's pending claims, whose keys name it).
   */
  day: string;
  campaignIds: string[];
  /** Each campaign's version when planned (see `versionOf`): a campaign changed since is a new plan, new jobs. */
  versions?: string[];
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
  /** Reminders another run was sending at that moment (Notify's `busy`): that run marks them delivered. */
  busy: number;
  /** Runs of this job that failed in a row (the queue stops after FAILED_RUNS, see runBatch). */
  failedRuns?: number;
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

/**
 * The reminder owed `daysLeft` days before the due date, on the planned `day` (its key); the text says how many
 * days are really left when it goes (`leftNow`: fewer, for a batch that waited out the night).
 */
function dueReminder(campaign: Campaign.Info, learner: Learner, titles: Map<string, string>, day: string, daysLeft: number, leftNow: number): Candidate {
  const courses = learner.missing.map((id) => `“${titles.get(id) ?? id}”`).join(", ");
  const due = shortDate(campaign.dueOn);
  const when = leftNow <= 0 ? `Hôm nay (${due}) là hạn` : leftNow === 1 ? `Ngày mai (${due}) là hạn` : `Còn ${leftNow} ngày đến hạn ${due}`;
  return {
    userId: learner.userId,
    key: `due-${daysLeft}:${campaign.id}:${learner.userId}:${day}`,
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

/** What defines a campaign's reminders: a campaign whose unit, courses or dates changed is planned again. */
export function versionOf(campaign: Campaign.Info): string {
  const { unitId, courseIds, startsOn, dueOn, title } = campaign;
  return uuidFrom(JSON.stringify([unitId, courseIds, startsOn, dueOn, title]));
}

/** A batch's id: a hash of what it covers, so a tick that plans again makes the same job. */
export const batchId = (params: BatchParams) =>
  uuidFrom(JSON.stringify([params.day, params.campaignIds, params.teams, ...(params.versions ? [params.versions] : [])]));

/**
 * Records a batch once and queues it. A batch recorded but never queued (a tick that stopped in between) is queued
 * again; one whose message was sent (`enqueuedAt`) is not, even by a tick that plans again: the queue has it, and
 * its retries are the queue's.
 */
export async function queueBatch(params: BatchParams, unitId: string, id = batchId(params)) {
  const { job } = await Job.create({ id, kind: "reminders", requestedBy: SCHEDULER, unitId, params }, { enqueue: false });
  if (job.status === "done" || job.enqueuedAt) return id;
  await Job.enqueue({ kind: "reminders", id });
  await Job.setOnce(id, "enqueuedAt", { enqueuedAt: new Date().toISOString() });
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

/** Notify.deliver failed only because another run holds every failed channel (it is sending it right now). */
function onlyBusy(err: unknown) {
  return err instanceof Notify.DeliveryError && err.causes.length > 0 && err.causes.every((cause) => cause.endsWith(": another delivery is sending it"));
}

/**
 * Runs one batch: each team's learners, their due-date reminders (every campaign over them, as of the planned
 * day) before one inactivity reminder, each claimed (weekly cap) and delivered. Quiet hours are checked before
 * each person: from 21:00 the teams left go to a job that waits for 07:00. Anything that fails (a channel, the
 * database, one team's read) is counted and the batch goes on with the others; it fails once the rest are done,
 * so the queue runs it again and the retry delivers the pending claims (SQS after its visibility timeout, three
 * receives, then the dead-letter queue and its alarm; locally after 2, 4 and 8 seconds).
 */
export async function runBatch(jobId: string): Promise<void> {
  const job = await Job.get<BatchParams, BatchResult>(jobId);
  if (!job || job.status === "done") return;
  const params = job.params;
  const clock = clockOf(job);
  const started = Date.now();
  const result: BatchResult = { teams: 0, people: 0, sent: 0, capped: 0, duplicate: 0, failed: 0, busy: 0 };
  /** Sends `teams` to job `id`, once: queued, or parked for 07:00 in quiet hours. */
  const pass = async (id: string, teams: BatchParams["teams"], quiet: boolean) => {
    if (!teams.length) return;
    const rest: BatchParams = { ...params, at: clock().toISOString(), teams };
    if (!quiet) await queueBatch(rest, job.unitId, id);
    else if (!(await Job.get(id))) await park(id, rest, job.unitId);
  };
  /**
   * Hands the teams from `index` on to another job, and returns the first team that job took. The job is recorded
   * on this one the first time (a conditional write), so a retry, or a second run at once, reuses it rather than
   * starting another that overlaps it; a run that stopped between the record and the queue is completed here.
   */
  const handOff = async (index: number, quiet: boolean): Promise<number> => {
    const { job: after } = await Job.setOnce<BatchParams, BatchResult>(jobId, "continuedAs", {
      continuedAs: uuidFrom(`${jobId}#${index}`),
      continuedFrom: index,
    });
    const from = after?.continuedFrom ?? index;
    const id = after?.continuedAs ?? uuidFrom(`${jobId}#${index}`);
    await pass(id, params.teams.slice(from), quiet);
    result.continuedAs = id;
    // An earlier run handed off later teams than this one reached: in quiet hours the teams in between wait too.
    if (quiet && from > index) await pass(uuidFrom(`${jobId}#${index}-${from}`), params.teams.slice(index, from), true);
    return from;
  };
  // This run stops where an earlier run's continuation begins (and makes sure that continuation is queued).
  let end = params.teams.length;
  if (job.continuedFrom !== undefined) end = await handOff(job.continuedFrom, isQuietHour(clock()));
  if (isQuietHour(clock())) {
    await handOff(0, true);
    await Job.update(jobId, { status: "done", progress: 100, result });
    return;
  }
  await Job.update(jobId, { status: "running" });
  const day = params.day;
  const runDay = vietnamDay(clock());
  // Campaigns running on the planned day and not over by now (a reminder about a passed due date helps nobody).
  const campaigns = (await Promise.all(params.campaignIds.map((id) => Campaign.get(id)))).map((campaign) =>
    campaign && campaign.startsOn <= day && campaign.dueOn >= day && campaign.dueOn >= runDay ? campaign : undefined,
  );
  const titles = new Map<string, string>();
  for (const campaign of campaigns)
    for (const courseId of campaign?.courseIds ?? []) if (!titles.has(courseId)) titles.set(courseId, (await Course.getMeta(courseId))?.title ?? courseId);
  let failures = 0;
  let handedOff = job.continuedFrom !== undefined;
  const fail = (what: string, err: unknown) => {
    failures++;
    result.failed++;
    log.warn("reminder.batch_failed", { job: jobId, what, error: String((err as Error).message ?? err) });
  };
  teams: for (let index = 0; index < end; index++) {
    const team = params.teams[index]!;
    if (!handedOff && index > 0 && (result.people >= PEOPLE_PER_RUN || Date.now() - started > RUN_BUDGET_MS)) {
      handedOff = true;
      end = await handOff(index, false);
      if (index >= end) break;
    }
    const over = team.campaigns.map((i) => campaigns[i]).filter((c): c is Campaign.Info => Boolean(c));
    if (!over.length) continue;
    result.teams++;
    let people: Awaited<ReturnType<typeof teamLearners>>;
    try {
      people = await teamLearners(team.id);
    } catch (err) {
      fail(`team ${team.id}`, err);
      continue;
    }
    for (const person of people) {
      // Per person: a big team can take long enough for 21:00 to come in the middle of it.
      if (isQuietHour(clock())) {
        await handOff(index, true);
        break teams;
      }
      try {
        await remind(person, over);
      } catch (err) {
        fail(`person ${person.userId}`, err);
      }
    }
  }

  /** One person's reminders: claimed, then delivered; what throws is counted by the caller. */
  async function remind(person: Awaited<ReturnType<typeof teamLearners>>[number], over: Campaign.Info[]) {
    const due: Candidate[] = [];
    let idle: Candidate | undefined;
    for (const campaign of over) {
      const learner: Learner = { userId: person.userId, missing: person.missingOf(campaign), lastActiveDay: person.lastActiveDay };
      if (!learner.missing.length) continue;
      const daysLeft = daysBetween(day, campaign.dueOn);
      if ((DUE_REMINDER_DAYS as readonly number[]).includes(daysLeft))
        due.push(dueReminder(campaign, learner, titles, day, daysLeft, daysBetween(runDay, campaign.dueOn)));
      // One inactivity reminder a person (its key names no campaign): the first campaign's courses.
      idle ??= inactivityReminder(learner, titles, runDay);
    }
    // Due dates first (they cannot wait), then inactivity.
    const ordered = idle ? [...due, idle] : due;
    if (!ordered.length) return;
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
        // Another run is sending a claim it made (or a stopped run's claim it picked up): it marks it delivered,
        // and if it dies first the retry of its own job delivers it. Not this batch's failure to retry.
        if (claimed === "pending" && onlyBusy(err)) {
          result.busy++;
          continue;
        }
        fail(candidate.key, err);
      }
    }
  }

  if (failures) {
    result.failedRuns = (job.result?.failedRuns ?? 0) + 1;
    if (result.failedRuns >= FAILED_RUNS) {
      // The queue gives up on this message now (dead-letter queue and its alarm). So that its pending claims and
      // the teams it did not reach are not lost, the job is recorded as failed and put on the waiting list, and
      // the next tick queues it again if it is still its day (releaseWaiting in index.ts).
      await Job.update(jobId, { status: "failed", result, error: `${failures} reminder(s) not delivered` });
      const { doc, table } = db();
      const notBefore = nextSendableAt(clock()).toISOString();
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...reminderKeys.waiting(notBefore, jobId), jobId, kind: "reminders", retry: true, unitId: job.unitId, params },
        }),
      );
    } else await Job.update(jobId, { result });
    // Thrown so the queue runs the batch again; its pending claims are delivered then, the rest are duplicates.
    throw new Error(`${failures} reminder(s) of batch ${jobId} not delivered; the batch will run again`);
  }
  await Job.update(jobId, { status: "done", progress: 100, result });
}

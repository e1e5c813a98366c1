export * as Campaign from "./index";

import { createHash } from "node:crypto";
import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers, assertCanOversee } from "../auth/scope";
import { Course } from "../course";
import { db } from "../db/client";
import { getMany, queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import {
  type Assignment,
  type Assignments,
  CAMPAIGN_LIMITS,
  type CampaignDetail,
  type CampaignProgressRow,
  type CampaignSummary,
  daysBetween,
  standingOf,
  vietnamDay,
} from "../model";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { User } from "../user";
import { unitKeys } from "../unit/unit.entity";
import { campaignKeys } from "./campaign.entity";

/**
 * Campaigns: an admin assigns courses to a unit's subtree with a start, a due date and a target share of
 * members certified. Progress is read from the subtree counters that completion already maintains (one query per
 * unit shown), the forecast from a daily snapshot of those counters, and a member's phone reads its assignments
 * from a pointer in each ancestor's partition. Days are Vietnam calendar days.
 */

const Day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, "A day is written YYYY-MM-DD"),
  z.refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), "Not a calendar day"),
);

export const CreateInput = z.object({
  unitId: z.string().check(z.minLength(1), z.maxLength(80)),
  title: z.optional(z.string().check(z.trim(), z.maxLength(CAMPAIGN_LIMITS.titleMax))),
  courseIds: z.array(Course.CourseId).check(z.minLength(1, "Choose at least one course"), z.maxLength(CAMPAIGN_LIMITS.coursesMax)),
  startsOn: Day,
  dueOn: Day,
  targetPercent: z.int().check(z.minimum(1), z.maximum(100)),
});
export type CreateInput = z.infer<typeof CreateInput>;

export const ListQuery = z.object({ unitId: z.string().check(z.minLength(1), z.maxLength(80)) });

export interface Info {
  id: string;
  unitId: string;
  title: string;
  courseIds: string[];
  startsOn: string;
  dueOn: string;
  targetPercent: number;
  createdBy: string;
  createdAt: string;
  /** Earlier units the campaign was set for, when units merged (reorganise/merge.ts). */
  movedFrom?: string[];
}

const notFound = () => new VisibleError("campaign.not_found", "There is no campaign with this id.");

/**
 * The same plan asked for twice (a retried request, a double tap) is the same campaign: its id is a hash of what
 * defines it, so creating is idempotent without the client keeping a key.
 */
function idFor(input: CreateInput): string {
  const hex = createHash("sha256")
    .update(JSON.stringify([input.unitId, [...input.courseIds].sort(), input.startsOn, input.dueOn, input.targetPercent, input.title ?? ""]))
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function get(id: string): Promise<Info | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: campaignKeys.campaign(id) }));
  return Item ? (withoutKeys(Item) as unknown as Info) : undefined;
}

/** A course learners of this unit can take: published, not a trainer's test, national or of the unit's province. */
async function assertCoursesFor(unit: Unit.Info, courseIds: readonly string[]) {
  const lineage = Unit.lineage(unit);
  const metas = await Promise.all(courseIds.map((id) => Course.getMeta(id)));
  metas.forEach((meta, i) => {
    if (!meta || !Course.offeredUnder(meta, lineage))
      throw new VisibleError("campaign.course_unavailable", `Course ${courseIds[i]} is not published for this unit's learners.`, {
        details: { courseId: courseIds[i] },
      });
  });
  return metas as Course.Meta[];
}

function assertDates(input: CreateInput, today: string) {
  const length = daysBetween(input.startsOn, input.dueOn);
  const bad = length < 0 || length > CAMPAIGN_LIMITS.daysMax || input.dueOn < today || daysBetween(today, input.startsOn) > CAMPAIGN_LIMITS.aheadDaysMax;
  if (bad) throw new VisibleError("campaign.bad_dates", undefined, { params: { days: CAMPAIGN_LIMITS.daysMax } });
}

/**
 * Creates a campaign for a unit the admin administers (audited, in one transaction with its pointers). The same
 * request again returns the same campaign (`created: false`).
 */
export async function create(
  viewer: Session,
  raw: z.input<typeof CreateInput>,
  actor: Audit.Actor,
  now = new Date(),
): Promise<{ id: string; created: boolean }> {
  const input = CreateInput.parse(raw);
  const unit = await Unit.get(input.unitId);
  if (!unit || unit.archivedAt || !administers(viewer, unit)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  const courseIds = [...new Set(input.courseIds)];
  assertDates(input, vietnamDay(now));
  const courses = await assertCoursesFor(unit, courseIds);
  const id = idFor({ ...input, courseIds });
  const campaign: Info = {
    id,
    unitId: unit.id,
    title:
      input.title ||
      courses
        .map((c) => c.title)
        .join(", ")
        .slice(0, CAMPAIGN_LIMITS.titleMax),
    courseIds,
    startsOn: input.startsOn,
    dueOn: input.dueOn,
    targetPercent: input.targetPercent,
    createdBy: actor.userId,
    createdAt: now.toISOString(),
  };
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...campaignKeys.campaign(id), ...campaign }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Put: { TableName: table, Item: { ...campaignKeys.pointer(unit.id, campaign.dueOn, id), campaignId: id } } },
          { Put: { TableName: table, Item: { ...campaignKeys.byDue(campaign.dueOn, id), campaignId: id, unitId: unit.id } } },
          Audit.entryPut(actor, "campaign.create", unit.id, id, {
            courseIds,
            startsOn: campaign.startsOn,
            dueOn: campaign.dueOn,
            targetPercent: campaign.targetPercent,
          }),
        ],
      }),
    );
  } catch (err) {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if ((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed") return { id, created: false };
    throw err;
  }
  // The baseline the first forecasts measure the pace from.
  await snapshot(campaign, now);
  return { id, created: true };
}

function phaseOf(campaign: Info, today: string): CampaignSummary["phase"] {
  return today < campaign.startsOn ? "upcoming" : today > campaign.dueOn ? "ended" : "running";
}

async function summaryOf(campaign: Info, today: string, unit?: Unit.Info): Promise<CampaignSummary> {
  const owner = unit ?? (await Unit.get(campaign.unitId));
  return {
    id: campaign.id,
    unitId: campaign.unitId,
    unitName: owner?.name ?? campaign.unitId,
    title: campaign.title,
    courseIds: campaign.courseIds,
    startsOn: campaign.startsOn,
    dueOn: campaign.dueOn,
    targetPercent: campaign.targetPercent,
    createdAt: campaign.createdAt,
    phase: phaseOf(campaign, today),
  };
}

/** Course completions of the campaign's courses and members, in a unit's whole subtree, from its counters. */
async function countsOf(campaign: Info, unitId: string) {
  const stats = await Unit.stats(unitId, { months: 0 });
  const completed = campaign.courseIds.reduce((sum, courseId) => sum + (stats.completedByCourse[courseId] ?? 0), 0);
  return { members: stats.members, completed };
}

const percentOf = (completed: number, members: number, courses: number) =>
  members ? Math.min(100, Math.round((completed / (members * Math.max(1, courses))) * 100)) : 0;

/**
 * The percent expected on the due date: today's completions plus the pace since the oldest snapshot of the last
 * `paceDays` days (or the campaign's baseline) times the days left. Null with no earlier snapshot to measure from.
 */
function forecast(campaign: Info, unitId: string, now: { completed: number; members: number }, past: Snapshot | undefined, today: string) {
  if (today > campaign.dueOn) return percentOf(now.completed, now.members, campaign.courseIds.length);
  const then = past?.completed[unitId];
  if (!past || then === undefined) return null;
  const days = daysBetween(past.day, today);
  if (days <= 0) return null;
  const pace = Math.max(0, now.completed - then) / days;
  const expected = now.completed + pace * Math.max(0, daysBetween(today, campaign.dueOn));
  return percentOf(expected, now.members, campaign.courseIds.length);
}

interface Snapshot {
  day: string;
  completed: Record<string, number>;
}

async function pastSnapshot(campaign: Info, today: string): Promise<Snapshot | undefined> {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - CAMPAIGN_LIMITS.paceDays * 86_400_000).toISOString().slice(0, 10);
  const range = campaignKeys.snapshotFrom(campaign.id, from);
  const items = await queryPartition<{ day: string; completed: Record<string, number> }>(range.pk, { between: range.between, limit: 1 });
  const oldest = items[0];
  return oldest && oldest.day < today ? { day: oldest.day, completed: oldest.completed } : undefined;
}

/** Members of a team (active, activated learners) who have not finished every course of the campaign. */
async function unfinishedIn(campaign: Info, team: Unit.Info) {
  const [people, progress] = await Promise.all([User.listForUnit(team.id), Progress.listForUnit(team.id)]);
  const done = new Set(progress.filter((p) => p.completedAt && campaign.courseIds.includes(p.courseId)).map((p) => `${p.userId}#${p.courseId}`));
  return people
    .filter((person) => User.countsAsMember(person.roles) && person.active && !person.pending)
    .map((person) => ({ userId: person.id, fullName: person.fullName, missing: campaign.courseIds.filter((c) => !done.has(`${person.id}#${c}`)) }))
    .filter((person) => person.missing.length > 0)
    .sort((a, b) => a.fullName.localeCompare(b.fullName, "vi"));
}

async function detailAt(campaign: Info, unit: Unit.Info, today: string, withNames: boolean): Promise<CampaignDetail> {
  const [children, past, metas] = await Promise.all([
    Unit.children(unit.id).then((units) => units.filter((u) => !u.archivedAt)),
    pastSnapshot(campaign, today),
    Promise.all(campaign.courseIds.map((id) => Course.getMeta(id))),
  ]);
  const courses = campaign.courseIds.length;
  const rowOf = async (u: Unit.Info): Promise<CampaignProgressRow> => {
    const counts = await countsOf(campaign, u.id);
    const percent = percentOf(counts.completed, counts.members, courses);
    const forecastPercent = forecast(campaign, u.id, counts, past, today);
    return {
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      ...counts,
      percent,
      forecastPercent,
      standing: standingOf({ percent, targetPercent: campaign.targetPercent, today, dueOn: campaign.dueOn, forecastPercent }),
      unfinished: Unit.holdsMembers(u.kind) ? (await unfinishedIn(campaign, u)).length : null,
    };
  };
  const [own, ...rows] = await Promise.all([rowOf(unit), ...children.map(rowOf)]);
  const summary = await summaryOf(campaign, today);
  return {
    ...summary,
    courses: campaign.courseIds.map((id, i) => ({ id, title: metas[i]?.title ?? id })),
    members: own!.members,
    completed: own!.completed,
    percent: own!.percent,
    forecastPercent: own!.forecastPercent,
    standing: own!.standing,
    // Behind first, so the admin sees whom to chase; then by share, then by name.
    children: rows.sort((a, b) => rank(a) - rank(b) || a.percent - b.percent || a.name.localeCompare(b.name, "vi")),
    ...(withNames && Unit.holdsMembers(unit.kind) ? { unfinishedMembers: await unfinishedIn(campaign, unit) } : {}),
  };
}

const ORDER: Record<CampaignProgressRow["standing"], number> = { overdue: 0, behind: 1, unknown: 2, on_track: 3, reached: 4 };
const rank = (row: CampaignProgressRow) => ORDER[row.standing];

/** A campaign with progress for its unit and each child unit (admins over the campaign's unit). */
export async function detail(viewer: Session, id: string, now = new Date()): Promise<CampaignDetail> {
  const campaign = await get(id);
  const unit = campaign && (await Unit.get(campaign.unitId));
  if (!campaign || !unit || !administers(viewer, unit)) throw notFound();
  return detailAt(campaign, unit, vietnamDay(now), true);
}

/**
 * A campaign seen from a unit inside it (a commune admin following the province's campaign, a team leader
 * their team): that unit and its children; a team's own page names its members who have not finished.
 */
export async function detailFor(viewer: Session, id: string, unitId: string, now = new Date()): Promise<CampaignDetail> {
  const campaign = await get(id);
  if (!campaign) throw notFound();
  const unit = await assertCanOversee(viewer, unitId).catch(() => {
    throw notFound();
  });
  if (!Unit.lineage(unit).includes(campaign.unitId)) throw notFound();
  return detailAt(campaign, unit, vietnamDay(now), true);
}

/**
 * The campaigns that apply to a unit: set for it or for any unit above it (a commune admin sees the province's
 * campaign for their commune), newest due date first. For those who oversee the unit.
 */
export async function listFor(viewer: Session, unitId: string, now = new Date()): Promise<{ items: CampaignSummary[] }> {
  const unit = await assertCanOversee(viewer, unitId);
  const campaigns = await campaignsOver(unit);
  const today = vietnamDay(now);
  const items = await Promise.all(campaigns.map((c) => summaryOf(c, today)));
  return { items: items.sort((a, b) => b.dueOn.localeCompare(a.dueOn) || a.title.localeCompare(b.title, "vi")) };
}

/** Every campaign set for this unit or an ancestor: one small query per level, then one batch read. */
async function campaignsOver(unit: Unit.Info): Promise<Info[]> {
  const pointers = (
    await Promise.all(Unit.lineage(unit).map((id) => queryPartition<{ campaignId: string }>(unitKeys.partition(id), { prefix: campaignKeys.pointerPrefix })))
  ).flat();
  const items = await getMany(pointers.map((p) => campaignKeys.campaign(p.campaignId)));
  return items.filter((item): item is Record<string, unknown> => Boolean(item)).map((item) => withoutKeys(item) as unknown as Info);
}

/**
 * What a member is asked to learn: each course of each campaign over their team that has started and is not long
 * past due, with whether they finished it. Earliest due first.
 */
export async function assignments(userId: string, now = new Date()): Promise<Assignments> {
  const user = await User.get(userId);
  const unit = user?.unitId ? await Unit.get(user.unitId) : undefined;
  if (!user || !unit) return { items: [] };
  const today = vietnamDay(now);
  const shownFrom = new Date(Date.parse(`${today}T00:00:00Z`) - CAMPAIGN_LIMITS.shownAfterDueDays * 86_400_000).toISOString().slice(0, 10);
  const campaigns = (await campaignsOver(unit)).filter((c) => c.startsOn <= today && c.dueOn >= shownFrom);
  if (!campaigns.length) return { items: [] };
  const courseIds = [...new Set(campaigns.flatMap((c) => c.courseIds))];
  const [records, metas] = await Promise.all([Progress.listForUser(userId), Promise.all(courseIds.map((id) => Course.getMeta(id)))]);
  const titles = new Map(metas.filter((m): m is Course.Meta => Boolean(m)).map((m) => [m.id, m.title]));
  const done = new Set(records.filter((r) => r.completedAt).map((r) => r.courseId));
  const items: Assignment[] = campaigns.flatMap((c) =>
    c.courseIds
      .filter((courseId) => titles.has(courseId))
      .map((courseId) => ({
        campaignId: c.id,
        title: c.title,
        courseId,
        courseTitle: titles.get(courseId)!,
        startsOn: c.startsOn,
        dueOn: c.dueOn,
        completed: done.has(courseId),
      })),
  );
  // Unfinished first, then the nearest due date.
  return {
    items: items.sort(
      (a, b) => Number(a.completed) - Number(b.completed) || a.dueOn.localeCompare(b.dueOn) || a.courseTitle.localeCompare(b.courseTitle, "vi"),
    ),
  };
}

/** Campaigns running today or ended within `pastDays` days (the scheduler's working set), by due date. */
export async function open(now = new Date(), pastDays = 0): Promise<Info[]> {
  const today = vietnamDay(now);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - pastDays * 86_400_000).toISOString().slice(0, 10);
  const pointers = await queryPartition<{ campaignId: string }>(campaignKeys.byDuePartition, { between: [from, "~"] });
  const items = await getMany(pointers.map((p) => campaignKeys.campaign(p.campaignId)));
  return items
    .filter((item): item is Record<string, unknown> => Boolean(item))
    .map((item) => withoutKeys(item) as unknown as Info)
    .filter((c) => c.startsOn <= today);
}

/**
 * Today's completions for the campaign's unit and each child (once a day; a second call the same day changes
 * nothing), which later forecasts measure their pace from.
 */
export async function snapshot(campaign: Info, now = new Date()): Promise<void> {
  const day = vietnamDay(now);
  const unit = await Unit.get(campaign.unitId);
  if (!unit) return;
  const units = [unit, ...(await Unit.children(unit.id)).filter((u) => !u.archivedAt)];
  const counts = await Promise.all(units.map((u) => countsOf(campaign, u.id)));
  const completed = Object.fromEntries(units.map((u, i) => [u.id, counts[i]!.completed]));
  const { doc, table } = db();
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...campaignKeys.snapshot(campaign.id, day), day, completed, expiresAt: Math.floor(now.getTime() / 1000) + 400 * 86_400 },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
  }
}

/**
 * Campaigns set for a unit that merges into another go with it (reorganise/merge.ts): the pointer moves to the
 * surviving unit and the campaign names it, remembering where it came from. Safe to run again.
 */
export async function moveAll(fromUnitId: string, toUnitId: string, actor: Audit.Actor): Promise<number> {
  const pointers = await queryPartition<{ campaignId: string; sk: string }>(unitKeys.partition(fromUnitId), { prefix: campaignKeys.pointerPrefix });
  const { doc, table } = db();
  for (const pointer of pointers) {
    const campaign = await get(pointer.campaignId);
    if (!campaign) continue;
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: campaignKeys.campaign(campaign.id),
              UpdateExpression: "SET unitId = :to, movedFrom = list_append(if_not_exists(movedFrom, :none), :from)",
              ConditionExpression: "unitId = :fromId",
              ExpressionAttributeValues: { ":to": toUnitId, ":none": [], ":from": [fromUnitId], ":fromId": fromUnitId },
            },
          },
          { Delete: { TableName: table, Key: campaignKeys.pointer(fromUnitId, campaign.dueOn, campaign.id) } },
          { Put: { TableName: table, Item: { ...campaignKeys.pointer(toUnitId, campaign.dueOn, campaign.id), campaignId: campaign.id } } },
          { Put: { TableName: table, Item: { ...campaignKeys.byDue(campaign.dueOn, campaign.id), campaignId: campaign.id, unitId: toUnitId } } },
          Audit.entryPut(actor, "campaign.moved", toUnitId, campaign.id, { from: fromUnitId }),
        ],
      }),
    );
  }
  return pointers.length;
}

/** The campaigns that apply to a unit (set for it or an ancestor), for callers without a viewer (effectiveness/). */
export const over = (unit: Unit.Info): Promise<Info[]> => campaignsOver(unit);

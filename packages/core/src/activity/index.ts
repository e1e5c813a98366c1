export * as Activity from "./index";

import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers, assertCanOversee } from "../auth/scope";
import { db } from "../db/client";
import { getMany, queryPartition } from "../db/query";
import { VisibleError } from "../error";
import {
  MONTH_PATTERN,
  type ActivityProblem,
  type ActivityRefusal,
  activityProblem,
  basicSkillOf,
  BASIC_SKILLS,
  FIELD_OUTCOMES,
  FIELD_WORK_LIMITS,
  type FieldWorkMonth,
  fieldWorkMonth,
  type MyActivities,
  vietnamDay,
} from "../model";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { unitKeys } from "../unit/unit.entity";
import { User } from "../user";
import { activityKeys } from "./activity.entity";

/**
 * Field work: help a member gave residents ("Hướng dẫn người dân"). The phone queues each record in its outbox
 * under a uuid and sends it when it can; each record is written once, with the counters of the member's team and
 * every ancestor, in one transaction whose first item is the record itself (`attribute_not_exists`), so a replay
 * is accepted again and counted once. No resident's personal data is kept unless the resident consented.
 */

const ResidentPhone = z.string().check(z.trim(), z.maxLength(20), z.regex(/^[0-9+ .-]*$/, "A phone number holds digits only"));

/**
 * The shape of a record. The rules that can refuse one record of a batch (dates, counts, skills, outcomes,
 * consent: model/field-work.ts `activityProblem`) are checked per record after the shape, so the answer names
 * the record and the reason.
 */
export const ActivityInput = z.object({
  id: z.uuid("Each record needs a uuid id"),
  at: z.iso.datetime({ offset: true }),
  skill: z.string().check(z.minLength(1), z.maxLength(60)),
  outcome: z.string().check(z.minLength(1), z.maxLength(60)),
  people: z.number(),
  place: z.optional(z.string().check(z.trim(), z.maxLength(FIELD_WORK_LIMITS.placeMax))),
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
  resident: z.optional(
    z.object({
      name: z.optional(z.string().check(z.trim(), z.maxLength(FIELD_WORK_LIMITS.residentNameMax))),
      phone: z.optional(ResidentPhone),
      consent: z.boolean(),
    }),
  ),
});
export type ActivityInput = z.infer<typeof ActivityInput>;

export const ActivitiesInput = z.object({
  activities: z.array(ActivityInput).check(z.minLength(1), z.maxLength(FIELD_WORK_LIMITS.activitiesPerRequest)),
});

export const TargetInput = z.object({
  peoplePerMonth: z.int().check(z.minimum(0), z.maximum(FIELD_WORK_LIMITS.targetMax)),
});

export const MonthQuery = z.object({ month: z.optional(z.string().check(z.regex(MONTH_PATTERN, "A month is written YYYY-MM"))) });

export const rateRule: RateLimit.Rule = { limit: FIELD_WORK_LIMITS.activitiesPerMinute, windowSeconds: 60 };

/** Races on one record (the same outbox sent twice at once) or on a hot counter: tries before "busy". */
const MAX_RACES = 6;

const problemParams = (code: ActivityProblem | ActivityRefusal["code"]): Record<string, number> | undefined =>
  code === "activity.too_old"
    ? { days: FIELD_WORK_LIMITS.maxAgeDays }
    : code === "activity.people_out_of_range"
      ? { min: FIELD_WORK_LIMITS.peopleMin, max: FIELD_WORK_LIMITS.peopleMax }
      : undefined;

/** The member's team, or "not a member": staff without a team and citizens record no field work. */
async function teamOf(userId: string): Promise<Unit.Info> {
  const user = await User.get(userId);
  const refused = new VisibleError("activity.not_a_member", "Only members of a team record help given to residents.");
  if (!user?.active || !user.unitId || !User.countsAsMember(user.roles)) throw refused;
  const unit = await Unit.get(user.unitId);
  if (!unit || !Unit.holdsMembers(unit.kind)) throw refused;
  return unit;
}

/**
 * Records help from the phone's outbox. Records already written (replays) are accepted again without effect.
 * If any new record breaks a rule, nothing is written and the answer names each refused record
 * (`details.items`), so the outbox sends the others again on their own and shows the refused one with its reason;
 * a batch of one record is answered with that record's own code.
 */
export async function record(userId: string, raw: z.input<typeof ActivitiesInput>, now = new Date()): Promise<{ accepted: string[] }> {
  const { activities } = ActivitiesInput.parse(raw);
  await RateLimit.hit(`activities:${userId}`, rateRule, now.getTime(), activities.length);
  const team = await teamOf(userId);
  const found = await getMany(
    activities.map((activity) => activityKeys.activity(userId, activity.id)),
    { consistent: true },
  );
  const fresh = activities.filter((_, i) => !found[i]);
  const refusals: ActivityRefusal[] = fresh.flatMap((activity) => {
    const code = activityProblem(activity, now) ?? (activity.unitId && activity.unitId !== team.id ? "activity.not_your_team" : undefined);
    return code ? [{ id: activity.id, code }] : [];
  });
  if (refusals.length) {
    const only = activities.length === 1 ? refusals[0] : undefined;
    if (only) throw new VisibleError(only.code, undefined, { params: problemParams(only.code), details: { items: refusals } });
    throw new VisibleError("activity.batch_rejected", undefined, { details: { items: refusals.map((r) => ({ ...r, params: problemParams(r.code) })) } });
  }
  for (const activity of fresh) await write(userId, team, activity, now);
  return { accepted: activities.map((activity) => activity.id) };
}

/** One record, its counters up the tree and the open-account check, in one transaction. */
async function write(userId: string, team: Unit.Info, activity: ActivityInput, now: Date) {
  const { doc, table } = db();
  const skill = basicSkillOf(activity.skill)!;
  const { resident } = activity;
  // Only with the resident's consent is anything about them kept, and then only what was given.
  const kept =
    resident?.consent && (resident.name || resident.phone)
      ? { resident: { ...(resident.name ? { name: resident.name } : {}), ...(resident.phone ? { phone: resident.phone } : {}), consentAt: now.toISOString() } }
      : {};
  const item = {
    ...activityKeys.activity(userId, activity.id),
    id: activity.id,
    userId,
    unitId: team.id,
    at: activity.at,
    month: fieldWorkMonth(activity.at),
    skill: activity.skill,
    basicSkill: skill,
    outcome: activity.outcome,
    people: activity.people,
    ...(activity.place ? { place: activity.place } : {}),
    ...kept,
    recordedAt: now.toISOString(),
  };
  for (let race = 0; race < MAX_RACES; race++) {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: item, ConditionExpression: "attribute_not_exists(pk)" } },
            User.activeCheck(userId),
            ...Unit.fieldWorkCounterUpdates(team, { month: item.month, skill, outcome: activity.outcome, people: activity.people }),
            Unit.helpDayUpdate(team, { day: vietnamDay(new Date(activity.at)), people: activity.people, userId }),
          ],
        }),
      );
      return;
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      // The record is there already: the same outbox sent twice at once, and the other request wrote it.
      if (reasons[0]?.Code === "ConditionalCheckFailed") return;
      if (reasons[1]?.Code === "ConditionalCheckFailed") throw new VisibleError("auth.session_ended", "Your session has ended. Please sign in again.");
      if (!reasons.some((r) => r.Code === "TransactionConflict")) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (race + 1)));
    }
  }
  throw new VisibleError("progress.busy", "Too many changes at once. Please try again.", { retryAfterSeconds: 1 });
}

/** Records shown on the member's list, newest first. */
const MY_LIST_SIZE = 50;

/** The member's own records, newest first (without what they noted about residents). */
export async function mine(userId: string): Promise<MyActivities> {
  const items = await queryPartition<Record<string, unknown>>(activityKeys.memberPartition(userId), { prefix: activityKeys.activityPrefix });
  return {
    items: items
      .map((item) => ({
        id: String(item.id),
        at: String(item.at),
        skill: String(item.skill),
        outcome: String(item.outcome),
        people: Number(item.people),
        ...(item.place ? { place: String(item.place) } : {}),
        unitId: String(item.unitId),
        recordedAt: String(item.recordedAt),
      }))
      .sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id))
      .slice(0, MY_LIST_SIZE),
  };
}

/** A team's monthly target of people helped, or null when none is set. */
export const targetOf = async (unitId: string): Promise<number | null> => {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: unitKeys.fieldWorkTarget(unitId) }));
  return Item ? Number(Item.peoplePerMonth) : null;
};

/** A unit's help in a month: people and sessions, overall, per basic skill and per outcome. */
export type HelpedCounts = Pick<FieldWorkMonth, "people" | "sessions" | "bySkill" | "byOutcome">;

/**
 * A unit's month of help, its whole subtree: the sum of its HELPED# shards. Checks no scope: for callers that
 * did (monthFor, the monthly report).
 */
export async function helpedIn(unitId: string, month: string): Promise<HelpedCounts> {
  const shards = await queryPartition<Record<string, unknown>>(unitKeys.partition(unitId), { prefix: unitKeys.helpedMonth(unitId, month).sk });
  const result: HelpedCounts = { people: 0, sessions: 0, bySkill: {}, byOutcome: {} };
  const add = <K extends string>(into: Partial<Record<K, { people: number; sessions: number }>>, key: K, item: Record<string, unknown>, prefix: string) => {
    const people = Number(item[`${prefix}.people`] ?? 0);
    const sessions = Number(item[`${prefix}.sessions`] ?? 0);
    if (!people && !sessions) return;
    const current = into[key] ?? { people: 0, sessions: 0 };
    into[key] = { people: current.people + people, sessions: current.sessions + sessions };
  };
  for (const item of shards) {
    result.people += Number(item.people ?? 0);
    result.sessions += Number(item.sessions ?? 0);
    for (const skill of BASIC_SKILLS) add(result.bySkill, skill, item, `s.${skill}`);
    for (const outcome of FIELD_OUTCOMES) add(result.byOutcome, outcome, item, `o.${outcome}`);
  }
  return result;
}

/** A unit's month of help (its whole subtree), with the team's target. For the team's own leader and admins over it. */
export async function monthFor(viewer: Session, unitId: string, month = fieldWorkMonth(new Date())): Promise<FieldWorkMonth> {
  const unit = await assertCanOversee(viewer, unitId);
  const [counts, target] = await Promise.all([helpedIn(unit.id, month), Unit.holdsMembers(unit.kind) ? targetOf(unit.id) : Promise.resolve(null)]);
  return { unit: { unitId: unit.id, name: unit.name, kind: unit.kind }, month, target, ...counts };
}

/**
 * Sets a team's monthly target of people helped (admins over the team; audited). Setting the same number again
 * changes nothing and is not audited twice, so a retry is harmless.
 */
export async function setTarget(
  viewer: Session,
  unitId: string,
  input: z.infer<typeof TargetInput>,
  actor: Audit.Actor,
): Promise<{ unitId: string; peoplePerMonth: number }> {
  const notFound = new VisibleError("unit.not_found", "This unit does not exist.");
  const unit = await Unit.get(unitId);
  if (!unit || !administers(viewer, unit)) throw notFound;
  if (!Unit.holdsMembers(unit.kind)) throw new VisibleError("field_work.not_a_team", "Monthly targets are set for teams.");
  const { doc, table } = db();
  const previous = await targetOf(unit.id);
  if (previous === input.peoplePerMonth) return { unitId: unit.id, peoplePerMonth: previous };
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...unitKeys.fieldWorkTarget(unit.id), peoplePerMonth: input.peoplePerMonth, setBy: actor.userId, setAt: new Date().toISOString() },
              ConditionExpression: "attribute_not_exists(pk) OR peoplePerMonth <> :n",
              ExpressionAttributeValues: { ":n": input.peoplePerMonth },
            },
          },
          Audit.entryPut(actor, "field_work.target_set", unit.id, unit.id, { peoplePerMonth: input.peoplePerMonth, previous }),
        ],
      }),
    );
  } catch (err) {
    // The same number landed meanwhile (a retry): nothing more to do.
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (!((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed")) throw err;
  }
  return { unitId: unit.id, peoplePerMonth: input.peoplePerMonth };
}

import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import type { Session } from "../auth";
import { administers, assertCanOversee } from "../auth/scope";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { NATION_UNIT_ID, previousVietnamMonth, recognisedCount, type TeamBadge, type TeamBadges, type TeamRanking } from "../model";
import { Unit } from "../unit";
import { effectivenessKeys } from "./effectiveness.entity";
import { rankTeams } from "./score";
import { weightsView } from "./weights";

/**
 * Monthly recognition: for a month M, the best teams of each commune (at most 3, at most one in three teams, score
 * above 0) get a badge. The commune's result is written once (`attribute_not_exists`) with the badges, in one
 * transaction, the first time anyone asks for it (the commune's ranking, a team's badges) or when the daily tick
 * runs (`awardMonth`): a month closed stays closed. The score is the ranking at that moment (normally the first
 * day of the next month), with the help measured over month M's field-work counters.
 */

export const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month is written YYYY-MM"));

const SYSTEM: Audit.Actor = { userId: "system" };
/** Communes scored at once by the tick: each reads a few small queries per team. */
const TICK_CONCURRENCY = 8;

/** A commune's stored result for a month. */
interface Award {
  month: string;
  communeId: string;
  communeName: string;
  awardedAt: string;
  /** Every team ranked that month, with its rank and score: what the badges were decided on. */
  ranking: { unitId: string; rank: number; score: number }[];
  recognised: string[];
}

const notFound = () => new VisibleError("unit.not_found", "This unit does not exist.");

async function storedAward(communeId: string, month: string): Promise<Award | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: effectivenessKeys.award(communeId, month), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as Award) : undefined;
}

/**
 * A commune's recognition for a month: the stored one, or, for the month just closed (the one before `now`'s
 * Vietnam month) when nothing is stored yet, decided now and stored. A month before that which was never
 * decided stays undecided (there is nothing to measure it by any more): undefined.
 */
export async function awardCommune(commune: Unit.Info, month: string, now = new Date()): Promise<Award | undefined> {
  const existing = await storedAward(commune.id, month);
  if (existing || month !== previousVietnamMonth(now) || commune.kind !== "commune") return existing;
  const { teams } = await rankTeams(commune, now, { kind: "month", month });
  const winners = teams.slice(0, recognisedCount(teams.length)).filter((team) => team.score > 0);
  const award: Award = {
    month,
    communeId: commune.id,
    communeName: commune.name,
    awardedAt: now.toISOString(),
    ranking: teams.map((team) => ({ unitId: team.unitId, rank: team.rank, score: team.score })),
    recognised: winners.map((team) => team.unitId),
  };
  const badges: TeamBadge[] = winners.map((team) => ({
    month,
    unitId: team.unitId,
    teamName: team.name,
    communeId: commune.id,
    communeName: commune.name,
    rank: team.rank,
    score: team.score,
    teams: teams.length,
    awardedAt: award.awardedAt,
  }));
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { ...effectivenessKeys.award(commune.id, month), ...award }, ConditionExpression: "attribute_not_exists(pk)" } },
          ...badges.map((badge) => ({ Put: { TableName: table, Item: { ...effectivenessKeys.badge(badge.unitId, month), ...badge } } })),
          Audit.entryPut(SYSTEM, "effectiveness.recognised", commune.id, month, { recognised: award.recognised }),
        ],
      }),
    );
    return award;
  } catch (err) {
    // Someone else decided it first (two admins, or the tick): theirs stands.
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if ((err as Error).name === "TransactionCanceledException" && reasons[0]?.Code === "ConditionalCheckFailed") return storedAward(commune.id, month);
    throw err;
  }
}

/** The communes of the country: the tree walked down from the top, stopping at communes (teams are not read). */
async function allCommunes(): Promise<Unit.Info[]> {
  const communes: Unit.Info[] = [];
  let level = (await Unit.children(NATION_UNIT_ID)).filter((u) => !u.archivedAt);
  while (level.length) {
    communes.push(...level.filter((u) => u.kind === "commune"));
    const above = level.filter((u) => u.kind === "province" || u.kind === "district");
    level = (await Promise.all(above.map((u) => Unit.children(u.id)))).flat().filter((u) => !u.archivedAt);
  }
  return communes;
}

/**
 * The scheduled daily tick: decides the month just closed for every commune not decided yet, then marks the
 * month done, so the ticks after it read one item. A tick cut short (a timeout) is finished by the next one.
 */
export async function awardMonth(now = new Date()): Promise<{ month: string; communes: number; alreadyDone: boolean }> {
  const month = previousVietnamMonth(now);
  const { doc, table } = db();
  const marker = await doc.send(new GetCommand({ TableName: table, Key: effectivenessKeys.awardRun(month) }));
  if (marker.Item) return { month, communes: Number(marker.Item.communes ?? 0), alreadyDone: true };
  const communes = await allCommunes();
  for (let i = 0; i < communes.length; i += TICK_CONCURRENCY) {
    await Promise.all(communes.slice(i, i + TICK_CONCURRENCY).map((commune) => awardCommune(commune, month, now)));
  }
  await doc.send(
    new PutCommand({ TableName: table, Item: { ...effectivenessKeys.awardRun(month), month, communes: communes.length, finishedAt: now.toISOString() } }),
  );
  return { month, communes: communes.length, alreadyDone: false };
}

/**
 * A commune's teams ranked by score with their components and reasons, the weights used and last month's
 * recognised teams (deciding that month if nobody has yet). For admins over the commune only: a team leader sees
 * their own team's badges on the team page. Teams are compared; no member is named.
 */
export async function ranking(viewer: Session, unitId: string, now = new Date()): Promise<TeamRanking> {
  const unit = await Unit.get(unitId);
  if (!unit || !administers(viewer, unit)) throw notFound();
  if (unit.kind !== "commune") throw new VisibleError("effectiveness.not_a_commune", "Teams are ranked within a commune.");
  const lastMonth = previousVietnamMonth(now);
  const [ranked, weights, award] = await Promise.all([rankTeams(unit, now), weightsView(viewer, unit.id), awardCommune(unit, lastMonth, now)]);
  return {
    unit: { unitId: unit.id, name: unit.name, kind: unit.kind },
    asOf: now.toISOString(),
    period: ranked.period,
    weights,
    teams: ranked.teams,
    recognised: { month: lastMonth, unitIds: award?.recognised ?? [] },
  };
}

async function teamFor(viewer: Session, unitId: string) {
  const team = await assertCanOversee(viewer, unitId);
  if (!Unit.holdsMembers(team.kind)) throw new VisibleError("effectiveness.not_a_team", "Badges are given to teams.");
  return team;
}

/** A team's badges, newest first (its leader and admins over it); last month's is decided first if nobody has yet. */
export async function badgesFor(viewer: Session, unitId: string, now = new Date()): Promise<TeamBadges> {
  const team = await teamFor(viewer, unitId);
  const commune = team.parentId ? await Unit.get(team.parentId) : undefined;
  if (commune) await awardCommune(commune, previousVietnamMonth(now), now);
  const items = await queryPartition<Record<string, unknown>>(effectivenessKeys.teamPartition(team.id), {
    prefix: effectivenessKeys.badgePrefix,
    descending: true,
  });
  return { items: items.map((item) => withoutKeys(item) as unknown as TeamBadge) };
}

/** The printable certificate of a team's badge for a month (A4 landscape PDF). */
export async function certificateFor(viewer: Session, unitId: string, month: string): Promise<{ pdf: Uint8Array; badge: TeamBadge }> {
  const team = await teamFor(viewer, unitId);
  const missing = () => new VisibleError("effectiveness.badge_not_found", "This team was not recognised for this month.");
  if (!Month.safeParse(month).success) throw missing();
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: effectivenessKeys.badge(team.id, month) }));
  if (!Item) throw missing();
  const badge = withoutKeys(Item) as unknown as TeamBadge;
  const provinceId = Unit.lineage(team)[1];
  const province = provinceId ? await Unit.get(provinceId) : undefined;
  // pdf-lib and the fonts load only when a certificate is asked for: at import they cost the API's cold start ~600 KB.
  const { renderBadgeCertificate } = await import("./certificate");
  return { pdf: await renderBadgeCertificate(badge, province?.kind === "province" ? province.name : undefined), badge };
}

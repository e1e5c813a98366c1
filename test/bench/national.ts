// `npm run bench -- --only=national [--scale=0.01] [--check]`: a nation like ours, written straight into a fresh
// DynamoDB Local (not timed), then the national admin's pages, the national completion list and a commune merge,
// each against the raw reads it cannot do without, in the same run (issue 22, docs/performance.md).
//
// The nation: the 34 provinces and 3,321 communes of the official map (loaded by core's own loader), 74,000
// teams and 348,000 members spread over the communes, their progress, certificates and field work, the counters
// core keeps for all of it, and 20 campaigns. Every item is one core writes: keys from core's entity builders;
// certificates from Certificate.issueItems; every counter by running core's own transaction-item builders
// (memberCounterUpdates, completionCounterUpdates, activityUpdates, fieldWorkCounterUpdates, helpDayUpdate) into a
// tally; campaigns through Campaign.create. Users, teams, progress and field-work records, which core writes
// inline, are built the same way here (typed by core's Unit.Info, User.Info and Progress.Record), so the API
// reads them as it reads its own. Deterministic for a seed and scale (dates are relative to the run's start;
// certificate codes and signatures are core's own, random). `--scale` shrinks everything but the map.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../packages/api/src/app";
import { ensureTable, localClient, startDynamoLocal, type RunningDynamo } from "../../packages/api/src/local/dynamodb-local";
import { loadLocalSecrets } from "../../packages/api/src/local/secrets";
import type { Session } from "../../packages/core/src/auth";
import { Campaign } from "../../packages/core/src/campaign";
import { Certificate } from "../../packages/core/src/certificate";
import { Course } from "../../packages/core/src/course";
import { activityKeys } from "../../packages/core/src/activity/activity.entity";
import { EXPORT_CONCURRENCY } from "../../packages/core/src/completion-list";
import { resetDb } from "../../packages/core/src/db/client";
import { queryPartition } from "../../packages/core/src/db/query";
import { BASIC_SKILLS, courseCompetences, FIELD_OUTCOMES, fieldWorkMonth, vietnamDay } from "../../packages/core/src/model";
import type { Progress } from "../../packages/core/src/progress";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import { Seed } from "../../packages/core/src/seed";
import { Unit } from "../../packages/core/src/unit";
import { unitKeys } from "../../packages/core/src/unit/unit.entity";
import { User } from "../../packages/core/src/user";
import { type Marshalled, RawDynamo, toItem } from "./ddb";
import { prepareWorker, runChild, s3StandIn } from "./export";
import { BENCH_PASSWORD, benchPasswordHash, fullName, memberItems, phone } from "./seed";
import { ROOT } from "./server";
import { median, round, spread } from "./stats";

/** Issue 22's nation at scale 1. */
export const NATION_SIZE = { teams: 74_000, members: 348_000, bigCommuneMembers: 10_000, bigCommuneTeams: 150, campaigns: 20 } as const;

export interface NationalOptions {
  /** 0 < scale ≤ 1: teams, members and the big commune shrink with it; the map does not. */
  scale: number;
  seed: number;
  /**
   * A quick correctness run: one request per page instead of 20, and the figures are not comparable. The checks
   * of the figures against what was written run in every run.
   */
  check: boolean;
}

export const DEFAULT_NATIONAL: NationalOptions = { scale: 1, seed: 22, check: false };

export interface NationalResult {
  nationalReportMs: number;
  nationalReportFloorMs: number;
  provinceReportMs: number;
  provinceReportFloorMs: number;
  campaignProgressMs: number;
  campaignProgressFloorMs: number;
  nationalExportSeconds: number;
  nationalExportPeakRssMB: number;
  nationalExportFloorSeconds: number;
  nationalExportRows: number;
  mergeCommune10kSeconds: number;
  mergeCommunePeakRssMB: number;
  mergeCommuneMembers: number;
  mergeCommuneTeams: number;
  nationalSeedSeconds: number;
  nationalSeedItems: number;
  nationalSeedItemsPerSecond: number;
  nationalMembers: number;
  nationalTeams: number;
  nationalScale: number;
  samples: Record<"national" | "nationalFloor" | "province" | "provinceFloor" | "campaign" | "campaignFloor", number[]>;
  details: Record<string, string>;
  notes: string[];
}

// ------------------------------------------------------------------------------------------------ randomness

/** mulberry32: small, fast and good enough for spreading a nation; one stream per purpose, from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of the parts: the seed of one stream (a team's members, the map's weights…). */
function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const c of parts.join("/")) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** A log-normal weight around 1: communes and teams differ in size the way places do, not evenly. */
function logNormal(rng: () => number, sigma: number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng()));
}

/** `total` split in proportion to `weights`, in whole numbers that add up exactly (largest remainders). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]!++;
  return out;
}

/** Fisher–Yates on a copy. */
function shuffle<T>(rng: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function pickWeighted<T>(rng: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((s, item) => s + weight(item), 0);
  let r = rng() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/** A uuid (version 4 layout) from the stream, so record ids are part of the deterministic nation. */
function uuidFrom(rng: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rng() * 4)]!;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * Runs one of core's counter builders with Math.random drawn from `rng`: they pick a counter shard at random
 * (COUNTER_SHARDS), and the nation should land on the same shards every time.
 */
function seeded<T>(rng: () => number, build: () => T): T {
  const saved = Math.random;
  Math.random = rng;
  try {
    return build();
  } finally {
    Math.random = saved;
  }
}

// ------------------------------------------------------------------------------------------------ counter tally

interface UpdateItem {
  Update?: {
    Key: Record<string, unknown>;
    UpdateExpression: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
}

type Op = { action: "ADD" | "SET"; path: string; value: string };
const parsed = new Map<string, Op[]>();

/**
 * The clauses of a counter update as core writes them (`ADD a :x, b :y SET c = :z`). Anything else (REMOVE,
 * functions, nested paths) is refused, so a change in core's builders stops the generator rather than writing
 * counters core would not.
 */
function parseUpdate(expression: string): Op[] {
  let ops = parsed.get(expression);
  if (ops) return ops;
  ops = [];
  const clauses = expression.split(/\b(?=ADD |SET |REMOVE |DELETE )/);
  for (const clause of clauses.map((c) => c.trim()).filter(Boolean)) {
    const [action, ...rest] = clause.split(/\s+/);
    const body = rest.join(" ");
    for (const part of body.split(",").map((p) => p.trim())) {
      if (action === "ADD") {
        const [path, value, extra] = part.split(/\s+/);
        if (!path || !value?.startsWith(":") || extra) throw new Error(`Unexpected counter clause: ${clause}`);
        ops.push({ action, path, value });
      } else if (action === "SET") {
        const match = /^([#\w.]+)\s*=\s*(:\w+)$/.exec(part);
        if (!match) throw new Error(`Unexpected counter clause: ${clause}`);
        ops.push({ action, path: match[1]!, value: match[2]! });
      } else throw new Error(`The tally only knows ADD and SET, not: ${clause}`);
    }
  }
  parsed.set(expression, ops);
  return ops;
}

/**
 * Counter items as DynamoDB would hold them after every update core's builders made was applied: ADD adds
 * numbers and unions sets; SET keeps the largest value, because every SET in the counter builders writes a time
 * (lastActivityAt, expiresAt) that grows with the events, and the tally applies them out of time order.
 */
class Tally {
  readonly items = new Map<string, Record<string, unknown>>();

  apply(update: NonNullable<UpdateItem["Update"]>) {
    const { pk, sk } = update.Key as { pk: string; sk: string };
    const id = `${pk}\u0000${sk}`;
    let item = this.items.get(id);
    if (!item) {
      item = { pk, sk };
      this.items.set(id, item);
    }
    for (const op of parseUpdate(update.UpdateExpression)) {
      const name = op.path.startsWith("#") ? update.ExpressionAttributeNames?.[op.path] : op.path;
      if (!name) throw new Error(`No name for ${op.path} in ${update.UpdateExpression}`);
      const value = update.ExpressionAttributeValues?.[op.value];
      const old = item[name];
      if (op.action === "ADD") {
        if (value instanceof Set) item[name] = new Set([...((old as Set<unknown> | undefined) ?? []), ...value]);
        else if (typeof value === "number") item[name] = ((old as number | undefined) ?? 0) + value;
        else throw new Error(`ADD of ${typeof value} in ${update.UpdateExpression}`);
      } else if (old === undefined || (value as string | number) > (old as string | number)) item[name] = value;
    }
  }

  applyAll(items: readonly UpdateItem[], only?: (key: { pk: string; sk: string }) => boolean) {
    for (const item of items) {
      if (!item.Update) throw new Error("A counter builder returned something other than an Update");
      if (!only || only(item.Update.Key as { pk: string; sk: string })) this.apply(item.Update);
    }
  }

  /** Removes and returns the items `keep` does not hold back. */
  take(keep: (item: Record<string, unknown>) => boolean = () => false): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const [id, item] of this.items) {
      if (keep(item)) continue;
      out.push(item);
      this.items.delete(id);
    }
    return out;
  }
}

// ------------------------------------------------------------------------------------------------ the plan

interface CommunePlan {
  unit: Unit.Info;
  province: Unit.Info;
  teams: TeamPlan[];
}

interface TeamPlan {
  unit: Unit.Info;
  index: number;
  members: number;
  /** Global index of its first member (phones and names follow it). */
  firstMember: number;
}

interface CampaignPlan {
  unitId: string;
  courseIds: string[];
  startsOn: string;
  dueOn: string;
  targetPercent: number;
  /** The campaign unit and its children: their course counters get the baseline the campaign starts from. */
  relevant: string[];
}

interface NationPlan {
  provinces: Unit.Info[];
  communes: CommunePlan[];
  teams: number;
  members: number;
  big: CommunePlan;
  mergeInto: CommunePlan;
  largestProvince: Unit.Info;
  campaigns: CampaignPlan[];
}

const DAY = 86_400_000;

const teamCount = (n: number) => `${n.toLocaleString("en")} team${n === 1 ? "" : "s"}`;

/** Names of villages and residential groups, as communes name their teams. */
function teamName(commune: Unit.Info, k: number) {
  const urban = /^Phường/.test(commune.name);
  return `Tổ CNSCĐ ${urban ? "tổ dân phố" : k % 3 === 0 ? "bản" : "thôn"} ${k + 1}`;
}

/**
 * Where everyone is: teams spread over the communes by a log-normal weight (the map has no population), one
 * ward of Hồ Chí Minh City given 10,000 members in 150 teams (× scale) for the merge, members spread over teams
 * the same way.
 */
function planNation(units: Unit.Info[], map: Unit.OfficialMap, options: NationalOptions, now: number, courseIds: string[]): NationPlan {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const provinces = map.map((p) => byId.get(Unit.officialUnitId("province", p.code))!);
  const rng = prng(seedOf(options.seed, "map"));
  const communes: CommunePlan[] = map.flatMap((p, i) =>
    p.communes.map((c) => ({ unit: byId.get(Unit.officialUnitId("commune", c.code))!, province: provinces[i]!, teams: [] as TeamPlan[] })),
  );
  if (communes.some((c) => !c.unit) || provinces.some((p) => !p)) throw new Error("The official map is not in the table as loaded");
  const teams = Math.max(1, Math.round(NATION_SIZE.teams * options.scale));
  const members = Math.max(teams, Math.round(NATION_SIZE.members * options.scale));
  // The largest province by communes (Hồ Chí Minh City): the most rows on a dashboard.
  const largest = map.reduce((best, p, i) => (p.communes.length > map[best]!.communes.length ? i : best), 0);
  const largestProvince = provinces[largest]!;
  const inLargest = communes.filter((c) => c.province.id === largestProvince.id);
  const big = inLargest[0]!;
  const mergeInto = inLargest[1]!;
  const bigMembers = Math.min(members, Math.max(1, Math.round(NATION_SIZE.bigCommuneMembers * options.scale)));
  // A large urban ward: one team per residential group, 150 of them, each far larger than the nation's 4.7.
  const bigTeams = Math.min(teams, bigMembers, Math.max(1, Math.round(NATION_SIZE.bigCommuneTeams * options.scale)));
  const others = communes.filter((c) => c !== big);
  const teamCounts = apportion(
    teams - bigTeams,
    others.map(() => logNormal(rng, 0.5)),
  );
  const countOf = new Map<CommunePlan, number>(others.map((c, i) => [c, teamCounts[i]!]));
  countOf.set(big, bigTeams);
  let index = 0;
  for (const commune of communes) {
    const createdAt = new Date(now - 400 * DAY).toISOString();
    commune.teams = Array.from({ length: countOf.get(commune)! }, (_, k) => {
      const id = `${commune.unit.id}-t${k + 1}`;
      const unit: Unit.Info = {
        id,
        code: `${commune.unit.code}-T${k + 1}`,
        name: teamName(commune.unit, k),
        kind: "team",
        parentId: commune.unit.id,
        path: `${commune.unit.path}${id}/`,
        createdAt,
        updatedAt: createdAt,
      };
      return { unit, index: index++, members: 0, firstMember: 0 };
    });
  }
  // Every team has at least one member; the rest go by weight, the big commune's apart from everyone else's.
  const spreadMembers = (list: TeamPlan[], total: number) => {
    const extra = apportion(
      total - list.length,
      list.map(() => logNormal(rng, 0.45)),
    );
    for (const [i, team] of list.entries()) team.members = 1 + extra[i]!;
  };
  const allTeams = communes.flatMap((c) => c.teams);
  spreadMembers(big.teams, Math.max(bigMembers, big.teams.length));
  const inBig = new Set(big.teams);
  const rest = allTeams.filter((t) => !inBig.has(t));
  if (rest.length) spreadMembers(rest, members - big.teams.reduce((s, t) => s + t.members, 0));
  let first = 0;
  for (const team of allTeams) {
    team.firstMember = first;
    first += team.members;
  }

  // 20 running campaigns: the nation's, 14 provinces' (the largest first), 5 communes' (the big one among them).
  const crng = prng(seedOf(options.seed, "campaigns"));
  const created = now - CAMPAIGN_AGE_DAYS * DAY;
  const dateAt = (daysFromCreation: number) => vietnamDay(new Date(created + daysFromCreation * DAY));
  const coursesFor = () => shuffle(crng, courseIds).slice(0, 1 + Math.floor(crng() * 3));
  const childrenOf = (unitId: string) =>
    unitId === "vn"
      ? provinces.map((p) => p.id)
      : byId.get(unitId)?.kind === "province"
        ? communes.filter((c) => c.province.id === unitId).map((c) => c.unit.id)
        : communes.find((c) => c.unit.id === unitId)!.teams.map((t) => t.unit.id);
  const provinceChoices = [
    largestProvince,
    ...shuffle(
      crng,
      provinces.filter((p) => p !== largestProvince),
    ),
  ].slice(0, 14);
  const communeChoices = [big, ...[...others].sort((a, b) => b.teams.length - a.teams.length).slice(0, 4)];
  const campaignUnits = ["vn", ...provinceChoices.map((p) => p.id), ...communeChoices.map((c) => c.unit.id)].slice(0, NATION_SIZE.campaigns);
  const campaigns = campaignUnits.map((unitId, i) => ({
    unitId,
    courseIds: i === 0 ? courseIds.slice(0, 2) : coursesFor(),
    startsOn: dateAt(-Math.floor(crng() * 30)),
    dueOn: dateAt(CAMPAIGN_AGE_DAYS + 20 + Math.floor(crng() * 70)),
    targetPercent: 50 + 5 * Math.floor(crng() * 8),
    relevant: [unitId, ...childrenOf(unitId)],
  }));
  return { provinces, communes, teams: allTeams.length, members, big, mergeInto, largestProvince, campaigns };
}

/** Campaigns were set this many days ago: their baseline snapshot is inside the forecast's 14-day window. */
const CAMPAIGN_AGE_DAYS = 10;

// ------------------------------------------------------------------------------------------------ the members

interface CourseInfo {
  id: string;
  title: string;
  version: number;
  line: number;
  counted: boolean;
  weight: number;
  competences: ReturnType<typeof courseCompetences>;
  modules: { lessonIds: string[]; quizId: string; passPercent: number }[];
}

/** What the generator wrote, to check the API's figures against. */
export interface Written {
  members: number;
  membersByProvince: Map<string, number>;
  membersByCommune: Map<string, number>;
  completionsByCourse: Map<string, number>;
  /** province id → course id → completions. */
  completionsByProvince: Map<string, Map<string, number>>;
  helped: number;
  attempts: number;
  scoreSum: number;
  activeThisMonth: number;
  certificates: number;
  progressRecords: number;
  fieldRecords: number;
}

const add = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

/**
 * One member: the user item, their progress in 0–3 courses (most in 1–2), a certificate for each completed
 * course (40% of members complete at least one), field work for a quarter of them; and every counter update
 * core would have made on the way, into the tallies.
 */
function member(
  team: TeamPlan,
  commune: CommunePlan,
  k: number,
  rng: () => number,
  ctx: {
    now: number;
    courses: CourseInfo[];
    hash: string;
    /** Counters of this province's communes and teams; of the nation and provinces (`upper`, kept to the end). */
    tally: Tally;
    upper: Tally;
    upperPartitions: Set<string>;
    baseline: Tally;
    relevant: Set<string>;
    written: Written;
  },
): Marshalled[] {
  const { now, courses, tally, upper, written } = ctx;
  const i = team.firstMember + k;
  const items: Marshalled[] = [];
  const joinedAt = now - 365 * DAY * rng() ** 1.4;
  const user: User.Info = {
    id: `m${i.toString(36).padStart(6, "0")}`,
    phone: phone("09", i),
    fullName: fullName(i),
    roles: ["member"],
    unitId: team.unit.id,
    active: true,
    createdAt: new Date(joinedAt).toISOString(),
  };
  items.push(...memberItems({ id: user.id, phone: user.phone, fullName: user.fullName, unitId: team.unit.id }, ctx.hash, user.createdAt, false));
  // Counters at the nation and provinces are kept to the end; those of communes and teams go with their province.
  const route = (updates: UpdateItem[], at?: number) => {
    for (const u of updates) {
      const pk = u.Update!.Key.pk as string;
      (ctx.upperPartitions.has(pk) ? upper : tally).applyAll([u]);
    }
    // Course counters of campaign units as they stood when the campaigns were set (only those: nothing else is
    // written twice).
    if (at !== undefined && at < now - CAMPAIGN_AGE_DAYS * DAY)
      ctx.baseline.applyAll(updates, (key) => ctx.relevant.has(key.pk) && key.sk.startsWith(unitKeys.courseStatsPrefix));
  };
  route(seeded(rng, () => Unit.memberCounterUpdates(team.unit, 1)));
  written.members++;
  add(written.membersByProvince, commune.province.id);
  add(written.membersByCommune, commune.unit.id);

  const months = new Map<string, number>();
  const active = (at: number) => {
    const month = new Date(at).toISOString().slice(0, 7);
    if (!months.has(month) || months.get(month)! > at) months.set(month, at);
  };
  const count = pickWeighted(rng, [0, 1, 2, 3], (n) => [0.08, 0.52, 0.33, 0.07][n]!);
  const chosen: CourseInfo[] = [];
  while (chosen.length < count) {
    const course = pickWeighted(
      rng,
      courses.filter((c) => !chosen.includes(c)),
      (c) => c.weight,
    );
    chosen.push(course);
  }
  // 40% of members complete at least one course (their first); some of those go on to complete another.
  const completesFirst = count > 0 && rng() < 0.4 / 0.92;
  for (const [j, course] of chosen.entries()) {
    const complete = j === 0 ? completesFirst : completesFirst && rng() < 0.3;
    const startedAt = joinedAt + (now - joinedAt) * rng() ** 2;
    const span = now - startedAt;
    const lessons = course.modules.flatMap((m) => m.lessonIds);
    const doneLessons = complete ? lessons.length : Math.floor(lessons.length * rng() * 0.9);
    // A course is finished within weeks, or left within two months.
    const lastActivityAt = startedAt + Math.min(span * 0.999, (complete ? 1 + 40 * rng() : 60 * rng()) * DAY);
    const quizzes: Progress.Record["quizzes"] = {};
    let lessonIndex = 0;
    let revision = 0;
    for (const [m, module] of course.modules.entries()) {
      lessonIndex += module.lessonIds.length;
      const passed = complete || lessonIndex <= doneLessons;
      const tried = passed || (lessonIndex - module.lessonIds.length < doneLessons && rng() < 0.2);
      if (!tried) continue;
      const tries = passed ? pickWeighted(rng, [1, 2, 3], (n) => [0.7, 0.22, 0.08][n - 1]!) : 1;
      let best = 0;
      let at = startedAt;
      for (let t = 0; t < tries; t++) {
        const last = t === tries - 1;
        const score = passed && last ? module.passPercent + Math.floor(rng() * (101 - module.passPercent)) : Math.floor(rng() * module.passPercent);
        at = startedAt + ((lastActivityAt - startedAt) * (m + (t + 1) / tries)) / course.modules.length;
        best = Math.max(best, score);
        route(seeded(rng, () => Unit.activityUpdates(team.unit, { at: new Date(at).toISOString(), attempt: { scorePercent: score }, firstOfMonth: false })));
        written.attempts++;
        written.scoreSum += score;
        active(at);
        revision++;
      }
      quizzes[module.quizId] = { attempts: tries, bestPercent: best, passed, lastAttemptAt: new Date(at).toISOString() };
    }
    active(startedAt);
    active(lastActivityAt);
    const record: Progress.Record = {
      userId: user.id,
      unitId: team.unit.id,
      courseId: course.id,
      version: course.version,
      line: course.line,
      completedLessons: lessons.slice(0, doneLessons),
      quizzes,
      revision: revision + Math.ceil(doneLessons / 3),
      startedAt: new Date(startedAt).toISOString(),
      lastActivityAt: new Date(lastActivityAt).toISOString(),
    };
    if (complete) {
      const completedAt = record.lastActivityAt;
      // Issued the way Progress.applyChange issues it: both certificate items, signed with the stage's key.
      const issued = Certificate.issueItems(
        user,
        team.unit,
        { courseId: course.id, courseTitle: course.title, version: course.version, line: course.line, competences: course.competences },
        completedAt,
      );
      record.completedAt = completedAt;
      record.certificateCode = issued.certificate.code;
      for (const put of issued.items) items.push(toItem(put.Put.Item));
      route(
        seeded(rng, () => Unit.completionCounterUpdates(team.unit, course.id, 1, completedAt.slice(0, 10))),
        lastActivityAt,
      );
      written.certificates++;
      add(written.completionsByCourse, course.id);
      const byCourse = written.completionsByProvince.get(commune.province.id) ?? new Map<string, number>();
      written.completionsByProvince.set(commune.province.id, add(byCourse, course.id));
    }
    // As Progress.applyChange puts it: the record with its gsi2 keys (the team's progress, by course).
    items.push(toItem({ ...progressKeys.progress(user.id, course.id), ...progressKeys.byUnit(team.unit.id, course.id, user.id), ...record }));
    written.progressRecords++;
  }

  // Field work: a quarter of members record help, mostly in the last months.
  if (rng() < 0.25) {
    let n = 1;
    while (n < 8 && rng() < 0.5) n++;
    for (let r = 0; r < n; r++) {
      const at = new Date(now - 150 * DAY * rng() ** 1.5 - 60_000);
      const skill = pickWeighted(rng, BASIC_SKILLS, (s) => (s === "public-services" ? 3 : s === "local-platforms" ? 0.5 : 1.5));
      const outcome = pickWeighted(rng, FIELD_OUTCOMES, (o) => (o === "vneid-level2" ? 3 : o === "other" ? 0.5 : 1));
      const people = 1 + Math.floor(rng() ** 2 * 6);
      const id = uuidFrom(rng);
      // The item Activity.record writes (packages/core/src/activity/index.ts), keyed by the phone's uuid.
      items.push(
        toItem({
          ...activityKeys.activity(user.id, id),
          id,
          userId: user.id,
          unitId: team.unit.id,
          at: at.toISOString(),
          month: fieldWorkMonth(at),
          skill,
          basicSkill: skill,
          outcome,
          people,
          recordedAt: new Date(Math.min(now, at.getTime() + rng() * 2 * DAY)).toISOString(),
        }),
      );
      route(seeded(rng, () => Unit.fieldWorkCounterUpdates(team.unit, { month: fieldWorkMonth(at), skill, outcome, people })));
      // A team's day of help expires (TTL) once no 30-day window reaches it: DynamoDB would have removed it.
      const day = vietnamDay(at);
      const dayItem = Unit.helpDayUpdate(team.unit, { day, people, userId: user.id });
      if (Number(dayItem.Update.ExpressionAttributeValues[":expires"]) * 1000 > now) tally.applyAll([dayItem]);
      written.helped += people;
      written.fieldRecords++;
    }
  }

  // The first activity of each month counts the member as active that month, once.
  for (const at of months.values()) {
    route(seeded(rng, () => Unit.activityUpdates(team.unit, { at: new Date(at).toISOString(), firstOfMonth: true })));
  }
  if (months.has(new Date(now).toISOString().slice(0, 7))) written.activeThisMonth++;
  return items;
}

/** BatchWriteItem in chunks, one chunk in flight while the next is made. */
class Writer {
  private buffer: Marshalled[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  written = 0;
  constructor(
    private readonly raw: RawDynamo,
    private readonly chunk = 20_000,
    private readonly concurrency = 64,
  ) {}

  async add(items: Marshalled[]) {
    for (const item of items) this.buffer.push(item);
    if (this.buffer.length >= this.chunk) await this.flush();
  }

  async flush() {
    const batch = this.buffer;
    this.buffer = [];
    await this.inFlight;
    this.inFlight = this.raw.putAll(batch, this.concurrency).then(() => {
      this.written += batch.length;
    });
  }

  async done() {
    await this.flush();
    await this.inFlight;
  }
}

export interface Seeded {
  plan: NationPlan;
  written: Written;
  items: number;
  seconds: number;
  /** Items the BatchWriteItem writer wrote, and in how long (the map and curriculum are core's loaders). */
  batchItems: number;
  batchSeconds: number;
  campaignIds: string[];
  admin: { id: string; phone: string };
  countedCourses: string[];
  exportCourse: string;
  /** Counter items written per level of the tree, and the largest unit partition of counters. */
  counters: { nation: number; province: number; commune: number; team: number; largest: { pk: string; items: number } };
}

/**
 * Writes the nation. Core in this process must already point at the fresh table (env + resetDb). The map and
 * the curriculum go through core's own loaders; teams, members and what they did are written with BatchWriteItem
 * straight to DynamoDB Local; the counters last, campaigns created (through core) once their baseline is in.
 */
export async function seedNation(raw: RawDynamo, options: NationalOptions, log: (line: string) => void): Promise<Seeded> {
  const started = performance.now();
  const now = Date.now();
  await Seed.curriculum(join(ROOT, "content/courses"));
  const map = await Unit.readOfficialMap();
  const loaded = await Unit.loadOfficialMap(map, { concurrency: 16 });
  log(`  official map: ${loaded.provinces} provinces, ${loaded.communes} communes (${round((performance.now() - started) / 1000, 1)} s with the curriculum)`);
  const units = await Unit.subtree(await Unit.mustGet(Unit.NATION.id!));

  const counted = new Set((await Course.counted()).map((c) => c.id));
  const metas = (await Course.catalogue()).filter((meta) => meta.card?.audience !== "citizens").sort((a, b) => a.id.localeCompare(b.id));
  const popular: Record<string, number> = { "public-services": 26, "cyber-safety": 20, payments: 14, "e-commerce": 10 };
  const courses: CourseInfo[] = [];
  for (const meta of metas) {
    const version = await Course.latest(meta.id);
    courses.push({
      id: meta.id,
      title: version.content.title,
      version: version.version,
      line: version.line,
      counted: counted.has(meta.id),
      weight: popular[meta.id] ?? 30 / Math.max(1, metas.length - 4),
      competences: courseCompetences(version.content),
      modules: version.content.modules.map((m) => ({
        lessonIds: m.lessons.map((l) => l.id),
        quizId: Course.quizId(meta.id, m.id),
        passPercent: m.quiz.passPercent,
      })),
    });
  }
  const countedCourses = courses.filter((c) => c.counted).map((c) => c.id);
  if (!countedCourses.length) throw new Error("No counted (core) course in the curriculum");
  const exportCourse = [...courses].sort((a, b) => b.weight - a.weight)[0]!.id;

  const plan = planNation(
    units,
    map.map,
    options,
    now,
    [...countedCourses].sort((a, b) => (popular[b] ?? 0) - (popular[a] ?? 0)),
  );
  const upperPartitions = new Set([unitKeys.partition("vn"), ...plan.provinces.map((p) => unitKeys.partition(p.id))]);
  const relevant = new Set(plan.campaigns.flatMap((c) => c.relevant.map((id) => unitKeys.partition(id))));
  const held = (item: Record<string, unknown>) => relevant.has(item.pk as string) && String(item.sk).startsWith(unitKeys.courseStatsPrefix);

  const hash = await benchPasswordHash();
  const written: Written = {
    members: 0,
    membersByProvince: new Map(),
    membersByCommune: new Map(),
    completionsByCourse: new Map(),
    completionsByProvince: new Map(),
    helped: 0,
    attempts: 0,
    scoreSum: 0,
    activeThisMonth: 0,
    certificates: 0,
    progressRecords: 0,
    fieldRecords: 0,
  };
  const upper = new Tally();
  const baseline = new Tally();
  const heldBack = new Tally();
  const writer = new Writer(raw);
  const communePartitions = new Set(plan.communes.map((c) => unitKeys.partition(c.unit.id)));
  const counters = { nation: 0, province: 0, commune: 0, team: 0 };
  const perPartition = new Map<string, number>();
  /** A counter item, marshalled and counted by level (a partition's size is what DynamoDB splits and throttles by). */
  const counterItem = (item: Record<string, unknown>) => {
    const pk = item.pk as string;
    const level = pk === unitKeys.partition("vn") ? "nation" : upperPartitions.has(pk) ? "province" : communePartitions.has(pk) ? "commune" : "team";
    counters[level]++;
    perPartition.set(pk, (perPartition.get(pk) ?? 0) + 1);
    return toItem(item);
  };
  const writeStarted = performance.now();
  log(
    `  writing ${plan.teams.toLocaleString("en")} teams and ${plan.members.toLocaleString("en")} members (scale ${options.scale}; ${plan.big.unit.name} has ${plan.big.teams.reduce((s, t) => s + t.members, 0).toLocaleString("en")} members in ${teamCount(plan.big.teams.length)})…`,
  );
  for (const [p, province] of plan.provinces.entries()) {
    const tally = new Tally();
    for (const commune of plan.communes.filter((c) => c.province.id === province.id)) {
      for (const team of commune.teams) {
        // As Unit.create writes a team: the unit with its children and tree keys, and its code's uniqueness item.
        const items: Marshalled[] = [
          toItem({
            ...unitKeys.unit(team.unit.id),
            ...unitKeys.children(team.unit.parentId, team.unit.name, team.unit.id),
            ...unitKeys.tree(team.unit.path),
            ...team.unit,
          }),
          toItem({ ...unitKeys.code(team.unit.code), unitId: team.unit.id }),
        ];
        const rng = prng(seedOf(options.seed, "team", team.index));
        const ctx = { now, courses, hash, tally, upper, upperPartitions, baseline, relevant, written };
        for (let k = 0; k < team.members; k++) items.push(...member(team, commune, k, rng, ctx));
        await writer.add(items);
      }
    }
    // This province's communes and teams are done: their counters go now, but for the course counters of campaign
    // units, which get their baseline first.
    await writer.add(tally.take(held).map(counterItem));
    for (const item of tally.take()) heldBack.items.set(`${item.pk}\u0000${item.sk}`, item);
    if (p % 6 === 5 || p === plan.provinces.length - 1) {
      const seconds = (performance.now() - writeStarted) / 1000;
      log(
        `    ${p + 1}/${plan.provinces.length} provinces, ${writer.written.toLocaleString("en")} items in ${round(seconds)} s (${round(writer.written / seconds)}/s)`,
      );
    }
  }
  await writer.done();

  // Campaigns are created (through core, as an admin would, CAMPAIGN_AGE_DAYS ago) over the counters as they were
  // then, so their first snapshot is the real baseline and the forecast has a pace to go by.
  await writer.add(baseline.take().map((item) => toItem(item)));
  await writer.done();
  const admin = await User.ensure({ phone: phone("0911", 1), fullName: "Trần Quốc Bảo", password: BENCH_PASSWORD, roles: ["admin"], unitId: "vn" });
  const session: Session = { userId: admin.id, roles: admin.roles, unitId: admin.unitId, sessionVersion: 0 };
  const campaignIds: string[] = [];
  const createdAt = new Date(now - CAMPAIGN_AGE_DAYS * DAY);
  const campaignsStarted = performance.now();
  for (const c of plan.campaigns) {
    const { id } = await Campaign.create(
      session,
      { unitId: c.unitId, courseIds: c.courseIds, startsOn: c.startsOn, dueOn: c.dueOn, targetPercent: c.targetPercent },
      { userId: admin.id },
      createdAt,
    );
    campaignIds.push(id);
  }
  log(
    `  ${plan.campaigns.length} campaigns created in ${round((performance.now() - campaignsStarted) / 1000, 1)} s; writing the counters of the nation and provinces…`,
  );
  await writer.add([...heldBack.take(), ...upper.take()].map(counterItem));
  await writer.done();
  const seconds = (performance.now() - started) / 1000;
  const largest = [...perPartition].reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0]);
  return {
    plan,
    written,
    items: writer.written + loaded.created * 2,
    seconds,
    batchItems: writer.written,
    batchSeconds: (performance.now() - writeStarted) / 1000,
    campaignIds,
    admin: { id: admin.id, phone: admin.phone },
    countedCourses,
    exportCourse,
    counters: { ...counters, largest: { pk: largest[0], items: largest[1] } },
  };
}

// ------------------------------------------------------------------------------------------------ measuring

function expectEqual(what: string, actual: unknown, expected: unknown, failures: string[]) {
  if (actual !== expected) failures.push(`${what}: the API says ${String(actual)}, the generator wrote ${String(expected)}`);
}

type Json = Record<string, any>;

/**
 * The whole group: a fresh DynamoDB Local (in memory: the nation is written once and thrown away), the nation,
 * then each page through the API app in this process (`createApp().request`, as the Lambda runs it, with a real
 * session) alternating with its floor, the export and the merge by the worker bundle in a child process.
 */
export async function nationalBench(options: NationalOptions = DEFAULT_NATIONAL, log: (line: string) => void = console.log): Promise<NationalResult> {
  const notes: string[] = [];
  const details: Record<string, string> = {};
  const groupStarted = performance.now();
  // Each line says when it began within the group, so a small run shows where a large one will spend its time.
  const say = (line: string) => log(`  [${round((performance.now() - groupStarted) / 1000)} s] ${line}`);
  // The worker bundle, the secrets and the local object store; the table itself is in DynamoDB Local's memory.
  const work = mkdtempSync(join(tmpdir(), "kns-bench-national-"));
  let dynamo: RunningDynamo | undefined;
  let raw: RawDynamo | undefined;
  try {
    dynamo = await startDynamoLocal();
    const client = localClient(dynamo.endpoint);
    await ensureTable(client, "kns");
    client.destroy();
    const secrets = loadLocalSecrets(work);
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: "kns",
      DATA_DIR: work,
      OBJECTS_DIR: join(work, "objects"),
      TOKEN_SECRET: secrets.tokenSecret,
      LINK_SECRET: secrets.linkSecret,
      CERT_SIGNING_KEY: secrets.certificateSigningKey,
      LOG_LEVEL: "silent",
    });
    delete process.env.BUCKET_NAME;
    delete process.env.QUEUE_URL;
    resetDb();
    raw = new RawDynamo(dynamo.endpoint, "kns");

    const seeded = await seedNation(raw, options, (line) => say(line.trimStart()));
    const { plan, written } = seeded;
    const seedSeconds = seeded.seconds;
    say(
      `seeded ${seeded.items.toLocaleString("en")} items in ${round(seedSeconds)} s (${round(seeded.items / seedSeconds)} items/s): ${written.progressRecords.toLocaleString("en")} progress records, ${written.certificates.toLocaleString("en")} certificates, ${written.fieldRecords.toLocaleString("en")} field-work records`,
    );
    const c = seeded.counters;
    const rate = round(seeded.batchItems / seeded.batchSeconds);
    say(`write rate: ${seeded.batchItems.toLocaleString("en")} items by BatchWriteItem in ${round(seeded.batchSeconds)} s, ${rate} items/s`);
    say(
      `counter items: nation ${c.nation.toLocaleString("en")}, provinces ${c.province.toLocaleString("en")}, communes ${c.commune.toLocaleString("en")}, teams ${c.team.toLocaleString("en")}; the largest partition ${c.largest.pk} holds ${c.largest.items.toLocaleString("en")}`,
    );
    details.nationalSeedItems = `${round(seedSeconds)} s in all, BatchWriteItem ${rate} items/s; counters: nation ${c.nation}, provinces ${c.province}, communes ${c.commune}, teams ${c.team}`;

    const app = createApp();
    let token = "";
    /** One request to the API app, as the Lambda serves it; timed by the caller. */
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await app.request(`/api/v1${path}`, {
        method,
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
      return { json: JSON.parse(text || "null") as Json };
    };
    token = (await call("POST", "/auth/login", { phone: seeded.admin.phone, password: BENCH_PASSWORD })).json.accessToken as string;

    const reps = options.check ? 1 : 20;
    const month = new Date().toISOString().slice(0, 7);
    /** What a dashboard row cannot do without: the unit's counters (STATS…) and this month's activity. */
    const rowCounters = (unitId: string) =>
      Promise.all([
        queryPartition(unitKeys.partition(unitId), { prefix: unitKeys.statsPrefix }),
        queryPartition(unitKeys.partition(unitId), { between: unitKeys.activeFrom(month) }),
      ]);
    /** Page and floor alternately, so both meet the same machine; p50 of each. */
    const paired = async (page: () => Promise<unknown>, floor: () => Promise<unknown>) => {
      await page();
      await floor();
      const pageMs: number[] = [];
      const floorMs: number[] = [];
      for (let i = 0; i < reps; i++) {
        let t = performance.now();
        await page();
        pageMs.push(performance.now() - t);
        t = performance.now();
        await floor();
        floorMs.push(performance.now() - t);
      }
      return { pageMs, floorMs };
    };
    const failures: string[] = [];

    // The national dashboard: 34 provinces.
    say("the national dashboard (34 provinces) and its floor…");
    const nationalReport = (await call("GET", "/admin/units/vn/report")).json;
    const national = await paired(
      () => call("GET", "/admin/units/vn/report"),
      () => Promise.all(plan.provinces.map((p) => rowCounters(p.id))),
    );
    expectEqual("national members", nationalReport.unit.members, written.members, failures);
    expectEqual("national members", nationalReport.unit.members, plan.members, failures);
    expectEqual("provinces on the dashboard", nationalReport.children.length, plan.provinces.length, failures);
    for (const row of nationalReport.children as Json[])
      expectEqual(`members of ${row.name}`, row.members, written.membersByProvince.get(row.unitId) ?? 0, failures);
    for (const courseId of seeded.countedCourses)
      expectEqual(
        `national completions of ${courseId}`,
        nationalReport.unit.completedByCourse[courseId] ?? 0,
        written.completionsByCourse.get(courseId) ?? 0,
        failures,
      );
    expectEqual("people helped", nationalReport.unit.helped, written.helped, failures);
    expectEqual("active this month", nationalReport.unit.activeThisMonth, written.activeThisMonth, failures);
    expectEqual("average score", nationalReport.unit.averageScore, written.attempts ? Math.round(written.scoreSum / written.attempts) : null, failures);

    // The largest province's dashboard: its communes.
    const province = plan.largestProvince;
    const communesOf = plan.communes.filter((c) => c.province.id === province.id);
    say(`${province.name}'s dashboard (${communesOf.length} communes) and its floor…`);
    const provinceReport = (await call("GET", `/admin/units/${province.id}/report`)).json;
    const provincial = await paired(
      () => call("GET", `/admin/units/${province.id}/report`),
      () => Promise.all(communesOf.map((c) => rowCounters(c.unit.id))),
    );
    expectEqual(`${province.name}: communes`, provinceReport.children.length, communesOf.length, failures);
    expectEqual(`${province.name}: members`, provinceReport.unit.members, written.membersByProvince.get(province.id), failures);
    for (const row of provinceReport.children as Json[])
      expectEqual(`members of ${row.name}`, row.members, written.membersByCommune.get(row.unitId) ?? 0, failures);

    // The province campaign's progress page: the province and each commune, from their counters.
    const campaignIndex = plan.campaigns.findIndex((c) => c.unitId === province.id);
    const campaignId = seeded.campaignIds[campaignIndex]!;
    const campaignPlan = plan.campaigns[campaignIndex]!;
    say(`the campaign of ${province.name} (${campaignPlan.courseIds.join(", ")}) and its floor…`);
    const campaignDetail = (await call("GET", `/admin/campaigns/${campaignId}`)).json;
    const campaign = await paired(
      () => call("GET", `/admin/campaigns/${campaignId}`),
      () =>
        Promise.all([province.id, ...communesOf.map((c) => c.unit.id)].map((id) => queryPartition(unitKeys.partition(id), { prefix: unitKeys.statsPrefix }))),
    );
    const provinceCompletions = written.completionsByProvince.get(province.id) ?? new Map<string, number>();
    expectEqual("campaign members", campaignDetail.members, written.membersByProvince.get(province.id), failures);
    expectEqual(
      "campaign completions",
      campaignDetail.completed,
      campaignPlan.courseIds.reduce((s, id) => s + (provinceCompletions.get(id) ?? 0), 0),
      failures,
    );
    expectEqual("campaign rows", campaignDetail.children.length, communesOf.length, failures);
    if (campaignDetail.forecastPercent === null) failures.push("The campaign has no forecast: its baseline snapshot was not found");
    const listed = (await call("GET", "/admin/units/vn/campaigns")).json;
    expectEqual("campaigns listed for the nation", listed.items.length, 1, failures);

    // The national completion list of one course, by the worker bundle as deployed.
    const { worker, runner, queryChild, env } = await prepareWorker(work, { dynamoEndpoint: dynamo.endpoint, tableName: "kns", secrets });
    const s3 = await s3StandIn();
    let exported: Awaited<ReturnType<typeof runChild>>;
    let queried: Awaited<ReturnType<typeof runChild>>;
    let rows = 0;
    try {
      if (!options.check) {
        // The whole nation, so that neither the export nor the floor after it is the first pass over DynamoDB
        // Local's pages (a warm-up of one province left the export reading every other one cold).
        say("warm-up: the nation's pages, as the floor reads them (not timed)…");
        await runChild(queryChild, ["vn", seeded.exportCourse], env, 20 * 60_000);
      }
      say(`export: the completion list of ${seeded.exportCourse} for the nation, CSV, by the worker bundle…`);
      const job = (await call("POST", "/admin/exports", { unitId: "vn", courseId: seeded.exportCourse, format: "csv" })).json;
      exported = await runChild(
        runner,
        [worker.file, job.id as string, "export"],
        { ...env, BUCKET_NAME: "bench-exports", AWS_ENDPOINT_URL_S3: s3.url, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" },
        20 * 60_000,
      );
      const status = (await call("GET", `/admin/exports/${job.id}`)).json;
      if (exported.failures || status.status !== "done") throw new Error(`The national export ended ${status.status}: ${status.error ?? ""}`);
      rows = status.rows as number;
      expectEqual("rows in the national export", rows, written.members, failures);
      say("floor: the same pages straight from DynamoDB Local…");
      queried = await runChild(queryChild, ["vn", seeded.exportCourse], env, 20 * 60_000);
    } finally {
      await s3.close();
    }

    // Merging the 10,000-member commune into its neighbour ("Run the programme"), by the worker bundle.
    const big = plan.big;
    const bigMembers = written.membersByCommune.get(big.unit.id) ?? 0;
    const intoMembers = written.membersByCommune.get(plan.mergeInto.unit.id) ?? 0;
    say(`merge: ${big.unit.name} (${bigMembers.toLocaleString("en")} members, ${teamCount(big.teams.length)}) into ${plan.mergeInto.unit.name}…`);
    const mergeJob = (await call("POST", `/admin/units/${big.unit.id}/merge`, { intoUnitId: plan.mergeInto.unit.id })).json;
    const merged = await runChild(runner, [worker.file, mergeJob.id as string, "merge"], env, 20 * 60_000);
    const mergeStatus = (await call("GET", `/admin/jobs/${mergeJob.id}`)).json;
    if (merged.failures || mergeStatus.status !== "done") throw new Error(`The merge ended ${mergeStatus.status}: ${mergeStatus.error ?? ""}`);
    const after = (await call("GET", `/admin/units/${province.id}/report`)).json;
    const intoRow = (after.children as Json[]).find((row) => row.unitId === plan.mergeInto.unit.id);
    expectEqual("members after the merge", intoRow?.members, bigMembers + intoMembers, failures);
    expectEqual(
      "the merged commune is no longer listed",
      (after.children as Json[]).some((row) => row.unitId === big.unit.id),
      false,
      failures,
    );
    expectEqual(`${province.name}: members after the merge`, after.unit.members, written.membersByProvince.get(province.id), failures);

    if (failures.length) throw new Error(`The API's figures differ from what was written:\n  ${failures.join("\n  ")}`);
    say(`checked: the API's figures equal what the generator wrote (members ${written.members.toLocaleString("en")}, export rows, campaign, merge)`);

    const exportSeconds = exported.seconds;
    details.nationalExportSeconds = `${rows.toLocaleString("en")} rows; ${Math.round((plan.teams + plan.communes.length + plan.provinces.length + 1) / 1000)}k units read, ${EXPORT_CONCURRENCY} at a time`;
    details.nationalExportFloorSeconds = `${(queried.items ?? 0).toLocaleString("en")} items`;
    details.mergeCommune10kSeconds = `${bigMembers.toLocaleString("en")} members in ${teamCount(big.teams.length)} moved; peak RSS ${round(merged.timeRssMB ?? merged.peakRssMB)} MB`;
    if (options.check) notes.push("National figures from a --check run (one request per page): not comparable.");
    if (options.scale !== 1) notes.push(`National figures at --scale=${options.scale}: not the issue's nation.`);
    notes.push(
      "The generated nation leaves out items no measured page reads: phone uniqueness items, idempotency markers (event, attempt, month) and question analytics counters.",
    );
    return {
      nationalReportMs: round(median(national.pageMs), 1),
      nationalReportFloorMs: round(median(national.floorMs), 1),
      provinceReportMs: round(median(provincial.pageMs), 1),
      provinceReportFloorMs: round(median(provincial.floorMs), 1),
      campaignProgressMs: round(median(campaign.pageMs), 1),
      campaignProgressFloorMs: round(median(campaign.floorMs), 1),
      nationalExportSeconds: round(exportSeconds, 1),
      nationalExportPeakRssMB: round(exported.timeRssMB ?? exported.peakRssMB),
      nationalExportFloorSeconds: round(queried.seconds, 1),
      nationalExportRows: rows,
      mergeCommune10kSeconds: round(merged.seconds, 1),
      mergeCommunePeakRssMB: round(merged.timeRssMB ?? merged.peakRssMB),
      mergeCommuneMembers: bigMembers,
      mergeCommuneTeams: big.teams.length,
      nationalSeedSeconds: round(seedSeconds),
      nationalSeedItems: seeded.items,
      nationalSeedItemsPerSecond: round(seeded.batchItems / seeded.batchSeconds),
      nationalMembers: written.members,
      nationalTeams: plan.teams,
      nationalScale: options.scale,
      samples: {
        national: national.pageMs,
        nationalFloor: national.floorMs,
        province: provincial.pageMs,
        provinceFloor: provincial.floorMs,
        campaign: campaign.pageMs,
        campaignFloor: campaign.floorMs,
      },
      details: {
        ...details,
        nationalReportMs: spread(national.pageMs),
        nationalReportFloorMs: `68 queries (34 provinces × counters, this month); ${spread(national.floorMs)}`,
        provinceReportMs: `${province.name}, ${communesOf.length} communes; ${spread(provincial.pageMs)}`,
        provinceReportFloorMs: spread(provincial.floorMs),
        campaignProgressMs: `${campaignPlan.courseIds.length} course(s); ${spread(campaign.pageMs)}`,
        campaignProgressFloorMs: spread(campaign.floorMs),
      },
      notes,
    };
  } finally {
    raw?.close();
    await dynamo?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

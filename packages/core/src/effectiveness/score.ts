import { Activity } from "../activity";
import { Campaign } from "../campaign";
import { Course } from "../course";
import {
  type ComponentScore,
  EFFECTIVENESS_COMPONENTS,
  EFFECTIVENESS_RULES,
  type EffectivenessComponent,
  type EffectivenessReason,
  type EffectivenessWeights,
  type HelpPeriod,
  type TeamScore,
  vietnamDay,
} from "../model";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { User } from "../user";
import { weightsFor } from "./weights";

/**
 * The team effectiveness score (docs/effectiveness.md, "Team effectiveness score"): four components, each 0–100
 * with its reason, weighted by the province's weights. Every figure is the team's own (its subtree counters, its
 * HELPDAY# items, its members and their progress records): a few small queries per team, never a scan.
 */

/** What every team of one ranking shares. */
interface Context {
  now: Date;
  today: string;
  /** The first Vietnam day of the rolling window and the instant it starts. */
  fromDay: string;
  fromInstant: string;
  weights: EffectivenessWeights;
  countedCourseIds: string[];
  period: HelpPeriod;
}

const reason = (code: EffectivenessReason["code"], params: Record<string, number> = {}): EffectivenessReason => ({ code, params });
const percent = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.round((part / whole) * 100)) : 0);

/** Learning, completion: the percent of each running campaign's target reached (capped), averaged; else the counted courses' rate. */
function completion(stats: Unit.Stats, campaigns: Campaign.Info[], context: Context): [number, EffectivenessReason] {
  if (!stats.members) return [0, reason("no_members")];
  const running = campaigns.filter((c) => c.startsOn <= context.today && context.today <= c.dueOn);
  if (running.length) {
    const ofTarget = running.map((c) => {
      const completed = c.courseIds.reduce((sum, id) => sum + (stats.completedByCourse[id] ?? 0), 0);
      // The campaign screen's percent (Campaign.detailFor), then against the target.
      return percent(percent(completed, stats.members * Math.max(1, c.courseIds.length)), c.targetPercent);
    });
    const score = Math.round(ofTarget.reduce((a, b) => a + b, 0) / ofTarget.length);
    return [score, reason("campaigns", { campaigns: running.length, percentOfTarget: score })];
  }
  if (!context.countedCourseIds.length) return [0, reason("no_courses")];
  const completed = context.countedCourseIds.reduce((sum, id) => sum + (stats.completedByCourse[id] ?? 0), 0);
  const possible = stats.members * context.countedCourseIds.length;
  return [percent(completed, possible), reason("rate", { completed, possible })];
}

/** Learning, quiz: the average score of every graded attempt. */
function quiz(stats: Unit.Stats): [number, EffectivenessReason] {
  if (!stats.attempts) return [0, reason("no_attempts")];
  const average = Math.round(stats.scoreSum / stats.attempts);
  return [Math.min(100, average), reason("average", { attempts: stats.attempts, average })];
}

/** Outreach, help: people helped in the period against the team's monthly target, or the default per member. */
function help(people: number, target: number | null, members: number): [number, EffectivenessReason] {
  if (target && target > 0) return [percent(people, target), reason("target", { people, target })];
  const perMember = EFFECTIVENESS_RULES.defaultHelpPerMember;
  if (!members) return [0, reason("no_members")];
  const assumed = perMember * members;
  return [percent(people, assumed), reason("default_target", { people, target: assumed, perMember, members })];
}

/** Outreach, activity: the share of the team's learners who learned or recorded help in the window. */
async function activity(teamId: string, helpers: Set<string>, context: Context): Promise<[number, EffectivenessReason]> {
  const [people, progress] = await Promise.all([User.listForUnit(teamId), Progress.listForUnit(teamId)]);
  // The learners of docs/effectiveness.md: members and leaders, active, activated.
  const learners = people.filter((person) => User.countsAsMember(person.roles) && person.active && !person.pending);
  if (!learners.length) return [0, reason("no_members")];
  const learned = new Set(progress.filter((record) => record.lastActivityAt >= context.fromInstant).map((record) => record.userId));
  const active = learners.filter((person) => learned.has(person.id) || helpers.has(person.id)).length;
  return [percent(active, learners.length), reason("active", { active, members: learners.length })];
}

/** A team's score and components (rank not yet known). */
async function scoreTeam(team: Unit.Info, context: Context): Promise<Omit<TeamScore, "rank">> {
  const [stats, campaigns, target, recent, monthPeople] = await Promise.all([
    Unit.stats(team.id, { months: 0 }),
    Campaign.over(team),
    Activity.targetOf(team.id),
    Unit.helpSince(team.id, context.fromDay),
    context.period.kind === "month" ? Activity.helpedIn(team.id, context.period.month).then((month) => month.people) : Promise.resolve(undefined),
  ]);
  const scores: Record<EffectivenessComponent, [number, EffectivenessReason]> = {
    completion: completion(stats, campaigns, context),
    quiz: quiz(stats),
    help: help(monthPeople ?? recent.people, target, stats.members),
    activity: await activity(team.id, recent.helpers, context),
  };
  const components = Object.fromEntries(
    EFFECTIVENESS_COMPONENTS.map((c) => {
      const [score, why] = scores[c];
      const weight = context.weights[c];
      return [c, { score, weight, points: (score * weight) / 100, reason: why } satisfies ComponentScore];
    }),
  ) as Record<EffectivenessComponent, ComponentScore>;
  const points = (cs: EffectivenessComponent[]) => Math.round(cs.reduce((sum, c) => sum + components[c].score * components[c].weight, 0)) / 100;
  return {
    unitId: team.id,
    name: team.name,
    score: Math.round(points([...EFFECTIVENESS_COMPONENTS])),
    members: stats.members,
    learning: points(["completion", "quiz"]),
    outreach: points(["help", "activity"]),
    components,
  };
}

/** Best first; a tie goes to more outreach (field work matters most), then more learning, then the name, then the id. */
function compare(a: Omit<TeamScore, "rank">, b: Omit<TeamScore, "rank">) {
  return b.score - a.score || b.outreach - a.outreach || b.learning - a.learning || a.name.localeCompare(b.name, "vi") || (a.unitId < b.unitId ? -1 : 1);
}

/**
 * The teams of a commune, ranked, with the weights used. `period` says what the help is measured over: the
 * rolling window (default) or a calendar month (a month's recognition).
 */
export async function rankTeams(commune: Unit.Info, now = new Date(), period?: HelpPeriod) {
  const fromDay = vietnamDay(new Date(now.getTime() - (EFFECTIVENESS_RULES.windowDays - 1) * 86_400_000));
  const [children, applied, counted] = await Promise.all([Unit.children(commune.id), weightsFor(commune), Course.counted()]);
  const context: Context = {
    now,
    today: vietnamDay(now),
    fromDay,
    fromInstant: new Date(`${fromDay}T00:00:00+07:00`).toISOString(),
    weights: applied.weights,
    countedCourseIds: counted.map((c) => c.id),
    period: period ?? { kind: "days", days: EFFECTIVENESS_RULES.windowDays },
  };
  const teams = children.filter((unit) => Unit.holdsMembers(unit.kind) && !unit.archivedAt);
  const scored = await Promise.all(teams.map((team) => scoreTeam(team, context)));
  const ranked: TeamScore[] = scored.sort(compare).map((team, i) => ({ ...team, rank: i + 1 }));
  return { teams: ranked, weights: applied, period: context.period };
}

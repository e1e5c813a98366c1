/**
 * Team effectiveness (docs/effectiveness.md, "Team effectiveness score"): a score 0–100 per team, the weighted
 * sum of four components, each 0–100 with its reason as a code and numbers, so the web app words it in the
 * reader's language. The components, default weights, windows and recognition rules are written here once, for
 * the server (effectiveness/) and the ranking screen alike.
 */

/** Learning: completion against campaign targets (or the counted courses' rate), quiz results. Outreach: help given, members active. */
export const EFFECTIVENESS_COMPONENTS = ["completion", "quiz", "help", "activity"] as const;
export type EffectivenessComponent = (typeof EFFECTIVENESS_COMPONENTS)[number];

export const COMPONENT_GROUP: Readonly<Record<EffectivenessComponent, "learning" | "outreach">> = {
  completion: "learning",
  quiz: "learning",
  help: "outreach",
  activity: "outreach",
};

/** Whole-number weights of the four components; they add up to 100. */
export type EffectivenessWeights = Record<EffectivenessComponent, number>;

/**
 * The weights a province has not changed: outreach 60, learning 40 (letter 2251: field work is what the teams are
 * for, and the least measured). The reasoning is in docs/effectiveness.md.
 */
export const DEFAULT_EFFECTIVENESS_WEIGHTS: Readonly<EffectivenessWeights> = { completion: 25, quiz: 15, help: 35, activity: 25 };

export const EFFECTIVENESS_RULES = {
  /** The rolling window of the outreach components, in Vietnam calendar days ending today. */
  windowDays: 30,
  /** People helped per member per month expected of a team whose monthly target nobody set (about one a week). */
  defaultHelpPerMember: 4,
  /** Teams recognised each month in a commune: at most this many… */
  recognisedMax: 3,
  /** …and at most one in this many of the commune's teams (rounded up, so a commune with one or two teams has one). */
  recognisedOneIn: 3,
} as const;

/** Teams recognised in a commune of `teams` teams (before the "score above 0" rule). */
export const recognisedCount = (teams: number) => Math.min(EFFECTIVENESS_RULES.recognisedMax, Math.ceil(teams / EFFECTIVENESS_RULES.recognisedOneIn));

/** The problem with a set of weights, or undefined when they are four whole numbers from 0 that add up to 100. */
export function weightsProblem(weights: Record<string, unknown>): "effectiveness.weights_invalid" | undefined {
  const values = EFFECTIVENESS_COMPONENTS.map((c) => weights[c]);
  const wholes = values.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100);
  return wholes && (values as number[]).reduce((a, b) => a + b, 0) === 100 ? undefined : "effectiveness.weights_invalid";
}

/**
 * Why a component scored what it did. Params are numbers only; the app words them:
 * - completion `campaigns`: {campaigns, percentOfTarget} the running campaigns over the team, its percent of their
 *   targets averaged (each capped at 100); `rate`: {completed, possible} the counted courses' rate;
 * - quiz `average`: {attempts, average};
 * - help `target` / `default_target`: {people, target, days} (default: also {perMember, members});
 * - activity `active`: {active, members, days};
 * - `no_members`, `no_attempts`, `no_courses`: nothing to measure, the component scores 0.
 */
export type EffectivenessReasonCode = "campaigns" | "rate" | "average" | "target" | "default_target" | "active" | "no_members" | "no_attempts" | "no_courses";

export interface EffectivenessReason {
  code: EffectivenessReasonCode;
  params: Record<string, number>;
}

export interface ComponentScore {
  /** 0–100. */
  score: number;
  weight: number;
  /** score × weight ÷ 100: what the component adds to the team's score. */
  points: number;
  reason: EffectivenessReason;
}

/** One team in its commune's ranking. Teams are compared, never people: no member is named. */
export interface TeamScore {
  unitId: string;
  name: string;
  /** 1 for the first; ties are broken (outreach, then learning, then the name), so ranks are 1…n. */
  rank: number;
  /** 0–100, the rounded sum of the components' points. */
  score: number;
  members: number;
  learning: number;
  outreach: number;
  components: Record<EffectivenessComponent, ComponentScore>;
}

/**
 * What the outreach help was measured over: the rolling window (the ranking), or a calendar month (a month's
 * recognition, from the month's field-work counters).
 */
export type HelpPeriod = { kind: "days"; days: number } | { kind: "month"; month: string };

/** GET /admin/units/:unitId/effectiveness-weights — the weights that apply to a unit. */
export interface EffectivenessWeightsView {
  weights: EffectivenessWeights;
  /** `province`: the province set them; `default`: nobody did. */
  source: "province" | "default";
  provinceId: string | null;
  /** The viewer may change them (admins of the province or the nation). */
  editable: boolean;
}

/** GET /admin/units/:unitId/team-ranking — a commune's teams, best first. */
export interface TeamRanking {
  unit: { unitId: string; name: string; kind: string };
  asOf: string;
  period: HelpPeriod;
  weights: EffectivenessWeightsView;
  teams: TeamScore[];
  /** The teams recognised for the month before, if it was awarded. */
  recognised: { month: string; unitIds: string[] };
}

/** A team recognised in its commune for a month: stored once, never changed. */
export interface TeamBadge {
  month: string;
  unitId: string;
  teamName: string;
  communeId: string;
  communeName: string;
  rank: number;
  score: number;
  /** Teams of the commune ranked that month. */
  teams: number;
  awardedAt: string;
}

/** GET /admin/units/:unitId/badges — a team's badges, newest first. */
export interface TeamBadges {
  items: TeamBadge[];
}

/** The month before the one a moment falls in, Vietnam calendar (UTC+7): what the monthly recognition closes. */
export function previousVietnamMonth(now: Date): string {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

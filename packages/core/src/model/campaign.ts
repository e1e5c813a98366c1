/**
 * Campaigns: a province or commune plan ("these courses, for these units, done by this date, by this share of
 * members"). The limits and wire shapes are shared by the server (campaign/) and the web app.
 */

export const CAMPAIGN_LIMITS = {
  coursesMax: 10,
  titleMax: 120,
  /** A campaign runs at most this long, and may be planned at most this far ahead. */
  daysMax: 366,
  aheadDaysMax: 366,
  /** Days over which the recent pace of completions is measured for the forecast. */
  paceDays: 14,
  /** Members keep seeing a campaign this many days after its due date (then it leaves their home screen). */
  shownAfterDueDays: 30,
} as const;

/**
 * Where a unit stands against its campaign's target:
 * - `reached`: the share certified is at or above the target;
 * - `on_track`: not yet, but the recent pace reaches it by the due date;
 * - `behind`: the recent pace does not reach it;
 * - `overdue`: the due date has passed without reaching it;
 * - `unknown`: too soon to tell (no pace measured yet: the first day, or no completions in the window).
 */
export const CAMPAIGN_STANDINGS = ["reached", "on_track", "behind", "overdue", "unknown"] as const;
export type CampaignStanding = (typeof CAMPAIGN_STANDINGS)[number];

/** The standings in Vietnamese, as the campaign screens and the monthly report (report/monthly.ts) word them. */
export const CAMPAIGN_STANDING_LABELS_VI: Readonly<Record<CampaignStanding, string>> = {
  reached: "Đạt mục tiêu",
  on_track: "Đúng tiến độ",
  behind: "Chậm tiến độ",
  overdue: "Quá hạn",
  unknown: "Chưa rõ",
};

export interface CampaignProgressRow {
  unitId: string;
  name: string;
  kind: string;
  members: number;
  /** Course completions of the campaign's courses in the unit's subtree (one member certified in two courses: 2). */
  completed: number;
  /** completed ÷ (members × courses), 0–100. */
  percent: number;
  /** The percent expected on the due date at the recent pace; null when no pace could be measured. */
  forecastPercent: number | null;
  standing: CampaignStanding;
  /** For teams only: members who have not finished every course of the campaign (counted, never named here). */
  unfinished: number | null;
}

export interface CampaignSummary {
  id: string;
  unitId: string;
  unitName: string;
  title: string;
  courseIds: string[];
  startsOn: string;
  dueOn: string;
  targetPercent: number;
  createdAt: string;
  /** Whether the campaign has started, is running or is past its due date (Vietnam calendar). */
  phase: "upcoming" | "running" | "ended";
}

export interface CampaignDetail extends CampaignSummary {
  courses: { id: string; title: string }[];
  members: number;
  completed: number;
  percent: number;
  forecastPercent: number | null;
  standing: CampaignStanding;
  children: CampaignProgressRow[];
  /** A team's own page: its members who have not finished, by name (the team leader and admins over the team). */
  unfinishedMembers?: { userId: string; fullName: string; missing: string[] }[];
}

export interface Assignment {
  campaignId: string;
  title: string;
  courseId: string;
  courseTitle: string;
  startsOn: string;
  dueOn: string;
  completed: boolean;
}

export interface Assignments {
  items: Assignment[];
}

/** Days from one calendar day to another (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The standing of a unit: the share now, and the share expected by the due date when `completedDaysAgo` (the
 * completions `paceDays` days ago, or at the campaign's start if later) gives a pace.
 */
export function standingOf(input: { percent: number; targetPercent: number; today: string; dueOn: string; forecastPercent: number | null }): CampaignStanding {
  if (input.percent >= input.targetPercent) return "reached";
  if (input.today > input.dueOn) return "overdue";
  if (input.forecastPercent === null) return "unknown";
  return input.forecastPercent >= input.targetPercent ? "on_track" : "behind";
}

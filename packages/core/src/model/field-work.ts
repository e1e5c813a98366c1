/**
 * Field work ("Hướng dẫn người dân"): help a team member gave residents, recorded on the phone (offline first)
 * and counted up the unit tree. The skills, outcomes, limits and the rules a record must meet are written here
 * once, for the server's schema (activity/) and the phone's form alike.
 */

/**
 * The national "5 basic digital skills" the Community Digital Technology Teams teach residents (Ministry of
 * Information and Communications guidance for the teams, letter 2251/2023 and after): using online public
 * services, online shopping, online payment, protecting oneself in cyberspace, and other digital platforms
 * chosen locally. The first four share their code with the course topics (content.ts TOPICS).
 */
export const BASIC_SKILLS = ["public-services", "e-commerce", "payments", "cyber-safety", "local-platforms"] as const;
export type BasicSkill = (typeof BASIC_SKILLS)[number];

/**
 * The skills' Vietnamese names, as the teams' guidance writes them: the phone's form shows them and the monthly
 * report a commune sends upward (report/monthly.ts) heads its rows with them.
 */
export const BASIC_SKILL_LABELS_VI: Readonly<Record<BasicSkill, string>> = {
  "public-services": "Dịch vụ công trực tuyến",
  "e-commerce": "Mua bán trực tuyến",
  payments: "Thanh toán trực tuyến",
  "cyber-safety": "An toàn trên không gian mạng",
  "local-platforms": "Nền tảng số khác ở địa phương",
};

/**
 * Finer skill codes (e.g. from the curriculum) as `<basic skill>.<finer code>`, each counted under its basic
 * skill too. A finer code is one entry here: the server accepts it and the phone offers it.
 */
export const FINER_SKILLS: Readonly<Record<string, BasicSkill>> = {};

export type FieldSkill = BasicSkill | `${BasicSkill}.${string}`;

/** The basic skill a (basic or finer) skill code belongs to, or undefined for a code nobody declared. */
export function basicSkillOf(code: string): BasicSkill | undefined {
  if ((BASIC_SKILLS as readonly string[]).includes(code)) return code as BasicSkill;
  return Object.hasOwn(FINER_SKILLS, code) ? FINER_SKILLS[code] : undefined;
}

/** What was done, as provinces count it (Đồng Tháp's pilot: app installs, e-wallets opened, products listed). */
export const FIELD_OUTCOMES = [
  "vneid-level2",
  "cashless-bill",
  "ewallet-or-bank",
  "product-listed",
  "scam-reported",
  "public-service-application",
  "other",
] as const;
export type FieldOutcome = (typeof FIELD_OUTCOMES)[number];

/** The outcomes' Vietnamese names (the phone's form, the monthly report). */
export const FIELD_OUTCOME_LABELS_VI: Readonly<Record<FieldOutcome, string>> = {
  "vneid-level2": "Cài VNeID và kích hoạt mức 2",
  "cashless-bill": "Trả hoá đơn không dùng tiền mặt",
  "ewallet-or-bank": "Mở ví điện tử hoặc ứng dụng ngân hàng",
  "product-listed": "Đưa sản phẩm lên bán trực tuyến",
  "scam-reported": "Báo cáo lừa đảo",
  "public-service-application": "Nộp hồ sơ dịch vụ công trực tuyến",
  other: "Việc khác",
};

export const isFieldOutcome = (code: string): code is FieldOutcome => (FIELD_OUTCOMES as readonly string[]).includes(code);

export const FIELD_WORK_LIMITS = {
  /** People or households helped in one record. */
  peopleMin: 1,
  peopleMax: 200,
  /** A record may be made this many days after the help (a week offline in the hills, then some). */
  maxAgeDays: 60,
  /** Phones' clocks run a little ahead; a record this far in the future is still today's. */
  clockSkewMinutes: 10,
  placeMax: 80,
  residentNameMax: 100,
  /** Records per request and per member per minute (the outbox sends the rest later). */
  activitiesPerRequest: 50,
  activitiesPerMinute: 120,
  /** A team's monthly target of people helped. */
  targetMax: 100_000,
} as const;

/** One record of help, as the phone sends it (POST /activities). */
export interface ActivityInput {
  /** A uuid made on the phone: the record's identity, so a replay is recognised. */
  id: string;
  /** When the help was given (ISO date-time). */
  at: string;
  skill: string;
  outcome: string;
  /** People or households helped. */
  people: number;
  /** Village or place, free text. */
  place?: string;
  /** The member's team; when given it must be theirs. */
  unitId?: string;
  /** A resident's name or phone, kept only when the resident consented. */
  resident?: { name?: string; phone?: string; consent: boolean };
}

export type ActivityProblem =
  | "activity.future_date"
  | "activity.too_old"
  | "activity.people_out_of_range"
  | "activity.unknown_skill"
  | "activity.unknown_outcome"
  | "activity.consent_required";

/**
 * What stops a record from being accepted (the other-team rule needs the member's team; the server adds it).
 * The phone checks the same before queuing, so a record the server would refuse is not even queued.
 */
export function activityProblem(activity: Pick<ActivityInput, "at" | "skill" | "outcome" | "people" | "resident">, now: Date): ActivityProblem | undefined {
  const at = Date.parse(activity.at);
  if (Number.isNaN(at) || at > now.getTime() + FIELD_WORK_LIMITS.clockSkewMinutes * 60_000) return "activity.future_date";
  if (at < now.getTime() - FIELD_WORK_LIMITS.maxAgeDays * 86_400_000) return "activity.too_old";
  if (!Number.isInteger(activity.people) || activity.people < FIELD_WORK_LIMITS.peopleMin || activity.people > FIELD_WORK_LIMITS.peopleMax) {
    return "activity.people_out_of_range";
  }
  if (!basicSkillOf(activity.skill)) return "activity.unknown_skill";
  if (!isFieldOutcome(activity.outcome)) return "activity.unknown_outcome";
  const resident = activity.resident;
  if (resident && (resident.name?.trim() || resident.phone?.trim()) && resident.consent !== true) return "activity.consent_required";
  return undefined;
}

/** A month as reports and screens name it: YYYY-MM. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month a record counts in: Vietnam's calendar month of the day the help was given (UTC+7, no DST). */
export function fieldWorkMonth(at: string | Date): string {
  const time = typeof at === "string" ? Date.parse(at) : at.getTime();
  return new Date(time + 7 * 3_600_000).toISOString().slice(0, 7);
}

/** POST /activities */
export interface ActivitiesResponse {
  accepted: string[];
}

/** One refused record in a refused batch (`error.details.items`). */
export interface ActivityRefusal {
  id: string;
  code: ActivityProblem | "activity.not_your_team";
}

/** GET /me/activities: the member's own records, newest first. */
export interface MyActivities {
  items: (Omit<ActivityInput, "resident" | "unitId"> & { unitId: string; recordedAt: string })[];
}

/** GET /admin/units/:unitId/field-work?month= — a unit's month of help (whole subtree) against its target. */
export interface FieldWorkMonth {
  unit: { unitId: string; name: string; kind: string };
  month: string;
  /** The team's monthly target of people helped (teams only; null when none is set). */
  target: number | null;
  people: number;
  sessions: number;
  bySkill: Partial<Record<BasicSkill, { people: number; sessions: number }>>;
  byOutcome: Partial<Record<FieldOutcome, { people: number; sessions: number }>>;
}

import { randomUUID } from "node:crypto";
import { TICK_RATE } from "../../infra/jobs";
import { emfRecord } from "../../packages/api/src/metrics";
import { METRICS, withRequest } from "../../packages/core/src/log";
import { NOTIFY_LIMITS } from "../../packages/core/src/model";
import type { CapacityResult } from "./capacity";
import { bytes, coldStartLogBytes, traceHeader } from "./log-lines";
import { round } from "./stats";

/**
 * List prices for ap-southeast-1 (Singapore), the region the stack deploys to. The first group was written down on
 * 2026-11-26 from the public price pages as last seen (not re-checked online that day); the rest on 2026-12-06,
 * each with where it comes from. Confirm them in the AWS Pricing Calculator before relying on the total.
 * DynamoDB on-demand includes the 50% cut of 2024-11-01. Free tiers are ignored (they are per account, shared by
 * dev, prod and anything else in it), except CloudFront's always-free 1 TB and 10 M requests a month (and
 * CloudFront Functions' 2 M invocations), which a learner app of this size stays inside.
 */
export const PRICES = {
  date: "2026-12-06",
  region: "ap-southeast-1",
  /** DynamoDB on-demand, per million read / write request units (Standard table class). 2026-11-26. */
  dynamoReadPerMillion: 0.1423,
  dynamoWritePerMillion: 0.7116,
  /** Lambda, per million requests and per GB-second on arm64 (first 6 billion GB-s tier). 2026-11-26. */
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  /** API Gateway HTTP API, per million requests (first 300 million). 2026-11-26. */
  httpApiPerMillion: 1.2,
  /** CloudWatch Logs ingestion, per GB (Lambda logs and the API's access log). 2026-11-26. */
  logsIngestPerGb: 0.7,
  /** Secrets Manager API calls, per 10,000 (one per cold start, packages/api/src/lambda.ts). 2026-11-26. */
  secretsPer10k: 0.05,
  /** CloudFront: inside the always-free tier (1 TB out, 10 M requests a month). 2026-11-26. */
  cloudfront: 0,
  /**
   * AWS WAF: per million requests inspected, per web ACL-month and per rule-month (a managed rule group is one
   * rule; the AWS managed groups the edge uses carry no subscription fee). The same in every region (AWS
   * Networking & Content Delivery blog, "Cost-effective ways for securing your web applications using AWS WAF");
   * the figures from pricing guides of 2026 (c3x.dev "AWS WAF cost explained"), 2026-12-06; as docs/deploy.md.
   */
  wafPerMillionRequests: 0.6,
  wafWebAclMonthly: 5,
  wafRuleMonthly: 1,
  /**
   * X-Ray, per million traces recorded, and per million retrieved or scanned (aws.amazon.com/xray/pricing,
   * its de/cn/vi pages as stored, read 2026-12-06; free: 100,000 recorded and 1,000,000 retrieved or scanned a
   * month per account, not subtracted).
   */
  xrayRecordedPerMillion: 5,
  xrayScannedPerMillion: 0.5,
  /**
   * CloudWatch custom metric, per metric-month for the first 10,000, prorated by the hours it is published in
   * (aws.amazon.com/cloudwatch/pricing and SigNoz's "CloudWatch pricing" guide of 2026-02, read 2026-12-06; the
   * first 10 metrics of an account are free, not subtracted). Alarm metric-month and secret-month as in
   * docs/deploy.md's "Cost at rest" (2026-11-26).
   */
  customMetricMonthly: 0.3,
  alarmMetricMonthly: 0.1,
  secretMonthly: 0.4,
  /**
   * UNVERIFIED. AWS End User Messaging SMS, one outbound message part to Vietnam from a registered sender id.
   * AWS's per-country price list could not be read from here on 2026-12-06 (the search tool's stores hold only
   * the billing guide, which names the usage type APS1-OutboundSMS-VN-…, not the price); $0.07 is the best
   * figure at hand, in the $0.05–0.10 a part that international A2P routes to Vietnam cost. Check
   * aws.amazon.com/end-user-messaging/pricing (Vietnam, sender ID, base price plus any carrier fee) before
   * relying on it. A part is 70 characters of UCS-2 (67 when the message has several): Vietnamese with its
   * diacritics is never GSM-7.
   */
  smsVietnamPerPart: 0.07,
  /**
   * PARTLY VERIFIED. Zalo ZNS, one template message delivered within 15 s ("Loại 1"): 300 VND before VAT, from a
   * Zalo Cloud reseller's copy of Zalo's ZNS terms (vinacis.vn, read 2026-12-06; a 2022 reseller contract lists
   * 350 / 250 / 150 VND for the three delivery classes). Zalo's own price page (oa.zalo.me/home/pricing) was not
   * reachable. At about 26,000 VND to the dollar (an assumption, not a quoted rate). Billed by VNG, not AWS.
   */
  zaloZnsPerMessage: 300 / 26_000,
} as const;

const WEEKS_PER_MONTH = 365.25 / 7 / 12;
const DAYS_PER_MONTH = 365.25 / 12;
/** Hours a day outside Vietnam's quiet hours (21:00–07:00): when reminders go out, and when people learn. */
const AWAKE_HOURS = 24 - (24 - NOTIFY_LIMITS.quietFromHour + NOTIFY_LIMITS.quietUntilHour);

/** How the figure is built; each is a stated assumption, not a measurement. */
export const MODEL = {
  /** An active learner completes one course a month: the journey capacity.ts measures. */
  journeysPerMau: 1,
  /** The API function's memory (infra/api.ts), and the worker's (infra/jobs.ts). */
  lambdaMemoryGb: 1,
  /** One cold start per learning session, a session per module (pessimistic: warm containers serve most). */
  coldStartsPerJourney: 4,
  // Log bytes per request are no longer assumed: capacity.ts captures the journey's lines (log-lines.ts).

  /** WAF inspects the site's requests too: two a session (the service worker's update check, the manifest). */
  siteRequestsPerSession: 2,
  /** … and the precache once a month: two deploys, each changing about half its files (web/dist/sw.js lists 98 on 2026-12-06). */
  sitePrecacheFilesPerMonth: 98,
  /**
   * Lambda traces 1 request a second and 5% of the rest. Requests spread evenly over the awake hours (the
   * busiest case for tracing: a peakier day leaves more untraced); at 10,000 learners that is far below 1 a
   * second, so every request is traced.
   */
  tracingReservoirPerSecond: 1,
  tracingRate: 0.05,
  /** Operators' searches scan about as many traces a month as were recorded (a day's worth a few times a week). */
  xrayScannedPerRecorded: 1,

  /**
   * Reminders (packages/core/src/reminder). Every active learner is in a running campaign (the national plan has
   * 20) and, learning a module a week, has a 3- and a 7-day gap each week, which with the due-date reminders
   * (7 and 1 day before) fills the weekly cap. Members who stopped learning are reminded too, less (3 times a
   * stretch plus 2 per campaign), and are not counted here.
   */
  remindedPerMau: 1,
  /**
   * Share of reminded members on each channel. Every channel is off until the person turns it on (Law 91/2025,
   * docs/notifications.md) and a reminder goes on every channel they turned on: there is no fallback, so SMS is
   * not "push first". No usage data yet: half turn push on (Android's Chrome has it; an iPhone only once the app
   * is on its home screen), one in ten SMS and one in ten Zalo (both optional channels of a deployment).
   */
  pushShare: 0.5,
  smsShare: 0.1,
  zaloShare: 0.1,
  /**
   * Parts per reminder SMS: the texts of reminder/index.ts with a short course title and the course's link on a
   * stage domain (`https://kynangso.example.gov.vn/courses/public-services`) are 159–184 characters of UCS-2 → 3.
   */
  smsPartsPerReminder: 3,
  /**
   * Password resets (auth/self-reset.ts): one member in 50 a month. The code goes on one channel, push or Zalo if
   * on, else SMS without consent; its text with the reset link is 205 characters → 4 parts.
   */
  resetsPerMau: 0.02,
  smsPartsPerReset: 4,
  /**
   * DynamoDB per reminder, counted from the code (not measured): Reminder.claim reads the weekly tally
   * (consistent, 1 unit) and writes the claim and the tally in a transaction (2 × 2); Notify.deliver reads the
   * user (eventually consistent, 0.5) and their notification items (consistent query, 1), writes the message
   * record and the hourly counter (2), and per channel a claim and a sent mark (2).
   */
  reminderReadUnits: 2.5,
  reminderWriteUnits: 6,
  reminderWriteUnitsPerChannel: 2,
  /** The worker's time per reminder: those 8–12 DynamoDB calls and one HTTPS call per channel, one after another. */
  reminderWorkerSeconds: 0.25,
  /**
   * Every tick outside quiet hours reads every member and progress record of every running campaign's teams
   * (Reminder.tick → learnersOf: per team, its members and its progress, one team after another): members per
   * team as in the national plan (348,000 in 74,000 teams), 1.5 progress records each (most are in 1–2 courses),
   * and about 10 ms a team for the two queries in parallel.
   */
  membersPerTeam: 348_000 / 74_000,
  progressRecordsPerMember: 1.5,
  tickMsPerTeam: 10,
  /** WAF rules of the edge's web ACL (docs/deploy.md): five, six with KNS_GEO_ALLOW. */
  wafRules: 5,
  /** CloudWatch alarm metrics per stage (docs/deploy.md, "Cost at rest"). */
  alarmMetrics: 18,
  /** Secrets per stage: the signing keys and the origin-verify secret (a third with Zalo). */
  secrets: 2,
} as const;

export interface CostResult {
  /** Per month for 10,000 monthly active learners: what grows with the number of learners. */
  costPer10kMauUsd: number;
  /** The same without the SMS and Zalo messages (push is free): the platform's own cost. */
  costPer10kMauPushOnlyUsd: number;
  /** What each percent of reminded members who turn SMS on adds to the figure. */
  smsUsdPerPercentShare: number;
  /** CloudWatch Logs bytes per API request, measured on the journey (app, metric, Lambda and access log lines). */
  logBytesPerRequest: number;
  /** Per stage and month whatever the number of learners (WAF, metrics, alarms, secrets): not in the figure. */
  fixedPerStageUsd: number;
  breakdown: Record<string, number>;
  fixedPerStage: Record<string, number>;
}

/** One EMF line of `NotificationSent` from the worker, as packages/api/src/metrics.ts writes it. */
function notificationMetricBytes(): number {
  const ids = { requestId: randomUUID(), awsRequestId: randomUUID(), traceId: traceHeader().root };
  const record = withRequest(ids, () => emfRecord({ values: { NotificationSent: 1 }, properties: { channel: "push" }, at: Date.now() }, "prod"));
  return bytes(JSON.stringify(record));
}

/**
 * Monthly cost for 10,000 monthly active learners, from the measured journey: consumed read and write units,
 * API requests, the handlers' measured time (against DynamoDB Local, so if anything longer than in AWS) plus cold
 * starts at the measured bundle import time, the log lines the journey wrote (capacity.ts), WAF and X-Ray per
 * request, and the reminders at the weekly cap with their SMS and Zalo messages.
 *
 * Fixed monthly costs per stage (the web ACL and its rules, custom metrics, alarms, secrets) are not in the
 * figure: they are the same at 1,000 or 1,000,000 learners, so dividing them by 10,000 learners would make the
 * figure depend on the size assumed. They are reported beside it (`fixedPerStage`); dev and prod pay them each.
 */
export function cost(capacity: CapacityResult, lambdaInitMs: number, mau = 10_000): CostResult {
  const model = MODEL;
  const journeys = mau * model.journeysPerMau;
  const requests = journeys * capacity.requestsPerJourney;
  const coldStarts = journeys * model.coldStartsPerJourney;
  const gbSeconds = ((journeys * capacity.billedMsPerJourney + coldStarts * Math.ceil(lambdaInitMs)) / 1000) * model.lambdaMemoryGb;
  const logBytesPerJourney =
    capacity.appLogBytesPerJourney + capacity.metricLogBytesPerJourney + capacity.lambdaLogBytesPerJourney + capacity.accessLogBytesPerJourney;
  const apiLogBytes = journeys * logBytesPerJourney + coldStarts * coldStartLogBytes(lambdaInitMs);

  const siteRequests = mau * (model.coldStartsPerJourney * model.siteRequestsPerSession + model.sitePrecacheFilesPerMonth);
  const perSecond = requests / (DAYS_PER_MONTH * AWAKE_HOURS * 3600);
  const reservoir = model.tracingReservoirPerSecond;
  const tracedShare = perSecond <= reservoir ? 1 : (reservoir + model.tracingRate * (perSecond - reservoir)) / perSecond;
  const traces = requests * tracedShare;

  // Reminders at the weekly cap, and the reset codes.
  const reminders = mau * model.remindedPerMau * NOTIFY_LIMITS.remindersPerWeek * WEEKS_PER_MONTH;
  const channelsPerReminder = model.pushShare + model.smsShare + model.zaloShare;
  const resetSms = mau * model.resetsPerMau * (1 - model.pushShare) * (1 - model.zaloShare);
  const smsParts = reminders * model.smsShare * model.smsPartsPerReminder + resetSms * model.smsPartsPerReset;
  // The tick's scan of the campaigns' teams, every TICK_RATE outside quiet hours.
  const ticks = DAYS_PER_MONTH * AWAKE_HOURS * (60 / TICK_RATE.toMinutes());
  const teams = (mau * model.remindedPerMau) / model.membersPerTeam;
  // Per team: one query of its members, one of its progress (gsi2), eventually consistent: 4 KB per half unit.
  const unitsPerQuery = (itemBytes: number) => Math.max(1, Math.ceil(itemBytes / 4096)) * 0.5;
  const scanReadsPerTick =
    teams *
    (unitsPerQuery(model.membersPerTeam * capacity.userItemBytes) +
      unitsPerQuery(model.membersPerTeam * model.progressRecordsPerMember * capacity.progressItemBytes));

  const breakdown = {
    dynamoReads: ((journeys * capacity.rcuPerJourney) / 1e6) * PRICES.dynamoReadPerMillion,
    dynamoWrites: ((journeys * capacity.wcuPerJourney) / 1e6) * PRICES.dynamoWritePerMillion,
    httpApi: (requests / 1e6) * PRICES.httpApiPerMillion,
    lambdaRequests: (requests / 1e6) * PRICES.lambdaRequestsPerMillion,
    lambdaDuration: gbSeconds * PRICES.lambdaArmPerGbSecond,
    logs: (apiLogBytes / 1024 ** 3) * PRICES.logsIngestPerGb,
    secrets: (coldStarts / 10_000) * PRICES.secretsPer10k,
    cloudfront: PRICES.cloudfront,
    waf: ((requests + siteRequests) / 1e6) * PRICES.wafPerMillionRequests,
    xray: (traces / 1e6) * (PRICES.xrayRecordedPerMillion + model.xrayScannedPerRecorded * PRICES.xrayScannedPerMillion),
    reminderDynamo:
      ((reminders * model.reminderReadUnits + ticks * scanReadsPerTick) / 1e6) * PRICES.dynamoReadPerMillion +
      ((reminders * (model.reminderWriteUnits + model.reminderWriteUnitsPerChannel * channelsPerReminder)) / 1e6) * PRICES.dynamoWritePerMillion,
    reminderWorker:
      (reminders * model.reminderWorkerSeconds + (ticks * teams * model.tickMsPerTeam) / 1000) * model.lambdaMemoryGb * PRICES.lambdaArmPerGbSecond,
    reminderLogs: ((reminders * channelsPerReminder * notificationMetricBytes()) / 1024 ** 3) * PRICES.logsIngestPerGb,
    webPush: 0,
    sms: smsParts * PRICES.smsVietnamPerPart,
    zaloZns: reminders * model.zaloShare * PRICES.zaloZnsPerMessage,
  };
  const total = Object.values(breakdown).reduce((sum, v) => sum + v, 0);
  const smsPerPercent = reminders * 0.01 * model.smsPartsPerReminder * PRICES.smsVietnamPerPart;
  const pushOnly = total - breakdown.sms - breakdown.zaloZns;

  const fixedPerStage = {
    wafWebAcl: PRICES.wafWebAclMonthly,
    wafRules: model.wafRules * PRICES.wafRuleMonthly,
    // At most: each metric billed for every hour of the month (one stage dimension each).
    customMetrics: Object.keys(METRICS).length * PRICES.customMetricMonthly,
    alarms: model.alarmMetrics * PRICES.alarmMetricMonthly,
    secrets: model.secrets * PRICES.secretMonthly,
  };
  const fixed = Object.values(fixedPerStage).reduce((sum, v) => sum + v, 0);
  const rounded = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v, 3)]));
  return {
    costPer10kMauUsd: round(total, 2),
    costPer10kMauPushOnlyUsd: round(pushOnly, 2),
    smsUsdPerPercentShare: round(smsPerPercent, 2),
    logBytesPerRequest: round(logBytesPerJourney / capacity.requestsPerJourney),
    fixedPerStageUsd: round(fixed, 2),
    breakdown: rounded(breakdown),
    fixedPerStage: rounded(fixedPerStage),
  };
}

import { randomUUID } from "node:crypto";
import { TICK_RATE } from "../../infra/jobs";
import { emfRecord } from "../../packages/api/src/metrics";
import { METRICS, withRequest } from "../../packages/core/src/log";
import { NOTIFY_LIMITS } from "../../packages/core/src/model";
import { TEAMS_PER_BATCH } from "../../packages/core/src/reminder/batch";
import type { CapacityResult } from "./capacity";
import { bytes, coldStartLogBytes, traceHeader } from "./log-lines";
import { round } from "./stats";

/**
 * List prices for ap-southeast-1 (Singapore), the region the stack deploys to, each with where it comes from and
 * whether it was checked. On 2026-12-06 every price was looked up again in the stored public pages (AWS's pricing
 * pages, AWS blogs and docs, pricing guides); AWS's regional price tables themselves are not among them, so a
 * Singapore price that only its table shows stays marked UNVERIFIED, with the US East figure that was found beside
 * it. Confirm those in the AWS Pricing Calculator before relying on the total. Free tiers are ignored (they are per
 * account, shared by dev, prod and anything else in it), except CloudFront's always-free 1 TB and 10 M requests a
 * month (and CloudFront Functions' 2 M invocations), which a learner app of this size stays inside.
 */
export const PRICES = {
  date: "2026-12-06",
  region: "ap-southeast-1",
  /**
   * DynamoDB on-demand, per million read / write request units (Standard table class), after the 50% cut of
   * 2024-11-01. UNVERIFIED for Singapore (written down 2026-11-26). Checked 2026-12-06: US East is $0.125 / $0.625
   * after the cut (airbyte.com "DynamoDB pricing", 2025-07; jusdb.com, 2025-08: the cut applies in every region).
   */
  dynamoReadPerMillion: 0.1423,
  dynamoWritePerMillion: 0.7116,
  /**
   * Lambda, per million requests and per GB-second on arm64 (the first 7.5 billion GB-s a month; the x86 tier is
   * 6 billion). Checked 2026-12-06 for US East: $0.20 and $0.0000133334 (cloudchipr.com "AWS Lambda pricing",
   * 2024; the tiers: AWS Compute Blog "Introducing tiered pricing for AWS Lambda"). UNVERIFIED for Singapore,
   * assumed the same (written down 2026-11-26).
   */
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  /**
   * API Gateway HTTP API, per million requests (first 300 million). UNVERIFIED for Singapore (2026-11-26).
   * Checked 2026-12-06: US East is $1.00 (AWS whitepaper "Best practices for designing Amazon API Gateway private
   * APIs", table 4; apigatewaycost.com 2026), so $1.20 is the dearer case.
   */
  httpApiPerMillion: 1.2,
  /**
   * CloudWatch Logs ingestion, per GB, Standard log class (Lambda logs, EMF metric lines and the API's access log:
   * EMF lines are billed as log ingestion, plus the custom metrics they create — CloudWatch docs, "Embedding metrics
   * within logs", read 2026-12-06). UNVERIFIED for Singapore (2026-11-26): Tokyo is $0.76 (awsi.click, 2026),
   * US East $0.50.
   */
  logsIngestPerGb: 0.7,
  /** Secrets Manager API calls, per 10,000 (one per cold start, packages/api/src/lambda.ts). UNVERIFIED, 2026-11-26. */
  secretsPer10k: 0.05,
  /** CloudFront: inside the always-free tier (1 TB out, 10 M requests a month). 2026-11-26. */
  cloudfront: 0,
  /**
   * AWS WAF: per million requests inspected, per web ACL-month and per rule-month (a managed rule group is one
   * rule; the AWS managed groups the edge uses carry no subscription fee). The same in every region (AWS
   * Networking & Content Delivery blog, "Cost-effective ways for securing your web applications using AWS WAF").
   * VERIFIED 2026-12-06: $0.60 / $5 / $1 (c3x.dev "AWS WAF cost explained" and awsnegotiations.com "AWS WAF
   * pricing strategy", both 2026); as docs/deploy.md.
   */
  wafPerMillionRequests: 0.6,
  wafWebAclMonthly: 5,
  wafRuleMonthly: 1,
  /**
   * X-Ray, per million traces recorded, and per million retrieved or scanned. VERIFIED 2026-12-06
   * (aws.amazon.com/xray/pricing, its de/cn/vi pages as stored; free: 100,000 recorded and 1,000,000 retrieved or
   * scanned a month per account, not subtracted).
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
   * UNVERIFIED. AWS End User Messaging SMS, one outbound message part to Vietnam from a registered sender id (the
   * only kind Vietnam accepts: re:Post, "SMS sent to Vietnam failed"). Searched again 2026-12-06 (docs and pages):
   * the stores hold AWS's billing guide (usage type APS1-OutboundSMS-VN-Standard-Senderid-…, and the cost is
   * "price per part × parts + carrier fee per part × parts", re:Post "high SMS charges") but not the per-country
   * table at aws.amazon.com/end-user-messaging/pricing. $0.07 is the best figure at hand, in the $0.05–0.10 a
   * part that international A2P routes to Vietnam cost. A part is 70 characters of UCS-2 (67 when the message has
   * several): Vietnamese with its diacritics is never GSM-7. Whatever the true price in that range, the decision
   * in docs/performance.md holds: even one part per learner a month is hundreds of dollars per 10,000 learners.
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

/** The budget of `costPer10kMauUsd` in run.ts (issue 22): what the SMS share that would still fit is computed against. */
export const COST_BUDGET_USD = 3;

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
   * X-Ray. Every function has active tracing (infra/lambda-function.ts, `Tracing.ACTIVE`), and the HTTP API sends
   * no sampling decision (HTTP APIs have no X-Ray), so Lambda decides: the first request of each second and 5% of
   * the others. That rule cannot be changed for a function ("You cannot configure the X-Ray sampling rate for your
   * functions", Lambda developer guide as copied on awsnotes.dendron.so, read 2026-12-06; X-Ray's console rules apply to API Gateway REST, AppSync, Step Functions
   * and the SDKs, not to Lambda's own sampling), so no sampling rule is modelled: the alternative is `PassThrough`
   * (see `costPer10kMauApiPassThroughUsd`). Requests arrive at random (Poisson) at the month's average rate over
   * the awake hours; this is the busiest case for tracing, since a peakier day leaves more requests untraced.
   */
  apiTracing: "Active" as "Active" | "PassThrough",
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
   * docs/notifications.md; `CHANNELS` = push, Zalo, SMS in packages/core/src/model/notify.ts, and nothing else: no
   * in-app inbox outside the local dev inbox) and a reminder goes on every channel they turned on: there is no
   * fallback, so SMS is not "push first". No usage data yet: half turn push on (Android's Chrome has it; an iPhone
   * only once the app is on its home screen). SMS and Zalo are optional channels of a deployment (configured by
   * KNS_SMS_ORIGINATION_IDENTITY and KNS_ZALO_ZNS_TEMPLATES, infra/notify.ts); where they are, one in ten turns each
   * on. `costPer10kMauUsd` is the platform without them; `costPer10kMauWithSmsUsd` adds them at these shares.
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
   * DynamoDB per reminder, counted from the code (not measured), as a batch job sends it (reminder/batch.ts,
   * claim.ts): Reminder.claim reads the claim (consistent, 1 unit) and the weekly tally (1) and writes the claim
   * and the tally in a transaction (2 × 2); Notify.deliver reads the user (eventually consistent, 0.5) and their
   * notification items (consistent query, 1), writes the message record and the hourly counter (2), and per channel
   * a claim and a sent mark (2); then markDelivered (1).
   */
  reminderReadUnits: 3.5,
  reminderWriteUnits: 7,
  reminderWriteUnitsPerChannel: 2,
  /** The worker's time per reminder: those 9–13 DynamoDB calls and one HTTPS call per channel, one after another. */
  reminderWorkerSeconds: 0.25,
  /**
   * A learner idle for 3 days or more is a candidate again every day of the stretch, already claimed or capped: the
   * claim read (1), and the tally too when capped (1). Learning weekly, that is about 4 days in 7.
   */
  candidateChecksPerLearnerDay: 4 / 7,
  candidateCheckReadUnits: 1.5,
  /**
   * The tick (Reminder.tick, every TICK_RATE outside quiet hours) plans each running campaign once a day: its teams
   * go to the jobs queue as `reminders` jobs of TEAMS_PER_BATCH teams (reminder/batch.ts), and each job reads its
   * teams' members and progress once (per team, its members and its progress), then claims and sends. Members per
   * team as in the national plan (348,000 in 74,000 teams), 1.5 progress records each (most are in 1–2 courses),
   * about 10 ms a team for the two queries in parallel.
   */
  learnerReadsPerDay: 1,
  membersPerTeam: 348_000 / 74_000,
  progressRecordsPerMember: 1.5,
  tickMsPerTeam: 10,
  /**
   * Each batch job: the job record written by the tick and updated twice by the job (3 write units), the job, its
   * campaigns and course titles read (about 3 read units), about 100 ms of worker time besides its teams and sends.
   */
  batchReadUnits: 3,
  batchWriteUnits: 3,
  batchWorkerMs: 100,
  /**
   * What every tick does besides (counted from the code): the waiting announcements and batches, the month's
   * badges, the running campaigns and their day's plan markers, a query or batch read each (about 2 read units),
   * in an invocation of about 100 ms.
   */
  tickReadUnits: 2,
  tickWorkerMs: 100,
  /** WAF rules of the edge's web ACL (docs/deploy.md): five, six with KNS_GEO_ALLOW. */
  wafRules: 5,
  /** CloudWatch alarm metrics per stage (docs/deploy.md, "Cost at rest"). */
  alarmMetrics: 18,
  /** Secrets per stage: the signing keys and the origin-verify secret (a third with Zalo). */
  secrets: 2,
} as const;

export interface CostResult {
  /**
   * Per month for 10,000 monthly active learners, what grows with the number of learners: the platform's AWS
   * cost, reminders by web push (free) and nothing else. SMS and Zalo are beside it, never in it.
   */
  costPer10kMauUsd: number;
  /** The same with the API function's tracing `PassThrough` instead of `Active` (a proposal, not the product). */
  costPer10kMauApiPassThroughUsd: number;
  /** The same with SMS and Zalo at the assumed shares (`MODEL.smsShare`, `zaloShare`) and reset codes by SMS. */
  costPer10kMauWithSmsUsd: number;
  /** What 1,000 reminders cost by SMS (3 parts each) and by Zalo ZNS. */
  smsPer1kRemindersUsd: number;
  zaloPer1kRemindersUsd: number;
  /** The least SMS can cost: one single-part SMS per learner a month, 10,000 learners. */
  smsFloorPer10kMauUsd: number;
  /** What each percent of reminded members who turn SMS on adds. */
  smsUsdPerPercentShare: number;
  /** The SMS share of reminded members that would still fit the budget (percent; 0 when the platform alone misses it). */
  smsShareFittingBudgetPercent: number;
  /** X-Ray traces recorded over requests served (API and worker), under the sampling modelled. */
  tracedShare: number;
  /** CloudWatch Logs bytes per API request, measured on the journey (app, metric, Lambda and access log lines). */
  logBytesPerRequest: number;
  /** Per stage and month whatever the number of learners (WAF, metrics, alarms, secrets): not in the figure. */
  fixedPerStageUsd: number;
  breakdown: Record<string, number>;
  /** Beside the figure: the messages that cost per message (SMS and Zalo reminders, reset codes by SMS). */
  messaging: Record<string, number>;
  /** Log bytes per request by the kind of line, measured (what would shrink if a kind of line went). */
  logBytesPerRequestByKind: Record<string, number>;
  fixedPerStage: Record<string, number>;
}

/** One EMF line of `NotificationSent` from the worker, as packages/api/src/metrics.ts writes it. */
function notificationMetricBytes(): number {
  const ids = { requestId: randomUUID(), awsRequestId: randomUUID(), traceId: traceHeader().root };
  const record = withRequest(ids, () => emfRecord({ values: { NotificationSent: 1 }, properties: { channel: "push" }, at: Date.now() }, "prod"));
  return bytes(JSON.stringify(record));
}

/**
 * Share of requests Lambda's fixed sampling records when they arrive at random at `perSecond` on average: in each
 * second the first `reservoir` requests (E[min(N, reservoir)] for a Poisson N) and `rate` of the rest.
 */
export function tracedShare(perSecond: number, reservoir: number, rate: number): number {
  if (perSecond <= 0) return 1;
  let reserved = 0;
  let pAtMost = 0;
  let pExactly = Math.exp(-perSecond);
  for (let k = 0; k < reservoir; k++) {
    pAtMost += pExactly;
    reserved += 1 - pAtMost;
    pExactly *= perSecond / (k + 1);
  }
  return (reserved + rate * (perSecond - reserved)) / perSecond;
}

/**
 * Monthly cost for 10,000 monthly active learners, from the measured journey: consumed read and write units,
 * API requests, the handlers' measured time (against DynamoDB Local, so if anything longer than in AWS) plus cold
 * starts at the measured bundle import time, the log lines the journey wrote (capacity.ts), WAF and X-Ray per
 * request, and the reminders at the weekly cap by web push. SMS and Zalo messages are priced beside the figure.
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
  const logBytesByKind = {
    app: capacity.appLogBytesPerJourney,
    metric: capacity.metricLogBytesPerJourney,
    lambda: capacity.lambdaLogBytesPerJourney,
    access: capacity.accessLogBytesPerJourney,
  };
  const logBytesPerJourney = Object.values(logBytesByKind).reduce((sum, v) => sum + v, 0);
  const apiLogBytes = journeys * logBytesPerJourney + coldStarts * coldStartLogBytes(lambdaInitMs);
  const siteRequests = mau * (model.coldStartsPerJourney * model.siteRequestsPerSession + model.sitePrecacheFilesPerMonth);

  // Reminders at the weekly cap, and the reset codes.
  const reminders = mau * model.remindedPerMau * NOTIFY_LIMITS.remindersPerWeek * WEEKS_PER_MONTH;
  const resetSms = mau * model.resetsPerMau * (1 - model.pushShare) * (1 - model.zaloShare);
  // The tick every TICK_RATE outside quiet hours; the campaigns' learners read once a day, in batch jobs.
  const ticks = DAYS_PER_MONTH * AWAKE_HOURS * (60 / TICK_RATE.toMinutes());
  const learnerReads = DAYS_PER_MONTH * model.learnerReadsPerDay;
  const teams = (mau * model.remindedPerMau) / model.membersPerTeam;
  // Per team: one query of its members, one of its progress (gsi2), eventually consistent: 4 KB per half unit.
  const unitsPerQuery = (itemBytes: number) => Math.max(1, Math.ceil(itemBytes / 4096)) * 0.5;
  const unitsPerLearnerRead =
    teams *
    (unitsPerQuery(model.membersPerTeam * capacity.userItemBytes) +
      unitsPerQuery(model.membersPerTeam * model.progressRecordsPerMember * capacity.progressItemBytes));
  const batchJobs = learnerReads * Math.ceil(teams / TEAMS_PER_BATCH);
  const candidateChecks = mau * model.remindedPerMau * DAYS_PER_MONTH * model.candidateChecksPerLearnerDay;
  const workerInvocations = ticks + batchJobs;

  // X-Ray: the API's requests at their average rate over the awake hours; the worker's few invocations all traced.
  const apiPerSecond = requests / (DAYS_PER_MONTH * AWAKE_HOURS * 3600);
  const apiTraced = requests * tracedShare(apiPerSecond, model.tracingReservoirPerSecond, model.tracingRate);
  const xrayPerTrace = (PRICES.xrayRecordedPerMillion + model.xrayScannedPerRecorded * PRICES.xrayScannedPerMillion) / 1e6;
  const xrayFor = (tracing: "Active" | "PassThrough") => ((tracing === "Active" ? apiTraced : 0) + workerInvocations) * xrayPerTrace;

  // The platform: web push is the only channel that goes out (free); SMS and Zalo are priced apart below.
  const pushChannels = model.pushShare;
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
    xray: xrayFor(model.apiTracing),
    reminderDynamo:
      ((reminders * model.reminderReadUnits +
        learnerReads * unitsPerLearnerRead +
        candidateChecks * model.candidateCheckReadUnits +
        batchJobs * model.batchReadUnits +
        ticks * model.tickReadUnits) /
        1e6) *
        PRICES.dynamoReadPerMillion +
      ((reminders * (model.reminderWriteUnits + model.reminderWriteUnitsPerChannel * pushChannels) + batchJobs * model.batchWriteUnits) / 1e6) *
        PRICES.dynamoWritePerMillion,
    reminderWorker:
      (reminders * model.reminderWorkerSeconds +
        (learnerReads * teams * model.tickMsPerTeam + batchJobs * model.batchWorkerMs + ticks * model.tickWorkerMs) / 1000) *
        model.lambdaMemoryGb *
        PRICES.lambdaArmPerGbSecond +
      (workerInvocations / 1e6) * PRICES.lambdaRequestsPerMillion,
    reminderLogs: ((reminders * pushChannels * notificationMetricBytes()) / 1024 ** 3) * PRICES.logsIngestPerGb,
    webPush: 0,
  };
  const total = Object.values(breakdown).reduce((sum, v) => sum + v, 0);

  // Beside the figure: SMS and Zalo at the assumed shares, with what each adds to DynamoDB and the logs.
  const paidChannels = model.smsShare + model.zaloShare;
  const messaging = {
    sms: (reminders * model.smsShare * model.smsPartsPerReminder + resetSms * model.smsPartsPerReset) * PRICES.smsVietnamPerPart,
    zaloZns: reminders * model.zaloShare * PRICES.zaloZnsPerMessage,
    channelDynamo: ((reminders * model.reminderWriteUnitsPerChannel * paidChannels) / 1e6) * PRICES.dynamoWritePerMillion,
    channelLogs: ((reminders * paidChannels * notificationMetricBytes()) / 1024 ** 3) * PRICES.logsIngestPerGb,
  };
  const withSms = total + Object.values(messaging).reduce((sum, v) => sum + v, 0);
  const smsPerReminder = model.smsPartsPerReminder * PRICES.smsVietnamPerPart;
  const smsPerPercent = reminders * 0.01 * smsPerReminder;

  const fixedPerStage = {
    wafWebAcl: PRICES.wafWebAclMonthly,
    wafRules: model.wafRules * PRICES.wafRuleMonthly,
    // At most: each metric billed for every hour of the month (one stage dimension each).
    customMetrics: Object.keys(METRICS).length * PRICES.customMetricMonthly,
    alarms: model.alarmMetrics * PRICES.alarmMetricMonthly,
    secrets: model.secrets * PRICES.secretMonthly,
  };
  const fixed = Object.values(fixedPerStage).reduce((sum, v) => sum + v, 0);
  const rounded = (values: Record<string, number>, digits = 3) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v, digits)]));
  return {
    costPer10kMauUsd: round(total, 2),
    costPer10kMauApiPassThroughUsd: round(total - breakdown.xray + xrayFor("PassThrough"), 2),
    costPer10kMauWithSmsUsd: round(withSms, 2),
    smsPer1kRemindersUsd: round(1000 * smsPerReminder, 2),
    zaloPer1kRemindersUsd: round(1000 * PRICES.zaloZnsPerMessage, 2),
    smsFloorPer10kMauUsd: round(mau * PRICES.smsVietnamPerPart, 2),
    smsUsdPerPercentShare: round(smsPerPercent, 2),
    smsShareFittingBudgetPercent: round(Math.max(0, (COST_BUDGET_USD - total) / smsPerPercent), 3),
    tracedShare: round(((model.apiTracing === "Active" ? apiTraced : 0) + workerInvocations) / (requests + workerInvocations), 3),
    logBytesPerRequest: round(logBytesPerJourney / capacity.requestsPerJourney),
    fixedPerStageUsd: round(fixed, 2),
    breakdown: rounded(breakdown),
    messaging: rounded(messaging),
    logBytesPerRequestByKind: rounded(Object.fromEntries(Object.entries(logBytesByKind).map(([kind, b]) => [kind, b / capacity.requestsPerJourney])), 0),
    fixedPerStage: rounded(fixedPerStage),
  };
}

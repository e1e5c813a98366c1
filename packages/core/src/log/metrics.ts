import type { ChannelName } from "../model/notify";

/**
 * The application's CloudWatch metrics, named once. The code that counts an event calls `metric()` with these
 * names; the dashboard and the alarms (infra/dashboard.ts, infra/alarms.ts) import the same names, so a renamed
 * metric cannot leave a graph or an alarm watching nothing. docs/observability.md lists them.
 *
 * Core only records that something happened, through a sink the entry point installs: in Lambda the API writes
 * each event as one CloudWatch Embedded Metric Format line (packages/api/src/metrics.ts); the local server and the
 * tests install none, so nothing is written. No AWS import here, and nothing the browser could not load.
 */
export const METRICS_NAMESPACE = "KyNangSo";

/**
 * Every metric has one dimension, the stage (dev, prod), so one account's stages do not mix. No others: CloudWatch
 * bills each combination of dimension values as a metric of its own, prorated by the hours it is published in.
 * Detail such as a notification's channel goes into the same line as a plain property instead, which Logs Insights
 * can group by (the dashboard's "by channel" table) at no metric cost.
 */
export const STAGE_DIMENSION = "stage";

export type MetricUnit = "Count" | "Milliseconds";

/**
 * Each metric and its unit. Where each is counted, and what one unit means, is in the comments: this module ships
 * in every bundle, so no prose in values.
 */
export const METRICS = {
  /** A session opened with a password or a one-time code: sign-in, registration, activation, reset (routes/auth.ts). */
  SignIn: "Count",
  /** A sign-in refused for a wrong phone number or password (routes/auth.ts); a locked-out phone is RateLimited. */
  SignInFailed: "Count",
  /** A request the application answered 429, whatever the limit (packages/api/src/error.ts). */
  RateLimited: "Count",
  /** A quiz attempt graded and recorded; a replayed attempt id counts once (Progress.applyChange). */
  QuizAttempt: "Count",
  /** A learner completed a course version (Progress.applyChange, once its transaction landed). */
  CourseCompleted: "Count",
  /** A certificate issued: today one per completion, in the same transaction (Progress.applyChange). */
  CertificateIssued: "Count",
  /** A completion-list export written to storage (CompletionList.run). */
  ExportCompleted: "Count",
  /** How long that export took, from the job's start to the file stored. */
  ExportDurationMs: "Milliseconds",
  /** A member or team import finished, inline (routes/spreadsheet-import.ts) or as a queued job (Upload.run). */
  ImportCompleted: "Count",
  /** How long that import took. */
  ImportDurationMs: "Milliseconds",
  /** A message a provider accepted on one channel (Notify.deliver); the line names the channel. */
  NotificationSent: "Count",
  /** A message a channel failed to send; the queue retries it (Notify.deliver); the line names the channel. */
  NotificationFailed: "Count",
  /** A background job or reminder tick that failed in the worker; each retry counts (packages/api/src/worker.ts). */
  JobFailed: "Count",
} as const satisfies Record<string, MetricUnit>;

export type MetricName = keyof typeof METRICS;

/** One thing that happened: a value per metric, and properties that say more about it (not dimensions). */
export interface MetricEvent {
  values: Partial<Record<MetricName, number>>;
  properties: MetricProperties;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface MetricProperties {
  /** The notification channel a send or failure was on. */
  channel?: ChannelName;
}

export type MetricSink = (event: MetricEvent) => void;

let sink: MetricSink | undefined;

/** Installs where metrics go (or none); returns a function that puts back the previous sink. */
export function setMetricSink(next: MetricSink | undefined): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/**
 * Records an event, e.g. `metric({ ExportCompleted: 1, ExportDurationMs: 5210 })`. Without a sink it does
 * nothing. A failing sink never fails the work being counted: the problem is written to stderr instead.
 */
export function metric(values: MetricEvent["values"], properties: MetricProperties = {}) {
  if (!sink) return;
  try {
    sink({ values, properties, at: Date.now() });
  } catch (err) {
    console.error(JSON.stringify({ level: "error", event: "metric.failed", time: new Date().toISOString(), metrics: Object.keys(values), error: String(err) }));
  }
}

import { METRICS, METRICS_NAMESPACE, STAGE_DIMENSION, currentRequest, setMetricSink, type MetricEvent, type MetricName, type MetricSink } from "@kns/core/log";

/**
 * Core's metric events (packages/core/src/log/metrics.ts) as CloudWatch Embedded Metric Format: one JSON line per
 * event on stdout, which CloudWatch Logs turns into metrics when the Lambda log group receives it, with no API
 * call and no client in the bundle. Written by hand rather than with Powertools' Metrics, which would add ~10 KB
 * gzipped and ~5 ms to every cold start for this (docs/observability.md has the measurements).
 *
 * A line is `{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":"KyNangSo","Dimensions":[["stage"]],
 * "Metrics":[{"Name":"SignIn","Unit":"Count"}]}]},"stage":"prod","SignIn":1,"requestId":…}`: the values and the
 * stage are top-level members; so are the event's properties (a notification's channel) and the request's ids,
 * which are not dimensions (no metric cost) but make the line findable and groupable in Logs Insights.
 */
export type EmfRecord = {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
} & Record<string, unknown>;

export function emfRecord(event: MetricEvent, stage: string): EmfRecord {
  const values: Record<string, number> = {};
  const definitions: { Name: string; Unit: string }[] = [];
  for (const [name, value] of Object.entries(event.values) as [MetricName, number | undefined][]) {
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    values[name] = value;
    definitions.push({ Name: name, Unit: METRICS[name] });
  }
  const request = currentRequest();
  return {
    _aws: {
      Timestamp: event.at,
      CloudWatchMetrics: definitions.length ? [{ Namespace: METRICS_NAMESPACE, Dimensions: [[STAGE_DIMENSION]], Metrics: definitions }] : [],
    },
    ...(request && { requestId: request.requestId, awsRequestId: request.awsRequestId, traceId: request.traceId }),
    ...event.properties,
    // Last, so no property can stand in for the dimension or a value.
    [STAGE_DIMENSION]: stage,
    ...values,
  };
}

/** A sink that hands each event, as one EMF line, to `write`; an event with no finite value writes nothing. */
export function emfSink(write: (line: string) => void, stage: string): MetricSink {
  return (event) => {
    const record = emfRecord(event, stage);
    if (record._aws.CloudWatchMetrics.length > 0) write(JSON.stringify(record));
  };
}

/**
 * In Lambda (the entries call this at cold start), metrics go to stdout as EMF. Straight to `process.stdout`, not
 * through `console.log`: the Lambda runtime prefixes console lines with a timestamp and the request id, and
 * CloudWatch extracts metrics only from lines that are JSON from their first character. Anywhere else (a test or
 * script importing an entry) nothing is installed, so nothing is written.
 */
export function useEmfMetrics() {
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  setMetricSink(emfSink((line) => process.stdout.write(`${line}\n`), process.env.STAGE ?? "unknown"));
}

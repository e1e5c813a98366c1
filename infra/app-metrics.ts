import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { METRICS, METRICS_NAMESPACE, STAGE_DIMENSION, type MetricName } from "../packages/core/src/log/metrics";

/**
 * One of the application's own metrics (packages/core/src/log/metrics.ts, written by the functions as Embedded
 * Metric Format) for a stage, for the dashboard and the alarms. Counts are summed; durations default to the median.
 * No unit is set on purpose: CloudWatch matches a metric's unit exactly when one is given, and the name already
 * says which it is.
 */
export function appMetric(stage: string, name: MetricName, options: { statistic?: string; period?: Duration; label?: string } = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [STAGE_DIMENSION]: stage },
    statistic: options.statistic ?? (METRICS[name] === "Count" ? "Sum" : "p50"),
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
}

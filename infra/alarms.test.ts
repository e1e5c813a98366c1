import { describe, expect, it } from "vitest";
import { METRICS_NAMESPACE } from "../packages/core/src/log/metrics";
import { API_LATENCY_PERIODS, API_P99_LATENCY_MS, NOTIFICATION_FAILURE_RATE_PERCENT, SERVER_ERROR_RATE_PERCENT } from "./alarms";
import { referencedIds, resource, synthStack } from "./testing";

const { template } = synthStack("prod", { alarmEmail: "ops@example.vn" });
const id = (type: string, part: string) => resource(template, type, part).id;
const alarm = (part: string) => resource(template, "AWS::CloudWatch::Alarm", part).resource.Properties!;
const topicId = id("AWS::SNS::Topic", "AlarmsTopic");

type AlarmMetric = {
  Id: string;
  Expression?: string;
  MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown }; Stat: string; Period: number };
};
/** The metrics of a metric-math alarm by their id in its expression. */
const byId = (metrics: unknown) => Object.fromEntries((metrics as AlarmMetric[]).map((m) => [m.Id, m]));

describe("alarms", () => {
  it("alarm on the API's 5xx rate, not on a single 5xx", () => {
    const rate = alarm("ApiServerErrorRate");
    expect(rate.Threshold).toBe(SERVER_ERROR_RATE_PERCENT);
    const metrics = rate.Metrics as Array<{
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown } };
    }>;
    expect(metrics.find((m) => m.Expression)?.Expression).toMatch(/100 \* errors \/ requests/);
    const names = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));
    expect(new Set(names)).toEqual(new Set(["5xx", "Count"]));
    for (const m of metrics)
      if (m.MetricStat) expect(referencedIds(m.MetricStat.Metric.Dimensions)).toEqual(new Set([id("AWS::ApiGatewayV2::Api", "HttpApi")]));
  });

  it.each([
    ["ApiErrors", "Errors", "ApiHandlerFunction"],
    ["ApiThrottles", "Throttles", "ApiHandlerFunction"],
    ["WorkerErrors", "Errors", "JobsWorkerFunction"],
    ["WorkerThrottles", "Throttles", "JobsWorkerFunction"],
  ])("%s watches Lambda %s of its function", (part, metricName, fnPart) => {
    expect(alarm(part)).toMatchObject({ Namespace: "AWS/Lambda", MetricName: metricName, Threshold: 1 });
    expect(referencedIds(alarm(part).Dimensions)).toEqual(new Set([id("AWS::Lambda::Function", fnPart)]));
  });

  it("alarms on the API's p99 latency, sustained for 15 minutes and only with traffic enough for a percentile", () => {
    const latency = alarm("ApiLatencyP99");
    expect(latency).toMatchObject({ Threshold: API_P99_LATENCY_MS, EvaluationPeriods: API_LATENCY_PERIODS, ComparisonOperator: "GreaterThanThreshold" });
    expect(API_P99_LATENCY_MS).toBe(3000);
    const metrics = byId(latency.Metrics);
    expect(Object.values(metrics).find((m) => m.Expression)?.Expression).toBe("IF(requests >= 20, p99, 0)");
    expect(metrics.p99!.MetricStat).toMatchObject({ Metric: { Namespace: "AWS/ApiGateway", MetricName: "Latency" }, Stat: "p99", Period: 300 });
    expect(metrics.requests!.MetricStat).toMatchObject({ Metric: { Namespace: "AWS/ApiGateway", MetricName: "Count" }, Stat: "Sum" });
    for (const m of [metrics.p99!, metrics.requests!])
      expect(referencedIds(m.MetricStat!.Metric.Dimensions)).toEqual(new Set([id("AWS::ApiGatewayV2::Api", "HttpApi")]));
  });

  it("alarms on the first failed job, from the worker's JobFailed metric for this stage", () => {
    expect(alarm("AlarmsJobFailed")).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: "JobFailed",
      Dimensions: [{ Name: "stage", Value: "prod" }],
      Statistic: "Sum",
      Period: 300,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });

  it("alarms when a fifth of the notification sends fail, counted over every channel", () => {
    const rate = alarm("NotificationFailureRate");
    expect(rate).toMatchObject({ Threshold: NOTIFICATION_FAILURE_RATE_PERCENT, ComparisonOperator: "GreaterThanThreshold" });
    expect(NOTIFICATION_FAILURE_RATE_PERCENT).toBe(20);
    const metrics = byId(rate.Metrics);
    expect(Object.values(metrics).find((m) => m.Expression)?.Expression).toMatch(/>= 20, 100 \* FILL\(failed, 0\) \/ \(FILL\(sent, 0\) \+ FILL\(failed, 0\)\)/);
    // The totals (published with the stage alone), not one channel's.
    expect(metrics.sent!.MetricStat!.Metric).toEqual({
      Namespace: METRICS_NAMESPACE,
      MetricName: "NotificationSent",
      Dimensions: [{ Name: "stage", Value: "prod" }],
    });
    expect(metrics.failed!.MetricStat!.Metric).toEqual({
      Namespace: METRICS_NAMESPACE,
      MetricName: "NotificationFailed",
      Dimensions: [{ Name: "stage", Value: "prod" }],
    });
  });

  it("counts DynamoDB read and write throttling on the table and on each index", () => {
    const metrics = alarm("TableThrottles").Metrics as Array<{
      MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Name: string; Value: unknown }> } };
    }>;
    const watched = metrics.flatMap((m) => {
      if (!m.MetricStat) return [];
      const index = m.MetricStat.Metric.Dimensions.find((d) => d.Name === "GlobalSecondaryIndexName")?.Value ?? "table";
      return [`${m.MetricStat.Metric.MetricName}@${index}`];
    });
    expect(new Set(watched)).toEqual(new Set(["table", "gsi1", "gsi2"].flatMap((scope) => [`ReadThrottleEvents@${scope}`, `WriteThrottleEvents@${scope}`])));
  });

  it("every alarm, the jobs redrive alarm included, notifies the one topic, which e-mails the given address", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm"));
    expect(alarms).toHaveLength(10);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.TreatMissingData).toBe("notBreaching");
    }
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.vn", TopicArn: { Ref: topicId } });
  });
});

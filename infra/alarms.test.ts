import { describe, expect, it } from "vitest";
import { SERVER_ERROR_RATE_PERCENT } from "./alarms";
import { referencedIds, resource, synthStack } from "./testing";

const { template } = synthStack("prod", { alarmEmail: "ops@example.vn" });
const id = (type: string, part: string) => resource(template, type, part).id;
const alarm = (part: string) => resource(template, "AWS::CloudWatch::Alarm", part).resource.Properties!;
const topicId = id("AWS::SNS::Topic", "AlarmsTopic");

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
    expect(alarms).toHaveLength(7);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.TreatMissingData).toBe("notBreaching");
    }
    template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.vn", TopicArn: { Ref: topicId } });
  });
});

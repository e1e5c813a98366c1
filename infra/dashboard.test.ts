import { describe, expect, it } from "vitest";
import { METRICS, METRICS_NAMESPACE, type MetricName } from "../packages/core/src/log/metrics";
import { API_P99_LATENCY_MS } from "./alarms";
import { APP_METRIC_GROUPS, NOTIFICATIONS_BY_CHANNEL } from "./dashboard";
import { resource, synthStack } from "./testing";

const { template } = synthStack("prod");
const json = template.toJSON();
const dashboard = resource(template, "AWS::CloudWatch::Dashboard", "Dashboard").resource;
const id = (type: string, part: string) => resource(template, type, part).id;

/**
 * The dashboard body is a Fn::Join of JSON text and references; with each reference written as `<id>` (a Ref) or
 * `<id.attribute>` (a GetAtt) it parses as the JSON CloudWatch gets.
 */
function body(): {
  widgets: { type: string; properties: { title?: string; markdown?: string; metrics?: unknown[][]; annotations?: unknown; query?: string } }[];
} {
  const [separator, parts] = dashboard.Properties!.DashboardBody["Fn::Join"] as [string, unknown[]];
  const text = parts
    .map((part) => {
      if (typeof part === "string") return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref) return `<${ref}>`;
      const att = (part as { "Fn::GetAtt"?: string[] })["Fn::GetAtt"];
      if (att) return `<${att.join(".")}>`;
      throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(part)}`);
    })
    .join(separator);
  return JSON.parse(text);
}

/**
 * Every line graphed: `namespace metric dimension=value … stat` (dimensions in alphabetical order), from
 * CloudWatch's metric arrays (`[namespace, name, dim, value, …, { stat, label }]`); a metric-math line is its
 * expression.
 */
function lines(): string[] {
  return body().widgets.flatMap((w) =>
    (w.properties.metrics ?? []).map((m) => {
      const options = (typeof m.at(-1) === "object" ? m.at(-1) : {}) as { stat?: string; expression?: string };
      if (options.expression) return `expression ${options.expression}`;
      const [namespace, name, ...rest] = m.filter((x) => typeof x === "string") as string[];
      const dims = [];
      for (let i = 0; i < rest.length; i += 2) dims.push(`${rest[i]}=${rest[i + 1]}`);
      return [namespace, name, ...dims.sort(), options.stat].join(" ");
    }),
  );
}

describe("the dashboard", () => {
  it("is one per stage, named after it, opening on the last day, with its console link as an output", () => {
    expect(Object.keys(template.findResources("AWS::CloudWatch::Dashboard"))).toHaveLength(1);
    expect(dashboard.Properties!.DashboardName).toBe("KyNangSo-prod");
    expect(body()).toMatchObject({ start: "-P1D" });
    const url = JSON.stringify(json.Outputs.DashboardUrl.Value);
    expect(url).toContain("#dashboards/dashboard/KyNangSo-prod");
  });

  it("graphs the API as API Gateway sees it: requests, 4xx, 5xx, p50 and p99 latency with the alarm's line", () => {
    const api = id("AWS::ApiGatewayV2::Api", "HttpApi");
    expect(lines()).toEqual(
      expect.arrayContaining(
        ["Count Sum", "4xx Sum", "5xx Sum", "Latency p50", "Latency p99"].map((m) => `AWS/ApiGateway ${m.split(" ")[0]} ApiId=<${api}> ${m.split(" ")[1]}`),
      ),
    );
    const latency = body().widgets.find((w) => w.properties.title === "Latency (ms)");
    expect(latency?.properties.annotations).toEqual({ horizontal: [expect.objectContaining({ value: API_P99_LATENCY_MS })] });
  });

  it("graphs both functions' p99 duration, errors, throttles and concurrency", () => {
    for (const fnPart of ["ApiHandlerFunction", "JobsWorkerFunction"]) {
      const fn = `FunctionName=<${id("AWS::Lambda::Function", fnPart)}>`;
      expect(lines()).toEqual(
        expect.arrayContaining([
          `AWS/Lambda Duration ${fn} p99`,
          `AWS/Lambda Errors ${fn} Sum`,
          `AWS/Lambda Throttles ${fn} Sum`,
          `AWS/Lambda ConcurrentExecutions ${fn} Maximum`,
        ]),
      );
    }
  });

  it("graphs the table's consumed capacity and throttling, and the depth of the jobs queue and its dead-letter queue", () => {
    const table = `TableName=<${id("AWS::DynamoDB::Table", "StorageTable")}>`;
    expect(lines()).toEqual(
      expect.arrayContaining([`AWS/DynamoDB ConsumedReadCapacityUnits ${table} Sum`, `AWS/DynamoDB ConsumedWriteCapacityUnits ${table} Sum`]),
    );
    expect(lines()).toContainEqual(expect.stringMatching(/^AWS\/DynamoDB ReadThrottleEvents GlobalSecondaryIndexName=gsi1 TableName=<\w+> Sum$/));
    for (const queue of ["JobsQueue", "JobsDeadLetterQueue"]) {
      expect(lines()).toContain(`AWS/SQS ApproximateNumberOfMessagesVisible QueueName=<${id("AWS::SQS::Queue", queue)}.QueueName> Maximum`);
    }
  });

  it("graphs every application metric of this stage: counts as sums, durations as median and maximum", () => {
    const names = Object.keys(METRICS) as MetricName[];
    expect(names.length).toBeGreaterThanOrEqual(13);
    for (const name of names) {
      const expected = METRICS[name] === "Count" ? ["Sum"] : ["p50", "Maximum"];
      expect(lines(), name).toEqual(expect.arrayContaining(expected.map((stat) => `${METRICS_NAMESPACE} ${name} stage=prod ${stat}`)));
    }
  });

  it("tables notification sends and failures by channel from the API's and the worker's logs", () => {
    const table = body().widgets.find((w) => w.type === "log");
    const sources = [id("AWS::Logs::LogGroup", "ApiHandlerLogs"), id("AWS::Logs::LogGroup", "JobsWorkerLogs")].map((group) => `SOURCE '<${group}>'`);
    expect(table?.properties.query).toBe(`${sources.join(" | ")} | ${NOTIFICATIONS_BY_CHANNEL.join("\n| ")}`);
    expect(table?.properties.query).toMatch(/by channel$/);
  });

  it("groups the application's metrics by meaning, each metric in one group, under a heading each", () => {
    const grouped = APP_METRIC_GROUPS.flatMap((g) => g.graphs.flatMap((graph) => graph.metrics));
    expect(grouped.sort()).toEqual(Object.keys(METRICS).sort());
    const headings = body().widgets.flatMap((w) => (w.type === "text" ? [w.properties.markdown] : []));
    expect(headings).toEqual(expect.arrayContaining(["## Sign-in", "## Learning", "## Jobs", "## Notifications"]));
  });
});

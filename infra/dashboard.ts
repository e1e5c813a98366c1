import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { MetricName } from "../packages/core/src/log/metrics";
import { API_P99_LATENCY_MS, PERIOD, tableThrottleEvents } from "./alarms";
import { appMetric } from "./app-metrics";

/**
 * Notifications by channel, from the metric lines themselves: the channel is a property of the line, not a
 * dimension (packages/core/src/log/metrics.ts), so this costs a Logs Insights scan when the dashboard is opened
 * instead of six more metrics billed every hour.
 */
export const NOTIFICATIONS_BY_CHANNEL = [
  "filter ispresent(channel) and (ispresent(NotificationSent) or ispresent(NotificationFailed))",
  "stats sum(NotificationSent) as sent, sum(NotificationFailed) as failed by channel",
];

interface AppMetricGroup {
  title: string;
  /** Counts are graphed as sums; `durations` as median and maximum. */
  graphs: { title: string; metrics: MetricName[]; durations?: boolean }[];
  /** A Logs Insights table over the functions' log groups, beside the graphs. */
  table?: { title: string; query: string[] };
}

/**
 * The application's metrics by what they mean, one row each on the dashboard. Every metric of
 * packages/core/src/log/metrics.ts is in exactly one group (infra/dashboard.test.ts checks), so a new metric
 * cannot be emitted without being graphed.
 */
export const APP_METRIC_GROUPS: AppMetricGroup[] = [
  { title: "Sign-in", graphs: [{ title: "Sign-ins, failures and 429s", metrics: ["SignIn", "SignInFailed", "RateLimited"] }] },
  { title: "Learning", graphs: [{ title: "Attempts, completions, certificates", metrics: ["QuizAttempt", "CourseCompleted", "CertificateIssued"] }] },
  {
    title: "Jobs",
    graphs: [
      { title: "Exports, imports, failed jobs", metrics: ["ExportCompleted", "ImportCompleted", "JobFailed"] },
      { title: "Export and import durations (ms, median and max)", metrics: ["ExportDurationMs", "ImportDurationMs"], durations: true },
    ],
  },
  {
    title: "Notifications",
    graphs: [{ title: "Sent and failed", metrics: ["NotificationSent", "NotificationFailed"] }],
    table: { title: "Sent and failed by channel (Logs Insights)", query: NOTIFICATIONS_BY_CHANNEL },
  },
];

export interface DashboardProps {
  stage: string;
  httpApi: apigw.IHttpApi;
  /** The functions to graph, by the name the graphs use (Api, Worker). */
  functions: Record<string, lambda.IFunction>;
  table: dynamodb.ITable;
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  /** The functions' log groups, which hold their metric lines (the API's and the worker's). */
  logGroups: logs.ILogGroup[];
}

/**
 * One CloudWatch dashboard per stage: the API as API Gateway sees it, the functions, the queues, the table, then
 * the application's own metrics grouped by meaning. Cold starts are not on it: Lambda reports init duration only
 * in its REPORT log lines and in X-Ray, not as a metric (docs/observability.md has the Logs Insights query).
 */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /** The dashboard in the CloudWatch console. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const { stage } = props;
    const name = `KyNangSo-${stage}`;
    const functions = Object.entries(props.functions);
    const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, period: PERIOD, ...extra });
    const heading = (text: string) => new cloudwatch.TextWidget({ markdown: `## ${text}`, width: 24, height: 1 });
    const api = props.httpApi;

    const rows: cloudwatch.IWidget[][] = [
      [heading(`API (${stage})`)],
      [
        graph("Requests, 4xx, 5xx", [
          api.metricCount({ period: PERIOD, statistic: "Sum", label: "requests" }),
          api.metricClientError({ period: PERIOD, statistic: "Sum", label: "4xx" }),
          api.metricServerError({ period: PERIOD, statistic: "Sum", label: "5xx" }),
        ]),
        graph(
          "Latency (ms)",
          [
            api.metricLatency({ period: PERIOD, statistic: "p50", label: "p50" }),
            api.metricLatency({ period: PERIOD, statistic: "p99", label: "p99" }),
            api.metricIntegrationLatency({ period: PERIOD, statistic: "p99", label: "function p99" }),
          ],
          { leftAnnotations: [{ value: API_P99_LATENCY_MS, label: "p99 alarm" }] },
        ),
        graph(
          "Function duration p99 (ms)",
          functions.map(([fnName, fn]) => fn.metricDuration({ period: PERIOD, statistic: "p99", label: fnName })),
        ),
      ],
      [
        graph(
          "Function errors and throttles",
          functions.flatMap(([fnName, fn]) => [
            fn.metricErrors({ period: PERIOD, statistic: "Sum", label: `${fnName} errors` }),
            fn.metricThrottles({ period: PERIOD, statistic: "Sum", label: `${fnName} throttles` }),
          ]),
        ),
        graph(
          "Concurrent executions (max)",
          functions.map(([fnName, fn]) => fn.metric("ConcurrentExecutions", { period: PERIOD, statistic: "Maximum", label: fnName })),
        ),
        graph("Queues (max messages)", [
          props.queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: "Maximum", label: "jobs waiting" }),
          props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: "Maximum", label: "dead-letter queue" }),
        ]),
      ],
      [heading("DynamoDB")],
      [
        graph("Consumed capacity (units)", [
          props.table.metricConsumedReadCapacityUnits({ period: PERIOD, statistic: "Sum", label: "read" }),
          props.table.metricConsumedWriteCapacityUnits({ period: PERIOD, statistic: "Sum", label: "write" }),
        ]),
        graph("Throttle events (table and indexes)", [tableThrottleEvents(props.table)]),
      ],
    ];

    for (const group of APP_METRIC_GROUPS) {
      const widgets: cloudwatch.IWidget[] = group.graphs.map((spec) =>
        graph(
          spec.title,
          spec.metrics.flatMap((metricName) => series(stage, metricName, spec.durations)),
        ),
      );
      if (group.table) {
        widgets.push(
          new cloudwatch.LogQueryWidget({
            title: group.table.title,
            logGroupNames: props.logGroups.map((logGroup) => logGroup.logGroupName),
            queryLines: group.table.query,
            width: 8,
            height: 6,
          }),
        );
      }
      rows.push([heading(group.title)], widgets);
    }

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: name,
      defaultInterval: Duration.days(1),
      widgets: rows,
    });
    const region = Stack.of(this).region;
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
  }
}

/** The lines one application metric draws: a count as its sum, a duration as its median and maximum. */
function series(stage: string, name: MetricName, durations = false): cloudwatch.IMetric[] {
  if (!durations) return [appMetric(stage, name, { label: name })];
  return [appMetric(stage, name, { statistic: "p50", label: `${name} median` }), appMetric(stage, name, { statistic: "Maximum", label: `${name} max` })];
}

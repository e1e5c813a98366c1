import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { tableDefinition } from "../packages/core/src/db/table";
import { appMetric } from "./app-metrics";

export const PERIOD = Duration.minutes(5);
/** Percentage of API responses that are 5xx, over PERIOD, above which someone should look. */
export const SERVER_ERROR_RATE_PERCENT = 5;
/** Below this many requests in PERIOD a rate says little (one failure in three requests is not an outage). */
const MIN_REQUESTS_FOR_RATE = 20;
/**
 * The API's p99 latency (API Gateway's `Latency`: the whole request, function included) above which users are
 * waiting. A warm request is tens to a few hundred milliseconds (a sign-in's scrypt is the slowest on purpose), and a
 * cold start with the secret's read adds about a second; at 20 requests a period the p99 is the slowest one, so
 * a cold start alone must not reach it. 3 s is well above both and still far below the function's 10 s timeout.
 */
export const API_P99_LATENCY_MS = 3000;
/** The latency alarm waits this many consecutive periods (15 minutes): one slow burst is not worth a page. */
export const API_LATENCY_PERIODS = 3;
/**
 * Percentage of notification sends that failed, over PERIOD, above which a channel is probably down (an expired
 * Zalo token, an SMS spending limit reached). A failed send is retried through the queue, so single failures are
 * left to the queue and its dead-letter alarm.
 */
export const NOTIFICATION_FAILURE_RATE_PERCENT = 20;

export interface AlarmsProps {
  stage: string;
  httpApi: apigw.IHttpApi;
  functions: Record<string, lambda.IFunction>;
  table: dynamodb.ITable;
  /** Alarms made by other constructs (the jobs redrive alarm) that should notify the same topic. */
  extra: cloudwatch.Alarm[];
  /** Subscribed to the alarm topic when given (confirm the e-mail AWS sends). */
  email?: string;
}

/**
 * What should wake someone up: API 5xx rate and p99 latency, Lambda errors and throttles, jobs that failed and
 * jobs in the dead-letter queue, notification failures, and DynamoDB throttling. Every alarm notifies one SNS topic.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, "Topic", { displayName: `Kỹ Năng Số alarms (${props.stage})` });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const requests = props.httpApi.metricCount({ period: PERIOD, statistic: "Sum" });
    const serverErrors = props.httpApi.metricServerError({ period: PERIOD, statistic: "Sum" });
    this.add("ApiServerErrorRate", `More than ${SERVER_ERROR_RATE_PERCENT}% of API responses were 5xx in 5 minutes`, {
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, 100 * errors / requests, 0)`,
        usingMetrics: { requests, errors: serverErrors },
        period: PERIOD,
        label: "5xx %",
      }),
      threshold: SERVER_ERROR_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.add("ApiLatencyP99", `The API's p99 latency was above ${API_P99_LATENCY_MS} ms for ${API_LATENCY_PERIODS * PERIOD.toMinutes()} minutes`, {
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, p99, 0)`,
        usingMetrics: { requests, p99: props.httpApi.metricLatency({ period: PERIOD, statistic: "p99" }) },
        period: PERIOD,
        label: "p99 latency (ms)",
      }),
      threshold: API_P99_LATENCY_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: API_LATENCY_PERIODS,
    });

    // A job whose message fails is reported back to SQS and retried, which Lambda does not count as an error: without
    // this the first sign of a failing export or import would be the dead-letter alarm, three receives later.
    this.add("JobFailed", "A background job or reminder tick failed in the worker (it is retried; see the worker's job.failed log)", {
      metric: appMetric(props.stage, "JobFailed", { period: PERIOD }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    const sent = appMetric(props.stage, "NotificationSent", { period: PERIOD });
    const failed = appMetric(props.stage, "NotificationFailed", { period: PERIOD });
    this.add("NotificationFailureRate", `More than ${NOTIFICATION_FAILURE_RATE_PERCENT}% of notification sends failed in 5 minutes`, {
      metric: new cloudwatch.MathExpression({
        expression: `IF(FILL(sent, 0) + FILL(failed, 0) >= ${MIN_REQUESTS_FOR_RATE}, 100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0)), 0)`,
        usingMetrics: { sent, failed },
        period: PERIOD,
        label: "failed sends %",
      }),
      threshold: NOTIFICATION_FAILURE_RATE_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}Errors`, `The ${name} function failed (uncaught error, timeout or crash)`, {
        metric: fn.metricErrors({ period: PERIOD, statistic: "Sum" }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      this.add(`${name}Throttles`, `The ${name} function was throttled (concurrency limit reached)`, {
        metric: fn.metricThrottles({ period: PERIOD, statistic: "Sum" }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }

    this.add("TableThrottles", "DynamoDB throttled reads or writes on the table or one of its indexes", {
      metric: tableThrottleEvents(props.table),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    for (const alarm of props.extra) this.notify(alarm);
  }

  private notify(alarm: cloudwatch.Alarm) {
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private add(
    id: string,
    description: string,
    options: Pick<cloudwatch.AlarmProps, "metric" | "threshold" | "comparisonOperator"> & { evaluationPeriods?: number },
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      evaluationPeriods: 1,
      ...options,
      alarmDescription: description,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }
}

/** Read + write throttle events of the table and of every GSI (index throttling is reported per index). */
export function tableThrottleEvents(table: dynamodb.ITable) {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  const scopes: Array<Record<string, string>> = [
    { TableName: table.tableName },
    ...tableDefinition.globalIndexes.map((index) => ({ TableName: table.tableName, GlobalSecondaryIndexName: index.indexName })),
  ];
  scopes.forEach((dimensionsMap, i) => {
    for (const metricName of ["ReadThrottleEvents", "WriteThrottleEvents"]) {
      usingMetrics[`${metricName === "ReadThrottleEvents" ? "r" : "w"}${i}`] = new cloudwatch.Metric({
        namespace: "AWS/DynamoDB",
        metricName,
        dimensionsMap,
        period: PERIOD,
        statistic: "Sum",
      });
    }
  });
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(" + "),
    usingMetrics,
    period: PERIOD,
    label: "Throttle events",
  });
}

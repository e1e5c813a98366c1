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

const PERIOD = Duration.minutes(5);
/** Percentage of API responses that are 5xx, over PERIOD, above which someone should look. */
export const SERVER_ERROR_RATE_PERCENT = 5;
/** Below this many requests in PERIOD a rate says little (one failure in three requests is not an outage). */
const MIN_REQUESTS_FOR_RATE = 20;

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
 * What should wake someone up: API 5xx rate, Lambda errors and throttles, jobs in the dead-letter queue, and
 * DynamoDB throttling. Every alarm notifies one SNS topic.
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

  private add(id: string, description: string, options: Pick<cloudwatch.AlarmProps, "metric" | "threshold" | "comparisonOperator">) {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...options,
      alarmDescription: description,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }
}

/** Read + write throttle events of the table and of every GSI (index throttling is reported per index). */
function tableThrottleEvents(table: dynamodb.ITable) {
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

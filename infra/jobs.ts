import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { NodeFunction } from "./lambda-function";
import type { Storage } from "./storage";

export const WORKER_TIMEOUT = Duration.minutes(5);
/** A job that fails this many times goes to the dead-letter queue instead of being retried again. */
export const MAX_RECEIVE_COUNT = 3;

export interface JobsProps {
  code: lambda.Code;
  stage: string;
  production: boolean;
  storage: Storage;
}

/**
 * Background work (imports, exports): a queue, its dead-letter queue, and the worker
 * (packages/api/src/worker.ts). One message per job; a failed message is reported back individually
 * (ReportBatchItemFailures), retried, and after MAX_RECEIVE_COUNT receives redriven to the DLQ, which raises
 * `redriveAlarm`.
 */
export class Jobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: NodeFunction;
  readonly redriveAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, "Queue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda sources: at least six times the function timeout, so retries of a slow batch
      // do not overlap with the attempt still running.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.worker = new NodeFunction(this, "Worker", {
      code: props.code,
      description: "Kỹ Năng Số background jobs (packages/api/src/worker.ts)",
      memorySize: 1024,
      timeout: WORKER_TIMEOUT,
      production: props.production,
      environment: {
        STAGE: props.stage,
        TABLE_NAME: props.storage.table.tableName,
        BUCKET_NAME: props.storage.bucket.bucketName,
      },
    });
    const fn = this.worker.function;
    props.storage.grantTableData(fn);
    props.storage.bucket.grantReadWrite(fn);
    // One job per invocation: a slow import cannot push its neighbours past the timeout and into a retry.
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));

    this.redriveAlarm = new cloudwatch.Alarm(this, "RedriveAlarm", {
      alarmDescription: `A job failed ${MAX_RECEIVE_COUNT} times and was moved to the dead-letter queue (${props.stage}). Inspect it, fix, then redrive it from the SQS console.`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

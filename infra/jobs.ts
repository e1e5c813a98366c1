import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { NodeFunction } from "./lambda-function";
import type { Storage } from "./storage";

/**
 * Lambda's limit. The national completion list of one course (348,000 members: ~151,000 queries, 32 in flight,
 * bounded by the worker's CPU: an estimated 2–5 minutes at 1 GB) and merging a 10,000-member commune must each fit
 * one invocation (docs/performance.md, "The nation"). SQS then hides a message for 6× this, 90 minutes, before a
 * failed job is retried.
 */
export const WORKER_TIMEOUT = Duration.minutes(15);
/** Worker invocations the jobs queue may run at once (the event source's maximum concurrency). */
export const WORKER_CONCURRENCY = 10;
/** A job that fails this many times goes to the dead-letter queue instead of being retried again. */
export const MAX_RECEIVE_COUNT = 3;

/**
 * How often EventBridge Scheduler runs `Reminder.tick` in the worker (the local server runs it as often,
 * packages/api/src/node.ts). A tick does nothing in Vietnam's quiet hours and is idempotent.
 */
export const TICK_RATE = Duration.minutes(15);
/** The event the schedule sends; packages/api/src/worker.ts recognises it. */
export const TICK_EVENT = { kind: "tick" } as const;
/**
 * A tick older than one period is superseded by the next one: neither the scheduler (delivering) nor Lambda
 * (running) keeps trying past that, and what is left goes to the dead-letter queue, which raises the alarm.
 */
export const TICK_MAX_AGE = TICK_RATE;
/** The scheduler's retries when Lambda refuses the invocation (throttled, unavailable), with backoff. */
export const TICK_DELIVERY_RETRIES = 5;
/** Lambda's retries of a tick that threw (one minute, then two minutes later). */
export const TICK_RUN_RETRIES = 2;

export interface JobsProps {
  code: lambda.Code;
  stage: string;
  production: boolean;
  storage: Storage;
}

/**
 * Background work: a queue, its dead-letter queue, the worker (packages/api/src/worker.ts) and the schedule that
 * runs reminders.
 *
 * - Jobs (imports, exports, announcements, messages whose channel failed) are one message each; a failed message
 *   is reported back individually (ReportBatchItemFailures), retried, and after MAX_RECEIVE_COUNT receives
 *   redriven to the DLQ, which raises `redriveAlarm`. The worker may send to its own queue (announcements fan
 *   out, a failed message is queued for a retry).
 * - Every TICK_RATE, EventBridge Scheduler invokes the worker (asynchronously) with TICK_EVENT. A tick the
 *   scheduler could not deliver, or that failed every Lambda retry, lands in the same DLQ with the same alarm;
 *   redriven into the jobs queue it runs as a tick.
 */
export class Jobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: NodeFunction;
  readonly redriveAlarm: cloudwatch.Alarm;
  readonly schedule: scheduler.Schedule;

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
        QUEUE_URL: this.queue.queueUrl,
      },
      deadLetterQueue: this.deadLetterQueue,
    });
    const fn = this.worker.function;
    props.storage.grantTableData(fn);
    props.storage.bucket.grantReadWrite(fn);
    this.queue.grantSendMessages(fn);
    // One job per invocation: a slow import cannot push its neighbours past the timeout and into a retry.
    // At most WORKER_CONCURRENCY jobs at once: a national campaign's due day queues ~1,480 reminder batches, and
    // without a cap Lambda would scale the worker into the account's concurrency the API needs, and past the
    // message providers' send rates. The queue holds the rest; nothing is lost, only spread out.
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: WORKER_CONCURRENCY }));
    // Only the schedule invokes the worker asynchronously; SQS invokes it synchronously and has its own redrive.
    fn.configureAsyncInvoke({ retryAttempts: TICK_RUN_RETRIES, maxEventAge: TICK_MAX_AGE });

    this.schedule = this.tickSchedule(props.stage);

    this.redriveAlarm = new cloudwatch.Alarm(this, "RedriveAlarm", {
      alarmDescription: `A job failed ${MAX_RECEIVE_COUNT} times, or a scheduled reminder tick failed every retry, and was moved to the dead-letter queue (${props.stage}). Inspect it, fix, then redrive it from the SQS console (docs/deploy.md).`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The reminders' clock. Its own role, which EventBridge Scheduler may assume only for schedules of this account
   * (confused-deputy guard), may invoke the worker and send undeliverable ticks to the dead-letter queue.
   */
  private tickSchedule(stage: string) {
    const stack = Stack.of(this);
    const role = new iam.Role(this, "ScheduleRole", {
      description: `EventBridge Scheduler invokes the Kỹ Năng Số worker with reminder ticks (${stage})`,
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: {
          StringEquals: {
            "aws:SourceAccount": stack.account,
            "aws:SourceArn": stack.formatArn({ service: "scheduler", resource: "schedule-group", resourceName: "default" }),
          },
        },
      }),
    });
    const schedule = new scheduler.Schedule(this, "ReminderSchedule", {
      description: `Kỹ Năng Số reminders and waiting announcements: Reminder.tick in the worker (${stage})`,
      schedule: scheduler.ScheduleExpression.rate(TICK_RATE),
      target: new LambdaInvoke(this.worker.function, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject(TICK_EVENT),
        retryAttempts: TICK_DELIVERY_RETRIES,
        maxEventAge: TICK_MAX_AGE,
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    // The first tick may come at once: the role's policy must exist by then.
    schedule.node.addDependency(role);
    return schedule;
  }
}

import { metric, withRequest } from "@kns/core/log";
import { Reminder } from "@kns/core/reminder";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { runJob } from "./jobs";
import { lambdaTraceId, log } from "./log";
import { useEmfMetrics } from "./metrics";
import { loadSecrets } from "./secrets";
import { originalStack } from "./stack";

/**
 * AWS entry for background work, one handler for two sources:
 *
 * - **SQS** (the jobs queue: exports, imports, announcements, messages whose channel failed): one message per
 *   job. A failed job's message is reported back so SQS retries it and, after the redrive limit, moves it to the
 *   dead-letter queue.
 * - **EventBridge Scheduler** (infra/jobs.ts, every 15 minutes): `{ "kind": "tick" }` runs `Reminder.tick()`, the
 *   same handler the local server runs in-process. It sends nothing itself: once a day per campaign it queues
 *   the reminders as `reminders` batch jobs on the jobs queue, which this handler then runs one by one. A failed tick throws: Lambda retries the invocation and then
 *   puts the event in the same dead-letter queue. A tick redriven from there into the jobs queue arrives as an SQS
 *   message with the same body and runs as a tick (it is idempotent).
 *
 * Anything else is logged and refused.
 *
 * Each invocation's log lines carry Lambda's request id (as `requestId` and `awsRequestId`) and its X-Ray trace
 * id; a failed job or tick counts one `JobFailed` (docs/observability.md).
 */
export interface TickEvent {
  kind: "tick";
}

const isTick = (value: unknown): value is TickEvent => typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "tick";

const isSqsEvent = (value: unknown): value is SQSEvent =>
  typeof value === "object" &&
  value !== null &&
  Array.isArray((value as SQSEvent).Records) &&
  (value as SQSEvent).Records.every((record) => record?.eventSource === "aws:sqs");

/** The Web Push keys (optional) from the signing-keys secret, once per cold start; a failure is retried next time. */
let ready: Promise<void> | undefined;
function init() {
  if (!ready) useEmfMetrics();
  ready ??= loadSecrets({ require: "vapid-only" }).catch((err) => {
    ready = undefined;
    log.error("function.init_failed", { error: String(err), stack: originalStack((err as Error)?.stack) });
    throw err;
  });
  return ready;
}

async function tick(): Promise<Reminder.TickResult> {
  const started = performance.now();
  try {
    const result = await Reminder.tick();
    // The batches' ids stay out of the line: a national campaign's first tick of the day queues about 1,500.
    const { batchIds: _ids, ...counts } = result;
    log.info("reminder.tick", { ...counts, ms: Math.round(performance.now() - started) });
    return result;
  } catch (err) {
    log.error("reminder.tick_failed", { error: String(err), stack: originalStack((err as Error)?.stack) });
    throw err;
  }
}

async function runRecords(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    let kind: unknown;
    try {
      const body: unknown = JSON.parse(record.body);
      kind = (body as { kind?: unknown } | null)?.kind;
      if (isTick(body)) await tick();
      else await runJob(body);
    } catch (err) {
      log.error("job.failed", { messageId: record.messageId, kind, error: String(err), stack: originalStack((err as Error)?.stack) });
      metric({ JobFailed: 1 });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

async function run(event: SQSEvent | TickEvent): Promise<SQSBatchResponse | Reminder.TickResult> {
  await init();
  if (isSqsEvent(event)) return runRecords(event);
  if (isTick(event)) {
    // Thrown on, so Lambda retries it (and counted each time, as a failed job's every receive is).
    return tick().catch((err: unknown) => {
      metric({ JobFailed: 1 });
      throw err;
    });
  }
  const shape = typeof event === "object" && event !== null ? Object.keys(event).slice(0, 10) : typeof event;
  log.error("worker.unknown_event", { shape });
  throw new Error(`The worker does not know this event (${JSON.stringify(shape)})`);
}

export async function handler(event: SQSEvent | TickEvent, context?: Pick<Context, "awsRequestId">): Promise<SQSBatchResponse | Reminder.TickResult> {
  const awsRequestId = context?.awsRequestId;
  if (!awsRequestId) return run(event);
  // No API Gateway in front: Lambda's request id is the request id of every line this invocation writes.
  return withRequest({ requestId: awsRequestId, awsRequestId, traceId: lambdaTraceId() }, () => run(event));
}

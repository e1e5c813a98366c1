import { Reminder } from "@kns/core/reminder";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { runJob } from "./jobs";
import { log } from "./log";
import { loadSecrets } from "./secrets";
import { originalStack } from "./stack";

/**
 * AWS entry for background work, one handler for two sources:
 *
 * - **SQS** (the jobs queue: exports, imports, announcements, messages whose channel failed): one message per
 *   job. A failed job's message is reported back so SQS retries it and, after the redrive limit, moves it to the
 *   dead-letter queue.
 * - **EventBridge Scheduler** (infra/jobs.ts, every 15 minutes): `{ "kind": "tick" }` runs `Reminder.tick()`, the
 *   same handler the local server runs in-process. A failed tick throws: Lambda retries the invocation and then
 *   puts the event in the same dead-letter queue. A tick redriven from there into the jobs queue arrives as an SQS
 *   message with the same body and runs as a tick (it is idempotent).
 *
 * Anything else is logged and refused.
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
    log.info("reminder.tick", { ...result, ms: Math.round(performance.now() - started) });
    return result;
  } catch (err) {
    log.error("reminder.tick_failed", { error: String(err), stack: originalStack((err as Error)?.stack) });
    throw err;
  }
}

async function runRecords(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const body: unknown = JSON.parse(record.body);
      if (isTick(body)) await tick();
      else await runJob(body);
    } catch (err) {
      log.error("job.failed", { messageId: record.messageId, error: String(err), stack: originalStack((err as Error)?.stack) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export async function handler(event: SQSEvent | TickEvent): Promise<SQSBatchResponse | Reminder.TickResult> {
  await init();
  if (isSqsEvent(event)) return runRecords(event);
  if (isTick(event)) return tick();
  const shape = typeof event === "object" && event !== null ? Object.keys(event).slice(0, 10) : typeof event;
  log.error("worker.unknown_event", { shape });
  throw new Error(`The worker does not know this event (${JSON.stringify(shape)})`);
}

import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { runJob } from "./jobs";
import { log } from "./log";
import { originalStack } from "./stack";

/**
 * AWS entry for background jobs (exports, large imports): one SQS message per job. A failed job's message is
 * reported back so SQS retries it and, after the redrive limit, moves it to the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      await runJob(JSON.parse(record.body));
    } catch (err) {
      log.error("job.failed", { messageId: record.messageId, error: String(err), stack: originalStack((err as Error)?.stack) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

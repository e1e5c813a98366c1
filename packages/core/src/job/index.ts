export * as Job from "./index";

import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import type { Session } from "../auth";
import { isAdmin } from "../auth/scope";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { type ErrorCode, VisibleError } from "../error";
import { jobKeys } from "./job.entity";

/**
 * Background jobs (exports, large imports). The record lives in the table; the work is a message on SQS in
 * AWS (worker Lambda, DLQ) or on an in-process queue locally. Active jobs sit in an index so a restarted
 * local server can pick up what it was doing.
 */
export type Status = "queued" | "running" | "done" | "failed";

export interface Info<Params = Record<string, unknown>, Result = Record<string, unknown>> {
  id: string;
  kind: "export" | "import" | "team_import" | "merge" | "broadcast" | "reminders";
  status: Status;
  /** 0–100 */
  progress: number;
  requestedBy: string;
  unitId: string;
  params: Params;
  result?: Result;
  error?: string;
  /** The catalogue's code when the job failed for a reason its requester can act on (a VisibleError). */
  errorCode?: ErrorCode;
  /** When the job's message was sent to the queue (reminder batches: a re-plan queues only those never sent). */
  enqueuedAt?: string;
  /** The job that took over this one's remaining teams (reminder batches), and the first team it took. */
  continuedAs?: string;
  continuedFrom?: number;
  createdAt: string;
  updatedAt: string;
}

export type Message =
  | {
      kind: Info["kind"];
      id: string;
      /** Locally, how many times a retried job (`reminders`) already failed. */
      attempt?: number;
    }
  /**
   * A message to a person (notify/) whose channel failed: the queue retries it (SQS: after the visibility
   * timeout, three times, then the dead-letter queue and its alarm; locally: after 2, 4 and 8 seconds).
   */
  | { kind: "notify"; message: Record<string, unknown>; attempt?: number };

const WEEK = 7 * 24 * 60 * 60;

export async function get<P, R>(id: string): Promise<Info<P, R> | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: jobKeys.job(id), ConsistentRead: true }));
  return Item ? (withoutKeys(Item) as unknown as Info<P, R>) : undefined;
}

/**
 * A job as its requester sees it: only the admin who asked for it may follow it. Anyone else, an id that is not
 * a uuid and a job of another kind all get the same "not found" (`export.not_found`, `import.not_found`).
 */
export async function statusFor<P, R>(kind: Exclude<Info["kind"], "reminders">, id: string, viewer: Session): Promise<Info<P, R>> {
  const notFound = new VisibleError(`${kind}.not_found`, `There is no ${kind} with this id.`);
  if (!z.uuid().safeParse(id).success) throw notFound;
  const job = await get<P, R>(id);
  if (!job || job.kind !== kind || job.requestedBy !== viewer.userId || !isAdmin(viewer)) throw notFound;
  return job;
}

/** Creates a job once per id (the client's idempotency key) and queues it; a retry returns the same job. */
export async function create<P extends Record<string, unknown>>(
  job: Pick<Info<P>, "id" | "kind" | "requestedBy" | "unitId" | "params">,
  /** `enqueue: false` records the job to be queued later (an announcement waiting for the morning). */
  options: { enqueue?: boolean } = {},
): Promise<{ job: Info<P>; created: boolean }> {
  const now = new Date().toISOString();
  const record: Info<P> = { ...job, status: "queued", progress: 0, createdAt: now, updatedAt: now };
  const { doc, table } = db();
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...jobKeys.job(job.id), ...jobKeys.active(now), ...record, expiresAt: Math.floor(Date.now() / 1000) + WEEK },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (err) {
    if ((err as Error).name === "ConditionalCheckFailedException") {
      const existing = await get<P, Record<string, unknown>>(job.id);
      if (existing) return { job: existing, created: false };
    }
    throw err;
  }
  if (options.enqueue !== false) await enqueue({ kind: job.kind, id: job.id });
  return { job: record, created: true };
}

export async function update(id: string, change: Partial<Pick<Info, "status" | "progress" | "result" | "error" | "errorCode">>) {
  const names: Record<string, string> = { "#updatedAt": "updatedAt" };
  const values: Record<string, unknown> = { ":now": new Date().toISOString() };
  const sets = ["#updatedAt = :now"];
  for (const [field, value] of Object.entries(change)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const finished = change.status === "done" || change.status === "failed";
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: jobKeys.job(id),
      UpdateExpression: `SET ${sets.join(", ")}${finished ? " REMOVE gsi1pk, gsi1sk" : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * Sets fields of a job only if `guard` is not set yet (one conditional write), so two runs of the same job agree
 * on one value. Returns the job as it is afterwards, and whether this call set them.
 */
export async function setOnce<P, R>(
  id: string,
  guard: "enqueuedAt" | "continuedAs",
  fields: Partial<Pick<Info, "enqueuedAt" | "continuedAs" | "continuedFrom">>,
) {
  const names: Record<string, string> = { "#guard": guard };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const { doc, table } = db();
  let set = true;
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: jobKeys.job(id),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#guard)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
    set = false;
  }
  return { set, job: await get<P, R>(id) };
}

/** Jobs queued or running: a local server that restarts re-queues them (they are idempotent). */
export async function active(): Promise<Info[]> {
  const items = await queryPartition<Record<string, unknown>>(jobKeys.activePartition, { index: "gsi1" });
  return items.map((item) => withoutKeys(item) as unknown as Info);
}

type Runner = (message: Message) => Promise<void>;
/** Locally, a message whose channel failed is tried this many times in all (as SQS's redrive policy does). */
const LOCAL_NOTIFY_TRIES = 4;
let localRunner: Runner | undefined;
const localQueue: Message[] = [];
let draining: Promise<void> | undefined;

/** Locally, jobs run one at a time in this process; the local server registers the runner at start. */
export function runLocally(runner: Runner | undefined) {
  localRunner = runner;
}

async function drain() {
  while (localQueue.length && localRunner) {
    const message = localQueue.shift()!;
    try {
      await localRunner(message);
    } catch (err) {
      // A batch of reminders is retried like a message, as SQS retries it: its claims make a second run send only
      // what the first did not (reminder/index.ts).
      const attempt = (message.attempt ?? 0) + 1;
      const retried = message.kind === "notify" || message.kind === "reminders";
      if (retried && attempt < LOCAL_NOTIFY_TRIES) setTimeout(() => void enqueue({ ...message, attempt }), 1000 * 2 ** attempt).unref?.();
      else if (message.kind !== "notify") await update(message.id, { status: "failed", error: String((err as Error).message ?? err) }).catch(() => undefined);
    }
  }
  draining = undefined;
}

/** Resolves when the local queue is empty (tests, and a clean shutdown). */
export function idle(): Promise<void> {
  return draining ?? Promise.resolve();
}

let sqs: SQSClient | undefined;

export async function enqueue(message: Message) {
  const queueUrl = process.env.QUEUE_URL;
  if (queueUrl) {
    const { SQSClient: Client, SendMessageCommand } = await import("@aws-sdk/client-sqs");
    sqs ??= new Client({});
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    return;
  }
  localQueue.push(message);
  draining ??= new Promise((resolve) => setImmediate(resolve)).then(drain);
}

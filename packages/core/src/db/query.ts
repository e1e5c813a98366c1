import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { VisibleError } from "../error";
import { db } from "./client";

/** Every page of a query, one page in memory at a time. */
export async function* queryPages<T>(input: Omit<QueryCommandInput, "TableName">): AsyncGenerator<T[]> {
  const { doc, table } = db();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey }));
    yield (page.Items ?? []) as T[];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

export async function queryAll<T>(input: Omit<QueryCommandInput, "TableName">): Promise<T[]> {
  const all: T[] = [];
  for await (const page of queryPages<T>(input)) all.push(...page);
  return all;
}

/** Strips the storage keys so internal key strings never reach a response. */
export function withoutKeys<T extends Record<string, unknown>>(item: T) {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, expiresAt: _e, ...rest } = item;
  return rest;
}

export interface Key {
  pk: string;
  sk: string;
}

const BATCH_GET_TRIES = 5;

/**
 * Up to 100 items by key in one BatchGetItem (one round trip instead of one per item), in the order of `keys`
 * (undefined where there is none). Keys DynamoDB leaves unprocessed (throttling) are asked for again with
 * backoff; if some are still left, the table is busy (503), never a silently missing item.
 */
export async function getMany(keys: readonly Key[], options: { consistent?: boolean } = {}): Promise<(Record<string, unknown> | undefined)[]> {
  const { doc, table } = db();
  const id = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
  const found = new Map<string, Record<string, unknown>>();
  // BatchGetItem refuses the same key twice in one request.
  let pending = [...new Map(keys.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt === BATCH_GET_TRIES) throw new VisibleError("unavailable", "db.unavailable", "The service is busy. Please try again in a moment.", undefined, 2);
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
    const { Responses, UnprocessedKeys } = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistent } } }));
    for (const item of Responses?.[table] ?? []) found.set(id(item as Key), item);
    pending = (UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
  }
  return keys.map((key) => found.get(id(key)));
}

/**
 * Deletes items by key, 25 to a BatchWriteItem (not one request per item). Keys DynamoDB leaves unprocessed are
 * sent again with backoff; if some are still left the table is busy (503), and a retry of the caller's whole
 * operation finishes the job, since deleting what is gone changes nothing.
 */
export async function deleteMany(keys: readonly Key[]): Promise<void> {
  const { doc, table } = db();
  for (let start = 0; start < keys.length; start += 25) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + 25).map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === BATCH_GET_TRIES) throw new VisibleError("unavailable", "db.unavailable", "The service is busy. Please try again in a moment.", undefined, 2);
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = (UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  }
}

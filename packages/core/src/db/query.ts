import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { VisibleError } from "../error";
import { db } from "./client";
import { tableDefinition, type IndexName } from "./table";

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

/** Which items of one partition a query reads. Key strings come from the entities (`*.entity.ts`). */
export interface PartitionQuery {
  /** The index whose partition key this is; the table itself when absent. */
  index?: IndexName;
  /** Only items whose sort key starts with this. */
  prefix?: string;
  /** Only items whose sort key lies between these two, both included. */
  between?: readonly [from: string, to: string];
  /** At most this many items: reading stops once they are in. */
  limit?: number;
  /** Highest sort key first. */
  descending?: boolean;
  /** Only these attributes of each item. */
  attributes?: readonly string[];
  consistent?: boolean;
}

/**
 * The Query input for one partition, its key condition written here once for every entity: `:pk` is the
 * partition, `:prefix` or `:from`/`:to` the sort-key condition, over the attribute names of the table or index.
 */
export function partitionQuery(partition: string, options: PartitionQuery = {}): Omit<QueryCommandInput, "TableName"> {
  const keys = options.index ? tableDefinition.globalIndexes.find((index) => index.indexName === options.index)! : tableDefinition;
  const { partitionKey, sortKey } = keys;
  const values: Record<string, unknown> = { ":pk": partition };
  let condition = `${partitionKey} = :pk`;
  if (options.prefix !== undefined && options.between) throw new Error("A partition query takes a prefix or a range, not both");
  if (options.prefix !== undefined) {
    condition += ` AND begins_with(${sortKey}, :prefix)`;
    values[":prefix"] = options.prefix;
  } else if (options.between) {
    condition += ` AND ${sortKey} BETWEEN :from AND :to`;
    values[":from"] = options.between[0];
    values[":to"] = options.between[1];
  }
  const names = options.attributes?.map((attribute, i) => [`#a${i}`, attribute] as const);
  return {
    ...(options.index ? { IndexName: options.index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
    ...(names ? { ProjectionExpression: names.map(([name]) => name).join(", "), ExpressionAttributeNames: Object.fromEntries(names) } : {}),
    ...(options.descending ? { ScanIndexForward: false } : {}),
    ...(options.consistent ? { ConsistentRead: true } : {}),
    ...(options.limit ? { Limit: options.limit } : {}),
  };
}

/** Every page of one partition's items (see `partitionQuery`), stopping at `limit` items when one is given. */
export async function* queryPartitionPages<T>(partition: string, options: PartitionQuery = {}): AsyncGenerator<T[]> {
  let left = options.limit ?? Number.POSITIVE_INFINITY;
  const { doc, table } = db();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const input = partitionQuery(partition, { ...options, limit: Number.isFinite(left) ? left : undefined });
    const page = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey }));
    const items = (page.Items ?? []) as T[];
    left -= items.length;
    yield items;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && left > 0);
}

/** How many items one partition holds (see `partitionQuery`): counted page by page by DynamoDB, none returned. */
export async function countPartition(partition: string, options: Omit<PartitionQuery, "limit" | "attributes"> = {}): Promise<number> {
  const { doc, table } = db();
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...partitionQuery(partition, options), TableName: table, Select: "COUNT", ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** One partition's items (see `partitionQuery`), all of them or the first `limit`. */
export async function queryPartition<T>(partition: string, options: PartitionQuery = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const page of queryPartitionPages<T>(partition, options)) all.push(...page);
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

/** Keys one BatchGetItem may ask for. */
const BATCH_GET_SIZE = 100;

/**
 * Items by key, up to 100 in one BatchGetItem (one round trip instead of one per item), in the order of `keys`
 * (undefined where there is none). Keys DynamoDB leaves unprocessed (throttling) are asked for again with
 * backoff; if some are still left, the table is busy (503), never a silently missing item.
 */
export async function getMany(keys: readonly Key[], options: { consistent?: boolean } = {}): Promise<(Record<string, unknown> | undefined)[]> {
  const { doc, table } = db();
  const id = (key: { pk: unknown; sk: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;
  const found = new Map<string, Record<string, unknown>>();
  // BatchGetItem refuses the same key twice in one request.
  const unique = [...new Map(keys.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let start = 0; start < unique.length; start += BATCH_GET_SIZE) {
    let pending = unique.slice(start, start + BATCH_GET_SIZE);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === BATCH_GET_TRIES) throw new VisibleError("db.unavailable", "The service is busy. Please try again in a moment.", { retryAfterSeconds: 2 });
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
      const { Responses, UnprocessedKeys } = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistent } } }),
      );
      for (const item of Responses?.[table] ?? []) found.set(id(item as Key), item);
      pending = (UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
    }
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
      if (attempt === BATCH_GET_TRIES) throw new VisibleError("db.unavailable", "The service is busy. Please try again in a moment.", { retryAfterSeconds: 2 });
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = (UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  }
}

/**
 * Writes items, 25 to a BatchWriteItem and `concurrency` requests at a time (bulk loads such as the official
 * map). Items DynamoDB leaves unprocessed are sent again with backoff; if some are still left the table is busy
 * (503). Puts are unconditional, so callers only write items whose content is fixed by their key: writing them
 * twice changes nothing.
 */
export async function putMany(items: readonly Record<string, unknown>[], options: { concurrency?: number } = {}): Promise<void> {
  const { doc, table } = db();
  const chunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })));
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt === BATCH_GET_TRIES) throw new VisibleError("db.unavailable", "The service is busy. Please try again in a moment.", { retryAfterSeconds: 2 });
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
      const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
      pending = (UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
    }
  };
  let next = 0;
  const worker = async () => {
    for (let chunk = chunks[next++]; chunk; chunk = chunks[next++]) await writeChunk(chunk);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
}

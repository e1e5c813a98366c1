import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type DynamoDBClient,
  ScanCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, tableDefinition } from "./table";

/**
 * Logical export and restore of the one table, item by item in DynamoDB's own attribute-value form
 * (no document-client marshalling, so numbers, sets and binary come back exactly as they were).
 * Used by `scripts/table-backup.ts` and exercised by test/api/restore.int.test.ts. In AWS the primary way back
 * is point-in-time recovery or an AWS Backup recovery point (docs/restore.md); this is the portable fallback
 * and the rehearsal of the same steps against DynamoDB Local.
 */
export type RawItem = Record<string, AttributeValue>;

/** Every item of the table, a full paginated Scan (consistent reads, so a just-written item is included). */
export async function* scanTable(client: DynamoDBClient, tableName: string, pageSize = 500): AsyncGenerator<RawItem> {
  let startKey: RawItem | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true, Limit: pageSize }));
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** The whole table as JSON lines, one item per line (the format `scripts/table-backup.ts` writes to a file). */
export async function exportTable(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const item of scanTable(client, tableName)) lines.push(JSON.stringify(item));
  return lines;
}

/** Creates `tableName` with the same keys and indexes as the real table (the shared definition) and waits for it. */
export async function createTableLike(client: DynamoDBClient, tableName: string) {
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 120 }, { TableName: tableName });
}

/**
 * Writes exported lines into `tableName` (25 items a batch, unprocessed items retried with back-off).
 * Refuses a line without the table's keys rather than silently skipping it. Returns how many items were written.
 */
export async function importLines(client: DynamoDBClient, tableName: string, lines: Iterable<string>): Promise<number> {
  let batch: RawItem[] = [];
  let written = 0;
  const flush = async () => {
    let requests: NonNullable<Parameters<typeof writeRequests>[0]> = batch;
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`${requests.length} items still unprocessed after ${attempt} attempts`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const res = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: writeRequests(requests) } }));
      requests = (res.UnprocessedItems?.[tableName] ?? []).map((r) => r.PutRequest!.Item!);
    }
    written += batch.length;
    batch = [];
  };
  for (const line of lines) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as RawItem;
    if (!item[tableDefinition.partitionKey]?.S || !item[tableDefinition.sortKey]?.S) throw new Error(`not an item of this table: ${line.slice(0, 200)}`);
    batch.push(item);
    if (batch.length === 25) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

function writeRequests(items: RawItem[]) {
  return items.map((Item) => ({ PutRequest: { Item } }));
}

/** pk + sk, the identity of an item. */
export function itemKey(item: RawItem) {
  return `${item[tableDefinition.partitionKey]?.S}\u0000${item[tableDefinition.sortKey]?.S}`;
}

/**
 * What differs between two tables' items: keys missing from `restored`, keys only in `restored`, and keys whose
 * items are not identical (attribute by attribute, order of map keys ignored). Empty when the restore is exact.
 */
export function diffItems(source: Iterable<RawItem>, restored: Iterable<RawItem>) {
  const byKey = (items: Iterable<RawItem>) => new Map([...items].map((item) => [itemKey(item), item]));
  const a = byKey(source);
  const b = byKey(restored);
  const missing = [...a.keys()].filter((key) => !b.has(key));
  const extra = [...b.keys()].filter((key) => !a.has(key));
  const changed = [...a.keys()].filter((key) => b.has(key) && stable(a.get(key)) !== stable(b.get(key)));
  return { missing, extra, changed };
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

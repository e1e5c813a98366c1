import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
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

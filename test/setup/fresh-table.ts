import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, inject } from "vitest";
import { resetDb } from "../../packages/core/src/db/client";
import { ensureTable, localClient } from "../../packages/api/src/local/dynamodb-local";

/** A fresh table per test file, so files can run in parallel against the one DynamoDB Local. */
const endpoint = inject("dynamoEndpoint");
const tableName = `t-${randomUUID()}`;
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.TABLE_NAME = tableName;
process.env.TOKEN_SECRET ??= "test-token-secret-that-is-long-enough-0123456789";
resetDb();

beforeAll(async () => {
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();
});

afterAll(async () => {
  const client = localClient(endpoint);
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
  resetDb();
});

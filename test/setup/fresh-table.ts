import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, inject } from "vitest";
import { generateSigningKey } from "../../packages/core/src/certificate/signature";
import { resetDb } from "../../packages/core/src/db/client";
import { ensureTable, localClient } from "../../packages/api/src/local/dynamodb-local";

/** A fresh table per test file, so files can run in parallel against the one DynamoDB Local. */
const endpoint = inject("dynamoEndpoint");
const tableName = `t-${randomUUID()}`;
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.TABLE_NAME = tableName;
process.env.TOKEN_SECRET ??= "test-token-secret-that-is-long-enough-0123456789";
process.env.LINK_SECRET ??= "test-link-secret-that-is-not-the-token-secret-42";
process.env.CERT_SIGNING_KEY ??= generateSigningKey();
const objectsDir = mkdtempSync(join(tmpdir(), "kns-objects-"));
process.env.OBJECTS_DIR = objectsDir;
delete process.env.BUCKET_NAME;
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
  rmSync(objectsDir, { recursive: true, force: true });
});

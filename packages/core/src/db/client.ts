import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { tableDefinition } from "./table";

/**
 * One document client per process, configured from the environment:
 * TABLE_NAME, and DYNAMODB_ENDPOINT locally (DynamoDB Local). In AWS the endpoint is the default.
 */
let cached: { doc: DynamoDBDocumentClient; table: string } | undefined;

export function db() {
  if (!cached) {
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    const client = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? "ap-southeast-1",
      maxAttempts: 3,
      ...(endpoint ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    });
    cached = {
      doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      table: process.env.TABLE_NAME ?? "kns",
    };
  }
  return cached;
}

/**
 * Opens the connection to DynamoDB before the first request needs it: the API function calls this while it
 * initialises (packages/api/src/lambda.ts) and does not wait. One GetItem of a key no item has (half a read unit)
 * takes the SDK's whole first-call path: credentials, endpoint, signing, and the DNS, TCP and TLS set-up whose
 * round trips then overlap the rest of the cold start; the first request finds the connection in the SDK's
 * keep-alive pool. It never throws: a failure here (DynamoDB unreachable, the environment frozen mid-call after
 * its init, as provisioned concurrency does) costs nothing but the attempt, since the first real request opens
 * its own connection and the SDK retries a connection that went stale while frozen.
 */
export function openConnection(): Promise<void> {
  const { doc, table } = db();
  const key = { [tableDefinition.partitionKey]: "CONNECTION#warm-up", [tableDefinition.sortKey]: "CONNECTION#warm-up" };
  return doc.send(new GetCommand({ TableName: table, Key: key })).then(
    () => undefined,
    () => undefined,
  );
}

/** For tests and the local runner: forget the client so the next call reads the environment again. */
export function resetDb() {
  cached?.doc.destroy();
  cached = undefined;
}

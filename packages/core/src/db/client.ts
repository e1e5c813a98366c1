import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

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

/** For tests and the local runner: forget the client so the next call reads the environment again. */
export function resetDb() {
  cached?.doc.destroy();
  cached = undefined;
}

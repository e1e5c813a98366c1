import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../packages/api/src/local/dynamodb-local";

/** One in-memory DynamoDB Local for the whole run; each test file makes its own table (fresh-table.ts). */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

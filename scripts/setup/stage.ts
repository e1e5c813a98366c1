import { resolve } from "node:path";
import { resetDb } from "../../packages/core/src/db/client";
import { ensureTable, LOCAL_TABLE_NAME, localClient, runningDynamo, startDynamoLocal } from "../../packages/api/src/local/dynamodb-local";

export interface Stage {
  /** For the log: which table, where. */
  description: string;
  /** True for the local stage under DATA_DIR (the demo lives there). */
  local: boolean;
  disconnect(): Promise<void>;
}

/**
 * Points core's database client (packages/core/src/db/client.ts reads TABLE_NAME and DYNAMODB_ENDPOINT) at the
 * stage a set-up command works on:
 * - TABLE_NAME set and no DYNAMODB_ENDPOINT: a deployed table, with the usual AWS credentials and AWS_REGION;
 * - DYNAMODB_ENDPOINT set: that DynamoDB (Local), table TABLE_NAME or `kns`;
 * - otherwise the local stage under DATA_DIR (default `.data`): the DynamoDB Local of a running `npm start`, or
 *   one started for this command on the same data (stopped when it ends), with the table made if missing.
 */
export async function connectStage(): Promise<Stage> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (process.env.DYNAMODB_ENDPOINT || process.env.TABLE_NAME) {
    process.env.TABLE_NAME ??= LOCAL_TABLE_NAME;
    resetDb();
    const where = process.env.DYNAMODB_ENDPOINT ?? `AWS ${process.env.AWS_REGION ?? "ap-southeast-1"}`;
    return { description: `table ${process.env.TABLE_NAME} at ${where}`, local: false, disconnect: async () => resetDb() };
  }
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  process.env.TABLE_NAME = LOCAL_TABLE_NAME;
  const running = await runningDynamo(dataDir);
  if (running) {
    process.env.DYNAMODB_ENDPOINT = running;
    resetDb();
    return { description: `local, ${dataDir} (through the running server)`, local: true, disconnect: async () => resetDb() };
  }
  const dynamo = await startDynamoLocal({ dataDir });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const admin = localClient(dynamo.endpoint);
  await ensureTable(admin, LOCAL_TABLE_NAME);
  admin.destroy();
  resetDb();
  return {
    description: `local, ${dataDir}`,
    local: true,
    disconnect: async () => {
      resetDb();
      await dynamo.stop();
    },
  };
}

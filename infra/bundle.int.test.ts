import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bundle, runtimeFilesEnvironment, type Bundle } from "./bundle";
import { withMissingKeys } from "./signing-keys";
import { httpApiEvent, lambdaContext } from "../test/lambda-context";

/**
 * The Lambda bundles exactly as the stack deploys them (infra/bundle.ts), imported and invoked with the events
 * API Gateway (HTTP API, payload v2) and SQS really send, against DynamoDB Local (TABLE_NAME and
 * DYNAMODB_ENDPOINT come from test/setup/fresh-table.ts). The API's signing keys arrive the AWS way: from a
 * Secrets Manager endpoint (a local stand-in speaking its JSON protocol) holding what infra/signing-keys.ts
 * writes at deploy time.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const REGION = "ap-southeast-1";
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:123456789012:secret:kns-test-signing-keys-AbCdEf`;

type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const outdir = mkdtempSync(join(tmpdir(), "kns-bundle-test-"));
const secretValue = withMissingKeys({})!;
const secretRequests: Array<{ target: string; body: { SecretId?: string } }> = [];
const savedEnv = { ...process.env };
let secretsManager: Server;
let api: Bundle;
let worker: Bundle;
let apiHandler: ApiHandler;
let workerHandler: WorkerHandler;

function startSecretsManager(): Promise<Server> {
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"]);
      const body = JSON.parse(raw || "{}") as { SecretId?: string };
      secretRequests.push({ target, body });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target !== "secretsmanager.GetSecretValue" || body.SecretId !== SECRET_ARN) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      res.end(
        JSON.stringify({
          ARN: SECRET_ARN,
          Name: "kns-test-signing-keys",
          VersionId: randomUUID(),
          SecretString: JSON.stringify(secretValue),
          CreatedDate: Date.now() / 1000,
        }),
      );
    });
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

const context = lambdaContext(REGION);

/** What the Lambda SQS event source sends for one received message. */
function sqsEvent(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${Buffer.from(randomUUID()).toString("base64")}`,
      body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: String(Date.now() - 50),
        SenderId: "AROAEXAMPLE:kns-test-Api",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "0123456789abcdef0123456789abcdef",
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:kns-test-JobsQueue`,
      awsRegion: REGION,
    })),
  };
}

function json(result: APIGatewayProxyStructuredResultV2) {
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64").toString() : (result.body ?? "");
  return JSON.parse(text) as Record<string, unknown>;
}

beforeAll(async () => {
  api = bundle(ROOT, "api", join(outdir, "api"));
  worker = bundle(ROOT, "worker", join(outdir, "worker"));
  secretsManager = await startSecretsManager();
  const address = secretsManager.address() as { port: number };

  // The function's environment as the stack sets it, minus what only exists in AWS.
  delete process.env.TOKEN_SECRET;
  delete process.env.LINK_SECRET;
  delete process.env.CERT_SIGNING_KEY;
  delete process.env.QUEUE_URL;
  delete process.env.BUCKET_NAME;
  // The functions log errors (the test runner silences logs elsewhere); the worker test reads them.
  delete process.env.LOG_LEVEL;
  Object.assign(process.env, {
    STAGE: "test",
    SECRETS_ARN: SECRET_ARN,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${address.port}`,
    ...runtimeFilesEnvironment("api", api.dir),
  });
  apiHandler = ((await import(pathToFileURL(api.file).href)) as { handler: ApiHandler }).handler;
  workerHandler = ((await import(pathToFileURL(worker.file).href)) as { handler: WorkerHandler }).handler;
}, 120_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await new Promise((done) => secretsManager?.close(done));
  rmSync(outdir, { recursive: true, force: true });
});

describe("the API bundle", () => {
  it("is one ES module with a source map, its runtime files, and only the AWS clients the code uses", () => {
    expect(existsSync(join(api.dir, "index.mjs.map"))).toBe(true);
    expect(existsSync(join(api.dir, "fonts/NotoSans-Regular.ttf"))).toBe(true);
    expect(process.env.FONTS_DIR).toBe(join(api.dir, "fonts"));
    const declared = [
      "@aws-sdk/client-dynamodb",
      "@aws-sdk/client-s3",
      "@aws-sdk/client-secrets-manager",
      "@aws-sdk/client-sqs",
      // The SMS channel (notify/channels.ts), a chunk loaded only when a text message is sent.
      "@aws-sdk/client-pinpoint-sms-voice-v2",
    ];
    for (const client of [...api.awsClients, ...worker.awsClients]) expect(declared).toContain(client);
    console.log(
      `API bundle: ${(api.gzipBytes / 1024).toFixed(0)} KB gzipped loaded at cold start, ${(api.totalGzipBytes / 1024).toFixed(0)} KB gzipped in all; ` +
        `worker: ${(worker.gzipBytes / 1024).toFixed(0)} KB / ${(worker.totalGzipBytes / 1024).toFixed(0)} KB`,
    );
  });

  it("answers GET /api/v1/health from an HTTP API v2 event", async () => {
    const result = await apiHandler(httpApiEvent("GET", "/api/v1/health"), context);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toMatch(/^application\/json/);
    expect(json(result)).toEqual({ ok: true });
  });

  it("reads DynamoDB: logging in with an unknown phone is a 401 with a JSON error", async () => {
    const result = await apiHandler(httpApiEvent("POST", "/api/v1/auth/login", { phone: "0987654321", password: "Whatever123" }), context);
    expect(result.statusCode).toBe(401);
    expect(json(result)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it("got both signing keys from Secrets Manager at cold start, once", async () => {
    const result = await apiHandler(httpApiEvent("GET", "/api/v1/verify/public-key"), context);
    expect(result.statusCode).toBe(200);
    expect(json(result)).toMatchObject({ algorithm: "Ed25519", publicKey: expect.stringMatching(/^[\w-]{43}$/) });
    expect(secretRequests).toEqual([{ target: "secretsmanager.GetSecretValue", body: expect.objectContaining({ SecretId: SECRET_ARN }) }]);
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const result = await apiHandler(httpApiEvent("GET", "/api/v1/nothing-here"), context);
    expect(result.statusCode).toBe(404);
    expect(json(result)).toMatchObject({ error: { code: "request.not_found" } });
  });
});

describe("the worker bundle", () => {
  it("takes a job message from a real SQS event and reports no failure (an unknown export job is a no-op)", async () => {
    const result = await workerHandler(sqsEvent(JSON.stringify({ kind: "export", id: randomUUID() })), context);
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it("reports exactly the messages it could not process, so only they are retried", async () => {
    const event = sqsEvent(JSON.stringify({ kind: "export", id: randomUUID() }), "{not json", JSON.stringify({ kind: "noop", id: "x" }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await workerHandler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }, { itemIdentifier: event.Records[2]!.messageId }]);
    // Each failure is logged with its stack mapped back to the TypeScript source, though Node runs the bundle
    // without --enable-source-maps (packages/api/src/stack.ts).
    const lines = logged.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { event: string; messageId: string; stack: string })
      .filter((line) => line.event === "job.failed");
    logged.mockRestore();
    expect(lines.map((line) => [line.event, line.messageId])).toEqual([
      ["job.failed", event.Records[1]!.messageId],
      ["job.failed", event.Records[2]!.messageId],
    ]);
    expect(lines[1]!.stack).toMatch(/packages\/api\/src\/jobs\.ts:\d+:\d+/);
    expect(lines[1]!.stack).not.toMatch(/\.mjs:\d+:\d+/);
  });

  it("runs Reminder.tick for the schedule's event, and logs what it did", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const result = (await (workerHandler as unknown as (event: unknown, context: Context) => Promise<unknown>)({ kind: "tick" }, context)) as Record<
      string,
      unknown
    >;
    const lines = logged.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { event: string });
    logged.mockRestore();
    expect(result).toMatchObject({ quiet: expect.any(Boolean), batches: expect.any(Number), planned: expect.any(Number), broadcasts: expect.any(Number) });
    const line = lines.find((entry) => entry.event === "reminder.tick") as Record<string, unknown> | undefined;
    expect(line).toMatchObject({ quiet: result.quiet, batches: result.batches, planned: result.planned });
    // A national campaign's first tick queues ~1,500 batches: their ids stay out of the log line.
    expect(line).not.toHaveProperty("batchIds");
  });

  it("runs a tick redriven from the dead-letter queue into the jobs queue", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const result = await workerHandler(sqsEvent(JSON.stringify({ kind: "tick" })), context);
    const events = logged.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { event: string }).event);
    logged.mockRestore();
    expect(result).toEqual({ batchItemFailures: [] });
    expect(events).toContain("reminder.tick");
  });

  it("refuses an event it does not know, so it is retried and ends in the dead-letter queue", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect((workerHandler as unknown as (event: unknown, context: Context) => Promise<unknown>)({ kind: "tock" }, context)).rejects.toThrow(
      /does not know/,
    );
    logged.mockRestore();
  });
});

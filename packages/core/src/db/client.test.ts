import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { openConnection, resetDb } from "./client";

/** openConnection(): what the API function starts while it initialises (packages/api/src/lambda.ts). */
const saved = { endpoint: process.env.DYNAMODB_ENDPOINT, table: process.env.TABLE_NAME };
let server: Server | undefined;

afterEach(async () => {
  resetDb();
  process.env.DYNAMODB_ENDPOINT = saved.endpoint;
  process.env.TABLE_NAME = saved.table;
  if (saved.endpoint === undefined) delete process.env.DYNAMODB_ENDPOINT;
  if (saved.table === undefined) delete process.env.TABLE_NAME;
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A stand-in for DynamoDB that records what it was asked and answers every GetItem with no item. */
async function standIn(requests: Array<{ target: string; body: Record<string, unknown> }>) {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      requests.push({ target: String(req.headers["x-amz-target"]), body: JSON.parse(raw || "{}") as Record<string, unknown> });
      res.setHeader("content-type", "application/x-amz-json-1.0");
      res.end("{}");
    });
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("openConnection", () => {
  it("reads one key no item has, through the process's client, so its connection is open for the first request", async () => {
    const requests: Array<{ target: string; body: Record<string, unknown> }> = [];
    process.env.DYNAMODB_ENDPOINT = await standIn(requests);
    process.env.TABLE_NAME = "kns-warm";
    resetDb();
    await expect(openConnection()).resolves.toBeUndefined();
    expect(requests).toEqual([
      {
        target: "DynamoDB_20120810.GetItem",
        body: expect.objectContaining({ TableName: "kns-warm", Key: { pk: { S: "CONNECTION#warm-up" }, sk: { S: "CONNECTION#warm-up" } } }),
      },
    ]);
  });

  it("never rejects: with DynamoDB unreachable it settles quietly", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
    resetDb();
    await expect(openConnection()).resolves.toBeUndefined();
  });
});

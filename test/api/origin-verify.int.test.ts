import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { handler } from "../../packages/api/src/lambda";
import { db } from "../../packages/core/src/db/client";
import { captureFor } from "../../packages/core/src/log";
import { RateLimit } from "../../packages/core/src/rate-limit";
import { rateLimitKeys } from "../../packages/core/src/rate-limit/rate-limit.entity";
import { httpApiEvent, lambdaContext } from "../lambda-context";

/**
 * The Lambda entry (packages/api/src/lambda.ts) invoked as API Gateway invokes it, with HTTP API payload 2.0
 * events: in AWS it answers only requests that came through CloudFront (which adds `x-origin-verify` with the
 * secret), and believes `CloudFront-Viewer-Address` only on those. The signing keys come from the environment
 * (test/setup/fresh-table.ts), which the entry accepts before it would ask Secrets Manager.
 */
const SECRET = "Vq3x9Kp2LmZ8rT5wYb7nC4dF6gH1jS0aQe2uI8oP9lK3mN5bV7cX1zA4sD6fG8hJ";
const EDGE = "130.176.1.1";
const VIEWER = "203.0.113.7";

const context = lambdaContext();

/** A request through CloudFront's edge `EDGE`, with these extra headers. */
const event = (method: string, path: string, headers: Record<string, string>, body?: unknown) => httpApiEvent(method, path, body, { sourceIp: EDGE, headers });

async function invoke(input: APIGatewayProxyEventV2) {
  // aws-lambda's event type and Hono's differ on details (an absent body: undefined or null); both are what arrives.
  const result = (await handler(input as unknown as Parameters<typeof handler>[0], context)) as {
    statusCode: number;
    headers?: Record<string, string>;
    body: string;
  };
  return { status: result.statusCode, headers: result.headers ?? {}, json: result.body ? (JSON.parse(result.body) as Record<string, any>) : undefined };
}

/** Sign-in attempts the API counted for `address` in the current window (Auth.login counts per address first). */
async function loginsCountedFor(address: string) {
  const index = Math.floor(Date.now() / 1000 / RateLimit.rules.loginPerAddress.windowSeconds);
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: rateLimitKeys.window(`login-address:${address}`, index), ConsistentRead: true }));
  return Number(Item?.count ?? 0);
}

const login = () => ({ phone: `09${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`, password: "Whatever-123" });

afterEach(() => {
  delete process.env.ORIGIN_VERIFY_SECRET;
});

describe("with ORIGIN_VERIFY_SECRET set (in AWS)", () => {
  it("answers a request without the origin-verify header 403 with the API's error body, and logs it", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    const lines: Record<string, unknown>[] = [];
    const stop = captureFor((line) => lines.push(line));
    let missing: Awaited<ReturnType<typeof invoke>>;
    let wrong: Awaited<ReturnType<typeof invoke>>;
    try {
      missing = await invoke(event("GET", "/api/v1/health", {}));
      wrong = await invoke(event("GET", "/api/v1/health", { "x-origin-verify": `${SECRET.slice(0, -1)}x` }));
    } finally {
      stop();
    }
    for (const result of [missing, wrong]) {
      expect(result.status).toBe(403);
      expect(result.headers["content-type"]).toMatch(/^application\/json/);
      expect(result.json).toEqual({ error: { code: "request.direct_access", message: expect.stringMatching(/\S/) } });
    }
    const refused = lines.filter((line) => line.event === "request.direct_access");
    expect(refused.map((line) => [line.level, line.path, line.sourceIp, line.originHeader])).toEqual([
      ["warn", "/api/v1/health", EDGE, "missing"],
      ["warn", "/api/v1/health", EDGE, "wrong"],
    ]);
    // The secret itself is never logged.
    expect(JSON.stringify(lines)).not.toContain(SECRET.slice(0, 20));
  });

  it("refuses before any route runs: a refused sign-in is not even counted", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    const forged = "198.51.100.77";
    const result = await invoke(event("POST", "/api/v1/auth/login", { "cloudfront-viewer-address": `${forged}:443` }, login()));
    expect(result.status).toBe(403);
    expect(await loginsCountedFor(forged)).toBe(0);
    expect(await loginsCountedFor(EDGE)).toBe(0);
  });

  it("serves a request carrying the secret, and takes the client address from CloudFront-Viewer-Address", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    const health = await invoke(event("GET", "/api/v1/health", { "x-origin-verify": SECRET }));
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ ok: true });

    const before = { viewer: await loginsCountedFor(VIEWER), edge: await loginsCountedFor(EDGE) };
    const result = await invoke(event("POST", "/api/v1/auth/login", { "x-origin-verify": SECRET, "cloudfront-viewer-address": `${VIEWER}:46532` }, login()));
    expect(result.status).toBe(401);
    expect(await loginsCountedFor(VIEWER)).toBe(before.viewer + 1);
    expect(await loginsCountedFor(EDGE)).toBe(before.edge);
  });
});

describe("without ORIGIN_VERIFY_SECRET (npm start, or a stack deployed without it)", () => {
  it("serves requests without the header as before, and does not believe CloudFront-Viewer-Address", async () => {
    const health = await invoke(event("GET", "/api/v1/health", {}));
    expect(health.status).toBe(200);

    const forged = "198.51.100.88";
    const before = await loginsCountedFor(EDGE);
    const result = await invoke(event("POST", "/api/v1/auth/login", { "cloudfront-viewer-address": `${forged}:443`, "x-origin-verify": SECRET }, login()));
    expect(result.status).toBe(401);
    expect(await loginsCountedFor(forged)).toBe(0);
    expect(await loginsCountedFor(EDGE)).toBe(before + 1);
  });
});

import { captureFor, log } from "@kns/core/log";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type RequestEnv, requestContext } from "./request-context";

/** A request through the middleware whose handler, like core, logs without being given the request id. */
const app = new Hono<RequestEnv>().use(requestContext).get("/api/v1/thing", (c) => {
  log.info("thing.read", { seen: c.get("requestId") });
  return c.json({ ok: true });
});

const GATEWAY_ID = "JvTnZhJvSQ0EJ5w=";
const AWS_REQUEST_ID = "8f5c1d1e-3b7a-4c2e-9d1f-0a1b2c3d4e5f";
const TRACE_ROOT = "1-67a1b2c3-0123456789abcdef01234567";
/** What hono/aws-lambda passes as `c.env`: the HTTP API event (payload v2) and Lambda's context. */
const lambdaEnv = { event: { requestContext: { requestId: GATEWAY_ID } }, lambdaContext: { awsRequestId: AWS_REQUEST_ID } };

let lines: Record<string, unknown>[];
let stop: () => void;
beforeEach(() => {
  lines = [];
  stop = captureFor((line) => lines.push(line));
});
afterEach(() => {
  stop();
  vi.unstubAllEnvs();
});

describe("in Lambda", () => {
  it("uses API Gateway's request id, echoes it, and logs it with the invocation's id and trace id on every line", async () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`);
    // A caller's own X-Request-Id does not replace the id the access log has.
    const res = await app.request("/api/v1/thing", { headers: { "x-request-id": "caller-chosen-id-123" } }, lambdaEnv);
    expect(res.headers.get("x-request-id")).toBe(GATEWAY_ID);
    expect(lines.map((line) => line.event)).toEqual(["thing.read", "request"]);
    for (const line of lines) expect(line).toMatchObject({ requestId: GATEWAY_ID, awsRequestId: AWS_REQUEST_ID, traceId: TRACE_ROOT });
    expect(lines[0]!.seen).toBe(GATEWAY_ID);
    expect(lines[1]).toMatchObject({ method: "GET", path: "/api/v1/thing", status: 200 });
  });

  it("logs no trace id when the function is not traced", async () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", "");
    await app.request("/api/v1/thing", {}, lambdaEnv);
    for (const line of lines) {
      expect(line).toMatchObject({ requestId: GATEWAY_ID, awsRequestId: AWS_REQUEST_ID });
      expect(line.traceId).toBeUndefined();
    }
  });
});

describe("locally", () => {
  it("keeps a caller's well-formed X-Request-Id", async () => {
    const res = await app.request("/api/v1/thing", { headers: { "x-request-id": "caller-chosen-id-123" } });
    expect(res.headers.get("x-request-id")).toBe("caller-chosen-id-123");
    for (const line of lines) expect(line.requestId).toBe("caller-chosen-id-123");
  });

  it("makes a UUID otherwise, and logs no Lambda ids", async () => {
    vi.stubEnv("_X_AMZN_TRACE_ID", `Root=${TRACE_ROOT}`);
    const res = await app.request("/api/v1/thing", { headers: { "x-request-id": "bad id!" } });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const line of lines) {
      expect(line.requestId).toBe(id);
      expect(line.awsRequestId).toBeUndefined();
      expect(line.traceId).toBeUndefined();
    }
  });
});

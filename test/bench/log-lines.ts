import { randomBytes } from "node:crypto";
import { ACCESS_LOG_FORMAT } from "../../infra/api";

/**
 * What one API request writes to CloudWatch Logs in AWS, built from the real code path so that `cost.ts` bills
 * bytes that were produced, not remembered. `capacity.ts` runs the journey's requests through the Hono app with
 * the bindings `hono/aws-lambda` gives it (API Gateway's event, Lambda's context) and a trace header, as in a
 * traced Lambda, captures the app's lines and metric lines, and adds the lines AWS writes around them:
 *
 * - the Lambda runtime's prefix on each `console` line (text log format, the default the functions use):
 *   `2026-12-06T10:15:30.123Z\t<awsRequestId>\tINFO\t<json>`; metric (EMF) lines go to stdout without it;
 * - Lambda's own START, END and REPORT lines for each invocation, the REPORT line with its X-Ray part because
 *   tracing is active (infra/lambda-function.ts), and INIT_START plus `Init Duration` after a cold start;
 * - the HTTP API's access log line, `ACCESS_LOG_FORMAT` (infra/api.ts) with its `$context` variables filled in.
 *
 * Each log event is counted with the 26 bytes CloudWatch Logs adds to every event when it sizes a batch
 * (PutLogEvents: "the sum of all event messages in UTF-8, plus 26 bytes for each log event"); if ingestion is
 * billed on the message bytes alone, this overstates the log cost by about 26 bytes a line.
 */
export const EVENT_OVERHEAD_BYTES = 26;

export const bytes = (text: string) => Buffer.byteLength(text, "utf8") + EVENT_OVERHEAD_BYTES;

/** An HTTP API request id as API Gateway makes them (`JvTnZhJvSQ0EJ5w=`: 16 characters). */
export const gatewayRequestId = () => `${randomBytes(11).toString("base64").slice(0, 15)}=`;

/** The trace header a traced Lambda invocation gets (`_X_AMZN_TRACE_ID`), and its root, the trace id. */
export function traceHeader() {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString("hex")}`;
  return { root, header: `Root=${root};Parent=${randomBytes(8).toString("hex")};Sampled=1` };
}

/** The bindings `hono/aws-lambda` passes the app as `c.env` (only the fields the app reads). */
export function lambdaBindings(requestId: string, awsRequestId: string) {
  return { event: { requestContext: { requestId } }, lambdaContext: { awsRequestId } };
}

/** The runtime's prefix on a `console.log` / `console.error` line (Node.js runtime, text log format). */
export function consoleLine(json: string, awsRequestId: string, level: string) {
  return `${new Date().toISOString()}\t${awsRequestId}\t${level === "error" ? "ERROR" : "INFO"}\t${json}`;
}

/** Lambda's START, END and REPORT lines of one warm, traced invocation of the 1 GB API function. */
export function invocationLines(awsRequestId: string, traceId: string, ms: number): string[] {
  return [
    `START RequestId: ${awsRequestId} Version: $LATEST`,
    `END RequestId: ${awsRequestId}`,
    `REPORT RequestId: ${awsRequestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: 1024 MB\tMax Memory Used: 148 MB\t\n` +
      `XRAY TraceId: ${traceId}\tSegmentId: ${randomBytes(8).toString("hex")}\tSampled: true\t`,
  ];
}

/** What a cold start adds: the INIT_START line, and `Init Duration` on that invocation's REPORT line. */
export function coldStartLogBytes(initMs: number): number {
  const arn = `arn:aws:lambda:ap-southeast-1::runtime:${randomBytes(32).toString("hex")}`;
  return bytes(`INIT_START Runtime Version: nodejs:24.v12\tRuntime Version ARN: ${arn}`) + Buffer.byteLength(`Init Duration: ${initMs.toFixed(2)} ms\t`);
}

/**
 * The access log line of one request. Behind CloudFront the source address API Gateway sees is an edge's (IPv4),
 * and the user agent is the viewer's, which the `/api/*` behaviour forwards (ALL_VIEWER_EXCEPT_HOST_HEADER):
 * Chrome on Android, the learners' usual browser, in its reduced form.
 */
export function accessLogLine(request: {
  requestId: string;
  lambdaRequestId: string;
  method: string;
  path: string;
  status: number;
  responseBytes: number;
  ms: number;
}): string {
  const latency = Math.ceil(request.ms);
  const values: Record<string, string> = {
    "$context.requestId": request.requestId,
    "$context.integration.requestId": request.lambdaRequestId,
    "$context.requestTime": "06/Dec/2026:10:15:30 +0000",
    "$context.identity.sourceIp": "130.176.212.87",
    "$context.identity.userAgent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "$context.httpMethod": request.method,
    "$context.path": request.path,
    "$context.routeKey": "ANY /api/{proxy+}",
    "$context.status": String(request.status),
    "$context.responseLength": String(request.responseBytes),
    // API Gateway's own share on top of the function's (a few milliseconds in the same region).
    "$context.responseLatency": String(latency + 5),
    "$context.integrationLatency": String(latency),
  };
  // API Gateway writes "-" for a variable without a value (no integration error, no gateway error).
  return ACCESS_LOG_FORMAT.replace(/\$context\.[A-Za-z.]+/g, (name) => values[name] ?? "-");
}

/**
 * DynamoDB's size of an item, the figure its read and write units are counted from: each attribute's name
 * in UTF-8 plus its value (strings in UTF-8; numbers about one byte per two significant digits plus one;
 * booleans and null one byte; lists and maps 3 bytes plus one per element plus the elements).
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  const value = (v: unknown): number => {
    if (typeof v === "string") return Buffer.byteLength(v, "utf8");
    if (typeof v === "number")
      return (
        Math.ceil(
          String(Math.abs(v))
            .replace(/[.e+-]/g, "")
            .replace(/^0+/, "").length / 2,
        ) + 1
      );
    if (typeof v === "boolean" || v === null || v === undefined) return 1;
    if (v instanceof Uint8Array) return v.byteLength;
    if (v instanceof Set) return [...v].reduce((sum: number, e) => sum + value(e), 0);
    if (Array.isArray(v)) return 3 + v.reduce((sum: number, e) => sum + 1 + value(e), 0);
    if (typeof v === "object") return 3 + Object.entries(v as Record<string, unknown>).reduce((sum, [k, e]) => sum + 1 + Buffer.byteLength(k) + value(e), 0);
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + value(v), 0);
}

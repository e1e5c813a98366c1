import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler as apiHandler } from "../../packages/api/src/lambda";
import { emfSink } from "../../packages/api/src/metrics";
import { runJob } from "../../packages/api/src/jobs";
import { handler as workerHandler } from "../../packages/api/src/worker";
import { Job } from "../../packages/core/src/job";
import { captureFor, setMetricSink } from "../../packages/core/src/log";
import type { ChannelName } from "../../packages/core/src/model";
import { Notify } from "../../packages/core/src/notify";
import { answers, importTestCourse } from "../fixtures/course";
import { app, call, seedDemo, signIn } from "./client";

/**
 * The metrics (docs/observability.md) come out where the events happen, driven through the real app against
 * DynamoDB Local with the EMF writer's output captured; and in Lambda, the entries' log and metric lines carry
 * API Gateway's request id, Lambda's and the X-Ray trace id.
 */

type Emitted = { name: string; value: number; channel?: string; line: Record<string, unknown> };

let lines: string[] = [];
let restoreSink: () => void;

/** Every metric value in the captured EMF lines, in order. */
function emitted(): Emitted[] {
  return lines.flatMap((text) => {
    const line = JSON.parse(text) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
    return line._aws.CloudWatchMetrics.flatMap((d) =>
      d.Metrics.map((m) => ({ name: m.Name, value: line[m.Name] as number, channel: line.channel as string | undefined, line })),
    );
  });
}
const total = (name: string) => emitted().reduce((sum, e) => sum + (e.name === name ? e.value : 0), 0);
const names = () => emitted().map((e) => e.name);

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse();
});

beforeEach(() => {
  lines = [];
  restoreSink = setMetricSink(emfSink((line) => lines.push(line), "test"));
});

afterEach(() => {
  restoreSink();
  Notify.useChannels();
});

describe("sign-in", () => {
  it("counts a wrong password as SignInFailed, a right one as SignIn, and a locked-out phone as RateLimited", async () => {
    expect((await call("POST", "/auth/login", { body: { phone: "0912000001", password: "Wrong-password-1" } })).status).toBe(401);
    expect(names()).toEqual(["SignInFailed"]);
    await signIn("0912000001");
    expect(names()).toEqual(["SignInFailed", "SignIn"]);

    // A phone with no account fails the same way; after ten failures it is locked (429), which is not one more.
    lines = [];
    for (let i = 0; i < 10; i++) await call("POST", "/auth/login", { body: { phone: "0987000999", password: "Wrong-password-1" } });
    const locked = await call("POST", "/auth/login", { body: { phone: "0987000999", password: "Wrong-password-1" } });
    expect(locked.status).toBe(429);
    expect(total("SignInFailed")).toBe(10);
    expect(total("RateLimited")).toBe(1);
    expect(total("SignIn")).toBe(0);
  });

  it("does not count a refreshed session as a sign-in", async () => {
    const { refreshToken } = await signIn("0912000005");
    lines = [];
    expect((await call("POST", "/auth/refresh", { body: { refreshToken } })).status).toBe(200);
    expect(names()).toEqual([]);
  });
});

describe("learning", () => {
  it("counts each graded attempt once, replays not at all, and the completion with its certificate once", async () => {
    const { accessToken: token } = await signIn("0912000001");
    lines = [];
    const first = { attemptId: randomUUID(), answers: answers("m1") };
    expect((await call("POST", "/quizzes/test-course.m1/attempts", { token, body: first })).status).toBe(200);
    expect((await call("POST", "/quizzes/test-course.m1/attempts", { token, body: first })).status).toBe(200);
    expect(names()).toEqual(["QuizAttempt"]);
    expect((await call("POST", "/quizzes/test-course.m2/attempts", { token, body: { attemptId: randomUUID(), answers: answers("m2") } })).status).toBe(200);
    expect(total("QuizAttempt")).toBe(2);
    expect(total("CourseCompleted")).toBe(0);

    const events = ["m1", "m2"].flatMap((m) =>
      ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
    );
    expect((await call("POST", "/progress", { token, body: { events } })).status).toBe(200);
    expect(total("CourseCompleted")).toBe(1);
    expect(total("CertificateIssued")).toBe(1);

    // Practising again after the certificate is an attempt, not another completion.
    expect((await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId: randomUUID(), answers: answers("m1") } })).status).toBe(200);
    expect(total("QuizAttempt")).toBe(3);
    expect(total("CourseCompleted")).toBe(1);
    expect(total("CertificateIssued")).toBe(1);
  });
});

describe("exports and imports", () => {
  it("count each completed export and import with how long it took; a dry run is not an import", async () => {
    const { accessToken: sla } = await signIn("0912000003");
    lines = [];
    expect((await call("POST", "/admin/exports", { token: sla, body: { unitId: "sla", format: "csv" } })).status).toBe(202);
    await Job.idle();
    expect(total("ExportCompleted")).toBe(1);
    const exportLine = emitted().find((e) => e.name === "ExportCompleted")!.line;
    expect(exportLine.ExportDurationMs).toEqual(expect.any(Number));
    expect(exportLine.ExportDurationMs as number).toBeGreaterThanOrEqual(0);

    const csv = (rows: number, from: number) =>
      [
        "fullName,phone,unitCode,role",
        ...Array.from({ length: rows }, (_, i) => `Người ${i},09840${String(from + i).padStart(5, "0")},SLA-MUONGBU-HUANGAY,member`),
      ].join("\n");
    const post = (dryRun: boolean, body: string) =>
      app.request(`/api/v1/admin/members/import?dryRun=${dryRun}`, {
        method: "POST",
        headers: { authorization: `Bearer ${sla}`, "content-type": "text/csv" },
        body,
      });
    expect((await post(true, csv(2, 0))).status).toBe(200);
    expect(total("ImportCompleted")).toBe(0);
    // Small: imported in the request.
    expect((await post(false, csv(2, 0))).status).toBe(200);
    expect(total("ImportCompleted")).toBe(1);
    // Over 200 rows: queued, and counted when its job is done.
    expect((await post(false, csv(201, 100))).status).toBe(202);
    expect(total("ImportCompleted")).toBe(1);
    await Job.idle();
    expect(total("ImportCompleted")).toBe(2);
    const durations = emitted().filter((e) => e.name === "ImportDurationMs");
    expect(durations).toHaveLength(2);
    for (const d of durations) expect(d.value).toBeGreaterThanOrEqual(0);
  });
});

describe("notifications", () => {
  it("count a channel's failure and its later success, per channel", async () => {
    const userId = (await signIn("0912000001")).user.id;
    let failures = 1;
    const carried: string[] = [];
    const sms: Notify.Channel = {
      name: "sms" satisfies ChannelName,
      available: () => true,
      async send(_to, message) {
        if (failures-- > 0) throw new Error("sms provider is down");
        carried.push(message.text);
      },
    };
    Notify.useChannels([sms]);
    lines = [];
    // A code the person asked for goes on one channel, consent or not.
    const message = { userId, kind: "password_reset" as const, text: "Mã: 123456", key: `test:observability:${randomUUID()}`, urgent: true };
    await expect(Notify.deliver(message)).rejects.toThrow(/sms provider is down/);
    expect(emitted().map((e) => [e.name, e.channel])).toEqual([["NotificationFailed", "sms"]]);
    await Notify.deliver(message);
    expect(carried).toEqual(["Mã: 123456"]);
    expect(emitted().map((e) => [e.name, e.channel])).toEqual([
      ["NotificationFailed", "sms"],
      ["NotificationSent", "sms"],
    ]);
  });
});

describe("in Lambda", () => {
  const GATEWAY_ID = "JvTnZhJvSQ0EJ5w=";
  const TRACE_ROOT = "1-67a1b2c3-0123456789abcdef01234567";
  const context = (awsRequestId: string) => ({
    awsRequestId,
    functionName: "kns-test-Api",
    getRemainingTimeInMillis: () => 10_000,
  });
  let stdout: string[];
  let logged: Record<string, unknown>[];
  let stopLogs: () => void;

  beforeEach(() => {
    // The entries install their own metric writer, as they do in AWS.
    restoreSink();
    setMetricSink(undefined);
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "kns-test-Api");
    vi.stubEnv("STAGE", "test");
    vi.stubEnv("_X_AMZN_TRACE_ID", `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`);
    stdout = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    logged = [];
    stopLogs = captureFor((line) => logged.push(line));
  });

  afterEach(() => {
    stopLogs();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    setMetricSink(undefined);
  });

  afterAll(() => setMetricSink(undefined));

  it("the API answers with API Gateway's request id and writes its logs and metrics under it, the invocation's id and the trace id", async () => {
    const awsRequestId = randomUUID();
    const body = JSON.stringify({ phone: "0987000111", password: "Wrong-password-1" });
    const event = {
      version: "2.0",
      routeKey: "ANY /api/{proxy+}",
      rawPath: "/api/v1/auth/login",
      rawQueryString: "",
      headers: { "content-type": "application/json", "content-length": String(body.length), host: "abc123.execute-api.ap-southeast-1.amazonaws.com" },
      requestContext: {
        accountId: "123456789012",
        apiId: "abc123",
        domainName: "abc123.execute-api.ap-southeast-1.amazonaws.com",
        domainPrefix: "abc123",
        http: { method: "POST", path: "/api/v1/auth/login", protocol: "HTTP/1.1", sourceIp: "130.176.1.1", userAgent: "Amazon CloudFront" },
        requestId: GATEWAY_ID,
        routeKey: "ANY /api/{proxy+}",
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body,
      isBase64Encoded: false,
    };
    const result = (await apiHandler(event as never, context(awsRequestId) as never)) as { statusCode: number; headers: Record<string, string> };
    expect(result.statusCode).toBe(401);
    expect(result.headers["x-request-id"]).toBe(GATEWAY_ID);

    const ids = { requestId: GATEWAY_ID, awsRequestId, traceId: TRACE_ROOT };
    const metricLines = stdout.filter((line) => line.startsWith('{"_aws"')).map((line) => JSON.parse(line));
    expect(metricLines).toEqual([expect.objectContaining({ stage: "test", SignInFailed: 1, ...ids })]);
    expect(logged.map((line) => line.event)).toEqual(expect.arrayContaining(["auth.login_failed", "request"]));
    for (const line of logged) expect(line).toMatchObject(ids);
  });

  it("the worker writes its logs and metrics under Lambda's request id and the trace id", async () => {
    const awsRequestId = randomUUID();
    const event = {
      Records: [{ messageId: randomUUID(), body: JSON.stringify({ kind: "no-such-job" }), eventSource: "aws:sqs" }],
    };
    const result = await workerHandler(event as never, context(awsRequestId));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.messageId }] });

    const ids = { requestId: awsRequestId, awsRequestId, traceId: TRACE_ROOT };
    const metricLines = stdout.filter((line) => line.startsWith('{"_aws"')).map((line) => JSON.parse(line));
    expect(metricLines).toEqual([expect.objectContaining({ stage: "test", JobFailed: 1, ...ids })]);
    expect(logged).toEqual([expect.objectContaining({ event: "job.failed", kind: "no-such-job", ...ids })]);
  });
});

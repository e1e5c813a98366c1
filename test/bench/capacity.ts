import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createApp } from "../../packages/api/src/app";
import { emfSink } from "../../packages/api/src/metrics";
import { db } from "../../packages/core/src/db/client";
import { captureFor, setMetricSink } from "../../packages/core/src/log";
import { progressKeys } from "../../packages/core/src/progress/progress.entity";
import { Unit } from "../../packages/core/src/unit";
import { unitKeys } from "../../packages/core/src/unit/unit.entity";
import { User } from "../../packages/core/src/user";
import { userKeys } from "../../packages/core/src/user/user.entity";
import type { PlannedCourse } from "./course-plan";
import { accessLogLine, bytes, consoleLine, dynamoItemBytes, gatewayRequestId, invocationLines, lambdaBindings, traceHeader } from "./log-lines";
import { BENCH_PASSWORD, phone } from "./seed";
import { round } from "./stats";

export interface CapacityResult {
  rcuPerJourney: number;
  wcuPerJourney: number;
  requestsPerJourney: number;
  dbCallsPerJourney: number;
  /** Sum of the handlers' durations in this process (what Lambda would bill, DynamoDB Local latency included). */
  handlerMsPerJourney: number;
  /** The same with each request rounded up to a whole millisecond, as Lambda bills. */
  billedMsPerJourney: number;
  responseBytesPerJourney: number;
  /**
   * CloudWatch Logs bytes of the journey as it would run in Lambda (log-lines.ts): the app's lines with the
   * runtime's prefix, the metric (EMF) lines, Lambda's START/END/REPORT lines, and the access log lines.
   */
  appLogBytesPerJourney: number;
  metricLinesPerJourney: number;
  metricLogBytesPerJourney: number;
  lambdaLogBytesPerJourney: number;
  accessLogBytesPerJourney: number;
  /** DynamoDB sizes of the learner's user item and completed progress item: what a reminder tick reads per member. */
  userItemBytes: number;
  progressItemBytes: number;
  source: "dynamodb-local";
  byRequest: { request: string; ms: number; rcu: number; wcu: number; calls: number; logBytes: number }[];
  byCommand: Record<string, { calls: number; rcu: number; wcu: number }>;
  /**
   * Write units per journey by partition: the learner's lineage (nation, province, commune, team) and every other
   * partition by the kind of key (`USER`, `PROGRESS`…). Counted from the commands' keys, one unit per item of
   * up to 1 KB (counters and markers are), doubled inside a transaction, as DynamoDB bills them. What the nation's
   * partition takes at a campaign's peak is this times the journeys a second (docs/performance.md).
   */
  partitionWritesPerJourney: Record<string, number>;
}

const READS = new Set(["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);

type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const units = (consumed: Consumed) => (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/**
 * One learner completes a course through the API in this process (`createApp().request`, the Hono app the
 * Lambda runs) against the server's DynamoDB Local, with ReturnConsumedCapacity TOTAL added to every command
 * by a middleware on core's document client. DynamoDB Local reports consumed capacity by DynamoDB's rules
 * (4 KB read units, halved when eventually consistent; 1 KB write units; transactions doubled; GSI writes
 * included), so the figures are what it reports — no estimate from item sizes is needed.
 *
 * The journey is what the learner app does: sign in, catalogue (courses + my progress), the course, then for
 * each module every lesson completion (one outbox event each, sent online), the quiz, a passing attempt and
 * the course page again; finally the certificate list.
 */
export async function capacity(course: PlannedCourse, teamId: string): Promise<CapacityResult> {
  const learner = await User.ensure({ phone: phone("0972", 1), fullName: "Lò Văn Đo", password: BENCH_PASSWORD, roles: ["member"], unitId: teamId });
  const app = createApp();
  const { doc } = db();
  let current = { rcu: 0, wcu: 0, calls: 0 };
  let logged = { app: 0, metricLines: 0, metrics: 0 };
  const byCommand: CapacityResult["byCommand"] = {};
  const name = "benchConsumedCapacity";
  const team = await Unit.mustGet(teamId);
  const lineageNames = ["nation", "province", "commune", "team"];
  const lineagePartitions = new Map(
    team.path
      .split("/")
      .filter(Boolean)
      .map((id, depth) => [unitKeys.partition(id), lineageNames[depth] ?? `depth ${depth}`]),
  );
  const partitionWrites: Record<string, number> = {};
  const wrote = (key: Record<string, unknown> | undefined, units: number) => {
    // The document client's middleware may see the input before or after marshalling: "x" or { S: "x" }.
    const raw = key?.pk as string | { S?: string } | undefined;
    const pk = typeof raw === "string" ? raw : (raw?.S ?? "");
    if (!pk) return;
    const label = lineagePartitions.get(pk) ?? pk.split("#")[0] ?? pk;
    partitionWrites[label] = (partitionWrites[label] ?? 0) + units;
  };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      tallyPartitionWrites(String((context as { commandName?: string }).commandName), input, wrote);
      const command = String((context as { commandName?: string }).commandName ?? "unknown");
      const consumed = units((result.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity);
      byCommand[command] ??= { calls: 0, rcu: 0, wcu: 0 };
      const entry = byCommand[command];
      entry.calls++;
      current.calls++;
      if (READS.has(command)) {
        entry.rcu += consumed;
        current.rcu += consumed;
      } else {
        entry.wcu += consumed;
        current.wcu += consumed;
      }
      return result;
    },
    { step: "initialize", name },
  );

  // The log lines the requests write, as Lambda would ship them: the app's through the logger's capture hook (it
  // sees every line, LOG_LEVEL=silent or not), the metric lines through the same EMF writer the functions install.
  let awsRequestId = "";
  const stopCapture = captureFor((line) => {
    logged.app += bytes(consoleLine(JSON.stringify(line), String(line.awsRequestId ?? awsRequestId), String(line.level)));
  });
  const restoreMetrics = setMetricSink(
    emfSink((line) => {
      logged.metricLines++;
      logged.metrics += bytes(line);
    }, "prod"),
  );
  const traceVariable = process.env._X_AMZN_TRACE_ID;
  const byRequest: CapacityResult["byRequest"] = [];
  const logTotals = { app: 0, metricLines: 0, metrics: 0, lambda: 0, access: 0 };
  let token = "";
  let responseBytes = 0;
  const call = async (method: string, path: string, body?: unknown) => {
    current = { rcu: 0, wcu: 0, calls: 0 };
    logged = { app: 0, metricLines: 0, metrics: 0 };
    // Each request as a traced invocation behind API Gateway: the ids the app logs come from these.
    const requestId = gatewayRequestId();
    awsRequestId = randomUUID();
    const trace = traceHeader();
    process.env._X_AMZN_TRACE_ID = trace.header;
    const started = performance.now();
    const response = await app.request(
      `/api/v1${path}`,
      {
        method,
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      lambdaBindings(requestId, awsRequestId),
    );
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    responseBytes += Buffer.byteLength(text);
    const lambdaLines = invocationLines(awsRequestId, trace.root, ms).reduce((sum, line) => sum + bytes(line), 0);
    const access = bytes(
      accessLogLine({
        requestId,
        lambdaRequestId: awsRequestId,
        method,
        path: `/api/v1${path}`,
        status: response.status,
        responseBytes: Buffer.byteLength(text),
        ms,
      }),
    );
    logTotals.app += logged.app;
    logTotals.metricLines += logged.metricLines;
    logTotals.metrics += logged.metrics;
    logTotals.lambda += lambdaLines;
    logTotals.access += access;
    byRequest.push({
      request: `${method} ${path.replace(/[0-9a-f-]{36}/g, ":id")}`,
      ms,
      ...current,
      logBytes: logged.app + logged.metrics + lambdaLines + access,
    });
    return JSON.parse(text || "null") as Record<string, any>;
  };

  try {
    const session = await call("POST", "/auth/login", { phone: learner.phone, password: BENCH_PASSWORD });
    token = session.accessToken as string;
    await call("GET", "/courses");
    await call("GET", "/me/progress");
    await call("GET", `/courses/${course.id}`);
    for (const module of course.modules) {
      for (const lessonId of module.lessonIds) {
        await call("POST", "/progress", { events: [{ id: randomUUID(), type: "lesson.completed", courseId: course.id, lessonId }] });
      }
      await call("GET", `/quizzes/${module.quizId}`);
      const attempt = await call("POST", `/quizzes/${module.quizId}/attempts`, { attemptId: randomUUID(), ...module.attemptFor(learner.id) });
      if (!attempt.passed) throw new Error(`The planned answers did not pass ${module.quizId}`);
      await call("GET", `/courses/${course.id}`);
    }
    const certificates = await call("GET", "/me/certificates");
    if (!(certificates.items as unknown[]).length) throw new Error("The journey did not end with a certificate");
  } finally {
    doc.middlewareStack.remove(name);
    stopCapture();
    restoreMetrics();
    if (traceVariable === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = traceVariable;
  }
  // What a reminder tick reads for each member of a campaign's teams (the user and their progress records).
  const { table } = db();
  const [{ Item: userItem }, { Item: progressItem }] = await Promise.all([
    doc.send(new GetCommand({ TableName: table, Key: userKeys.user(learner.id) })),
    doc.send(new GetCommand({ TableName: table, Key: progressKeys.progress(learner.id, course.id) })),
  ]);
  const sum = (key: "rcu" | "wcu" | "ms" | "calls") => byRequest.reduce((total, r) => total + r[key], 0);
  return {
    rcuPerJourney: round(sum("rcu"), 1),
    wcuPerJourney: round(sum("wcu"), 1),
    requestsPerJourney: byRequest.length,
    dbCallsPerJourney: sum("calls"),
    handlerMsPerJourney: round(sum("ms")),
    billedMsPerJourney: byRequest.reduce((total, r) => total + Math.ceil(r.ms), 0),
    responseBytesPerJourney: responseBytes,
    appLogBytesPerJourney: logTotals.app,
    metricLinesPerJourney: logTotals.metricLines,
    metricLogBytesPerJourney: logTotals.metrics,
    lambdaLogBytesPerJourney: logTotals.lambda,
    accessLogBytesPerJourney: logTotals.access,
    userItemBytes: userItem ? dynamoItemBytes(userItem) : 0,
    progressItemBytes: progressItem ? dynamoItemBytes(progressItem) : 0,
    source: "dynamodb-local",
    byRequest: byRequest.map((r) => ({ ...r, ms: round(r.ms, 1), rcu: round(r.rcu, 1), wcu: round(r.wcu, 1) })),
    byCommand,
    partitionWritesPerJourney: Object.fromEntries(Object.entries(partitionWrites).sort((a, b) => b[1] - a[1])),
  };
}

/** Adds a write command's items to `wrote` by partition key: 1 unit an item, 2 inside a transaction. */
function tallyPartitionWrites(command: string, input: Record<string, any>, wrote: (key: Record<string, unknown> | undefined, units: number) => void) {
  if (command === "PutItemCommand") wrote(input.Item, 1);
  else if (command === "UpdateItemCommand" || command === "DeleteItemCommand") wrote(input.Key, 1);
  else if (command === "TransactWriteItemsCommand")
    for (const item of input.TransactItems ?? []) {
      const write = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
      if (write) wrote(write.Item ?? write.Key, 2);
    }
  else if (command === "BatchWriteItemCommand")
    for (const requests of Object.values(input.RequestItems ?? {}) as any[])
      for (const request of requests) if (request.PutRequest || request.DeleteRequest) wrote(request.PutRequest?.Item ?? request.DeleteRequest?.Key, 1);
}

import { randomUUID } from "node:crypto";
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../packages/core/src/db/client";
import { Job } from "../../packages/core/src/job";
import { objects } from "../../packages/core/src/storage";
import { Unit } from "../../packages/core/src/unit";
import { runJob } from "../../packages/api/src/jobs";
import { answers, importTestCourse } from "../fixtures/course";
import { type Fault, fault, injectFault } from "./fault-injection";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

/**
 * Faults DynamoDB Local cannot produce, injected with aws-sdk-client-mock on the real client: the listed
 * commands fail, everything else goes through to DynamoDB Local. After each fault the stored state is
 * checked to be fully before, and a client retry converges to exactly once.
 */
const throttled = fault("ThrottlingException", { $retryable: { throttling: true } });
const serverError = fault("InternalServerError");
const timeout = fault("TimeoutError");
const cancelled = fault("TransactionCanceledException", { CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }] });

let stub: AwsStub<any, any, any> | undefined;

/** Fails the next `times` calls of `command` (optionally only those matching `when`) with `make`. */
function inject(command: unknown, make: Fault, times = 1, when: (input: any) => boolean = () => true) {
  stub = injectFault(command, make, times, when);
}

afterEach(() => {
  stub?.restore();
  stub = undefined;
});

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse();
});

const registration = (phone: string) => ({ phone, password: "RuongBac2026", fullName: "Lừ Văn Hải", joinCode: "DEMO-SONLA", consent: true });

describe("registration under faults", () => {
  it.each([
    ["throttling", throttled, 503],
    ["a server error", serverError, 503],
    ["a timeout", timeout, 503],
    ["a cancelled transaction", cancelled, 409],
  ])("answers %s with a retryable error and leaves nothing half-written", async (_label, make, status) => {
    const phone = `098${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const membersBefore = (await Unit.stats("sla")).members;
    inject(TransactWriteCommand, make);
    const res = await call("POST", "/auth/register", { body: registration(phone) });
    stub!.restore();
    expect(res.status).toBe(status);
    expect(expectErrorShape(res.json).code).toMatch(/^db\./);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await Unit.stats("sla")).members).toBe(membersBefore);
    const { doc, table } = db();
    expect((await doc.send(new GetCommand({ TableName: table, Key: { pk: `PHONE#${phone}`, sk: "PHONE" } }))).Item).toBeUndefined();
    const retry = await call("POST", "/auth/register", { body: registration(phone) });
    expect(retry.status).toBe(201);
    expect((await Unit.stats("sla")).members).toBe(membersBefore + 1);
  });
});

describe("learning writes under faults", () => {
  it("a failed attempt write counts nothing; the retry with the same attemptId counts once", async () => {
    const { accessToken: token } = await signIn("0912000005");
    const attemptId = randomUUID();
    inject(TransactWriteCommand, throttled);
    const failed = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId, answers: answers("m1") } });
    stub!.restore();
    expect(failed.status).toBe(503);
    expect((await call("GET", "/courses/test-course", { token })).json.progress.quizzes["test-course.m1"]).toBeUndefined();
    const ok = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId, answers: answers("m1") } });
    const again = await call("POST", "/quizzes/test-course.m1/attempts", { token, body: { attemptId, answers: answers("m1") } });
    expect(ok.status).toBe(200);
    expect(again.json).toEqual(ok.json);
    expect((await call("GET", "/courses/test-course", { token })).json.progress.quizzes["test-course.m1"].attempts).toBe(1);
  });

  it("keys a batch read leaves unprocessed are read again; if they stay unprocessed, 503 and nothing counted", async () => {
    const { accessToken: token } = await signIn("0912000002");
    const unprocessedOnce = (times: number) => {
      const { doc } = db();
      const realSend = doc.send.bind(doc) as (cmd: unknown) => Promise<unknown>;
      stub = mockClient(doc as DynamoDBDocumentClient);
      let left = times;
      for (const Command of [GetCommand, PutCommand, UpdateCommand, QueryCommand, TransactWriteCommand] as (new (
        input: any,
      ) => unknown)[]) {
        stub.on(Command as never).callsFake(async (input: any) => realSend(new Command(input)));
      }
      // What DynamoDB answers when throttled part-way: no error, the keys handed back as unprocessed.
      stub
        .on(BatchGetCommand)
        .callsFake(async (input: any) => (left-- > 0 ? { Responses: {}, UnprocessedKeys: input.RequestItems } : realSend(new BatchGetCommand(input))));
    };
    const attempt = { attemptId: randomUUID(), answers: answers("m2") };
    unprocessedOnce(2);
    const ok = await call("POST", "/quizzes/test-course.m2/attempts", { token, body: attempt });
    stub!.restore();
    expect(ok.status).toBe(200);
    unprocessedOnce(100);
    const busy = await call("POST", "/quizzes/test-course.m2/attempts", { token, body: { ...attempt, attemptId: randomUUID() } });
    stub!.restore();
    expect(busy.status).toBe(503);
    expect((await call("GET", "/courses/test-course", { token })).json.progress.quizzes["test-course.m2"].attempts).toBe(1);
  });

  it("reads that time out answer 503, not 500", async () => {
    const { accessToken: token } = await signIn("0912000001");
    inject(GetCommand, timeout, 1, (input) => String(input.Key?.sk ?? "").startsWith("VERSION#") || String(input.Key?.sk) === "META");
    const res = await call("GET", "/courses/test-course", { token });
    expect(res.status).toBe(503);
    expectErrorShape(res.json);
  });

  it("the write that completes a course fails whole: no certificate, no counters; the retry issues exactly one", async () => {
    const reg = await call("POST", "/auth/register", { body: registration("0988777666") });
    const token = reg.json.accessToken as string;
    const before = (await Unit.stats("sla")).completedByCourse["test-course"] ?? 0;
    for (const m of ["m1", "m2"]) await call("POST", `/quizzes/test-course.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    const events = ["m1", "m2"].flatMap((m) =>
      ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
    );
    await call("POST", "/progress", { token, body: { events: events.slice(0, 3) } });
    // The last event is the one that completes the course: its transaction carries the certificate.
    inject(TransactWriteCommand, serverError, 1, (input) => input.TransactItems.some((item: any) => String(item.Put?.Item?.pk ?? "").startsWith("CERT#")));
    const failed = await call("POST", "/progress", { token, body: { events: events.slice(3) } });
    stub!.restore();
    expect(failed.status).toBe(503);
    expect((await call("GET", "/me/certificates", { token })).json.items).toEqual([]);
    expect((await Unit.stats("sla")).completedByCourse["test-course"] ?? 0).toBe(before);
    const retried = await call("POST", "/progress", { token, body: { events } });
    expect(retried.json.accepted).toHaveLength(4);
    expect((await call("GET", "/me/certificates", { token })).json.items).toHaveLength(1);
    expect((await Unit.stats("sla")).completedByCourse["test-course"]).toBe(before + 1);
  });
});

describe("background jobs under faults", () => {
  it("an export whose reads are throttled is marked failed with a reason and stores nothing, and a new request succeeds", async () => {
    const { accessToken: token } = await signIn("0912000003");
    inject(QueryCommand, throttled, 100, (input) => String(input.ExpressionAttributeValues?.[":pk"] ?? "").startsWith("MEMBERS#"));
    const started = await call("POST", "/admin/exports", { token, body: { unitId: "sla", format: "csv" } });
    await Job.idle();
    stub!.restore();
    const status = await call("GET", `/admin/exports/${started.json.id}`, { token });
    expect(status.json).toMatchObject({ status: "failed" });
    expect(status.json.error).toBeTruthy();
    expect(status.json.downloadUrl).toBeUndefined();
    // The CSV streams to storage as it is read: the rows before the fault must not be left as a partial list.
    expect(await objects().exists(`exports/${started.json.id}.csv`)).toBe(false);
    const again = await call("POST", "/admin/exports", { token, body: { unitId: "sla", format: "csv" } });
    await Job.idle();
    expect((await call("GET", `/admin/exports/${again.json.id}`, { token })).json.status).toBe("done");
    expect(await objects().exists(`exports/${again.json.id}.csv`)).toBe(true);
  });

  it("an import interrupted by a fault converges when the same file is sent again", async () => {
    const { accessToken: token } = await signIn("0912000003");
    const csv = [
      "fullName,phone,unitCode,role",
      "Lò Văn Một,0971000001,SLA-MOCCHAU-TK1,member",
      "Lò Văn Hai,0971000002,SLA-MOCCHAU-TK1,member",
      "Lò Văn Ba,0971000003,SLA-MOCCHAU-TK1,member",
    ].join("\n");
    const send = () =>
      Promise.resolve(
        app.request("/api/v1/admin/members/import?dryRun=false", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
          body: csv,
        }),
      ).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));
    let writes = 0;
    inject(TransactWriteCommand, throttled, 1, () => ++writes === 2);
    const first = await send();
    stub!.restore();
    expect(first.status).toBe(503);
    const second = await send();
    expect(second.json).toMatchObject({ created: 2, unchanged: 1, errors: [] });
    expect((await Unit.stats("sla-mocchau-tk1")).pending).toBe(3);
    expect((await send()).json).toMatchObject({ created: 0, unchanged: 3 });
  });
});

import { randomUUID } from "node:crypto";
import net from "node:net";
import { HttpRequest } from "@smithy/protocol-http";
import autocannon, { type AutocannonRequest, type Client, type Options, type Result } from "autocannon";
import { db } from "../../packages/core/src/db/client";
import { queryAll } from "../../packages/core/src/db/query";
import { Progress } from "../../packages/core/src/progress";
import { Quiz } from "../../packages/core/src/quiz";
import { Unit } from "../../packages/core/src/unit";
import { coursePlan, type PlannedCourse } from "./course-plan";
import { LOCAL_AUTHORIZATION, RawDynamo } from "./ddb";
import { BENCH_PASSWORD, createTree, loopbackAddress, request, seedMembers, signInAll, type Member, type SignedIn } from "./seed";
import type { BenchServer } from "./server";
import { median, pool, round, sleep } from "./stats";

export interface ApiLoadOptions {
  /** Concurrent clients for the attempt latency and its DynamoDB floor. */
  connections: number;
  attemptSeconds: number;
  learners: number;
  journeySeconds: number;
}

export const DEFAULT_API_LOAD: ApiLoadOptions = { connections: 50, attemptSeconds: 20, learners: 200, journeySeconds: 60 };

export interface ApiLoadResult {
  signInP50Ms: number;
  attemptP50Ms: number;
  attemptP90Ms: number;
  attemptP99Ms: number;
  attemptRps: number;
  attemptCount: number;
  attemptNon2xx: number;
  attemptStatus: Record<string, number>;
  dbFloorP50Ms: number;
  dbFloorP90Ms: number;
  dbFloorP99Ms: number;
  dbFloorRps: number;
  dbFloorCount: number;
  dbFloorFailed: number;
  dbFloorItems: number;
  journeyRps: number;
  journeyRequests: number;
  journeyErrors: number;
  journeyStatus: Record<string, number>;
  journeyP50Ms: number;
  journeyP99Ms: number;
  journeySignIns: number;
  journeyAcceptedAttempts: number;
  journeyAcceptedEvents: number;
  journeyStoredAttempts: number;
  journeyLostSubmissions: number;
  journeyCounterMismatches: number;
  journeyCompletions: number;
  notes: string[];
}

function run(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options);
    (instance as unknown as PromiseLike<Result>).then(resolve, reject);
  });
}

/**
 * Makes autocannon's connection number `index` connect from its own loopback address (each simulated phone is
 * its own client address, as in the field) and keep a per-connection slot in its request context. autocannon
 * clears the context after every pass over `requests`, so the slot lives in `initialContext`.
 */
function perConnection(setup: (index: number) => { localAddress?: string }) {
  let next = 0;
  return (client: Client) => {
    const index = next++;
    const { localAddress } = setup(index);
    client.requestIterator.initialContext = { slot: index };
    client.requestIterator.resetContext();
    client.requestIterator.rebuildRequest();
    if (localAddress) {
      const connect = Object.getPrototypeOf(client)._connect as () => void;
      client._connect = function () {
        const original = net.connect;
        (net as { connect: unknown }).connect = (port: number, host: string) => original({ port, host, localAddress });
        try {
          connect.call(this);
        } finally {
          (net as { connect: unknown }).connect = original;
        }
      };
    }
  };
}

const json = (token?: string): Record<string, string> => ({ "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) });

/** Every status code autocannon saw, e.g. { "200": 5123, "429": 3 }. */
const statuses = (result: Result) => Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));

// ---------------------------------------------------------------------------------------------- attempts

async function attemptLoad(server: BenchServer, users: SignedIn[], plan: PlannedCourse[], options: ApiLoadOptions) {
  const module = plan[0]!.modules[0]!;
  const path = `/api/v1/quizzes/${module.quizId}/attempts`;
  const perConnectionUsers = Math.floor(users.length / options.connections);
  const counts = new Array<number>(options.connections).fill(0);
  const requests: AutocannonRequest[] = [
    {
      method: "POST",
      path,
      setupRequest(req, context) {
        if (context.slot === undefined) return { ...req, headers: json(users[0]!.accessToken), body: JSON.stringify({ attemptId: randomUUID(), answers: module.answers }) };
        // Connection i takes turns among its own users, so no two requests of one learner are ever in flight.
        const slot = context.slot as number;
        const user = users[slot + options.connections * (counts[slot]++ % perConnectionUsers)]!;
        return { ...req, headers: json(user.accessToken), body: JSON.stringify({ attemptId: randomUUID(), answers: module.answers }) };
      },
    },
  ];
  const base = { url: server.baseUrl, connections: options.connections, excludeErrorStats: true, timeout: 30, requests };
  await run({ ...base, duration: 3, setupClient: perConnection(() => ({})) });
  return run({ ...base, duration: options.attemptSeconds, setupClient: perConnection(() => ({})) });
}

// ----------------------------------------------------------------------------------------------- db floor

/** Catches the wire body of the next TransactWriteItems this process sends through core's document client. */
async function captureTransaction(action: () => Promise<unknown>): Promise<Record<string, any>> {
  const { doc } = db();
  let captured: string | undefined;
  const name = "benchCaptureTransaction";
  doc.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request;
      if (HttpRequest.isInstance(req) && String(req.headers["x-amz-target"] ?? "").endsWith("TransactWriteItems")) captured = String(req.body);
      return next(args);
    },
    { step: "finalizeRequest", name },
  );
  try {
    await action();
  } finally {
    doc.middlewareStack.remove(name);
  }
  if (!captured) throw new Error("No TransactWriteItems was sent");
  return JSON.parse(captured) as Record<string, any>;
}

/**
 * The transaction behind one graded attempt (marker Put, progress Put conditional on the revision, score and
 * activity counters of the team and each ancestor), captured from core in this process, then sent straight to
 * DynamoDB Local by autocannon with the same concurrency: the floor under the API's attempt latency.
 */
async function dbFloor(server: BenchServer, raw: RawDynamo, user: SignedIn, plan: PlannedCourse[], options: ApiLoadOptions) {
  const module = plan[0]!.modules[0]!;
  const template = await captureTransaction(() => Quiz.submit(user.id, module.quizId, { attemptId: randomUUID(), answers: module.answers }));
  const items = template.TransactItems as Record<string, any>[];
  const markerIndex = items.findIndex((item) => item.Put?.Item?.sk?.S?.startsWith("ATTEMPT#"));
  const progressIndex = items.findIndex((item) => item.Put?.Item?.sk?.S?.startsWith("PROGRESS#"));
  if (markerIndex < 0 || progressIndex < 0) throw new Error("The captured attempt transaction has no marker or progress Put");
  const progressItem = items[progressIndex].Put.Item as Record<string, any>;
  const floorUsers = Array.from({ length: options.connections }, (_, i) => `bench-floor-${i}`);
  const revisions = floorUsers.map(() => 1);
  await raw.putAll(
    floorUsers.map((id) => ({
      ...progressItem,
      pk: { S: `USER#${id}` },
      userId: { S: id },
      gsi2sk: { S: `${plan[0]!.id}#${id}` },
      revision: { N: "1" },
    })),
  );
  let failed = 0;
  const body = (slot: number) => {
    const id = floorUsers[slot]!;
    const transactItems = items.map((item, index) => {
      if (index === markerIndex) return { Put: { ...item.Put, Item: { ...item.Put.Item, pk: { S: `USER#${id}` }, sk: { S: `ATTEMPT#${randomUUID()}` } } } };
      if (index === progressIndex) {
        return {
          Put: {
            ...item.Put,
            Item: { ...progressItem, pk: { S: `USER#${id}` }, userId: { S: id }, gsi2sk: { S: `${plan[0]!.id}#${id}` }, revision: { N: String(revisions[slot]! + 1) } },
            ExpressionAttributeValues: { ":revision": { N: String(revisions[slot]) } },
          },
        };
      }
      return item;
    });
    return JSON.stringify({ ...template, TransactItems: transactItems, ClientRequestToken: randomUUID() });
  };
  const requests: AutocannonRequest[] = [
    {
      method: "POST",
      path: "/",
      setupRequest(req, context) {
        return { ...req, body: body((context.slot as number | undefined) ?? 0) };
      },
      onResponse(status, _body, context) {
        if (status === 200) revisions[context.slot as number]! += 1;
        else failed++;
      },
    },
  ];
  const base = {
    url: server.dynamoEndpoint,
    connections: options.connections,
    excludeErrorStats: true,
    timeout: 30,
    headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.TransactWriteItems", Authorization: LOCAL_AUTHORIZATION },
    requests,
  };
  await run({ ...base, duration: 3, setupClient: perConnection(() => ({})) });
  failed = 0;
  const result = await run({ ...base, duration: options.attemptSeconds, setupClient: perConnection(() => ({})) });
  return { result, failed, itemCount: items.length };
}

// ------------------------------------------------------------------------------------------------ journey

interface Slot {
  learner?: Member;
  token?: string;
  course: number;
  module: number;
  finished: boolean;
  events: string[];
  attemptId?: string;
  signingIn: boolean;
}

/**
 * 200 learners at once, each on its own connection from its own address, for 60 s: sign in (first pass; a
 * signed-in learner re-reads `/me` instead), catalogue, course, three lesson completions (a module with two
 * lessons sends its last event again, as an outbox replaying after a lost answer does), the quiz, and a
 * passing attempt; then the next module, course after course. A learner who finishes everything hands the
 * connection to a new learner, who signs in.
 */
async function journey(server: BenchServer, learners: Member[], plan: PlannedCourse[], options: ApiLoadOptions) {
  const slots: Slot[] = [];
  let nextLearner = 0;
  let signIns = 0;
  const acceptedEvents: { userId: string; id: string }[] = [];
  const acceptedAttempts: { userId: string; id: string }[] = [];
  const slotOf = (context: Record<string, any>) => slots[context.slot as number];
  const current = (slot: Slot) => plan[slot.course]!.modules[slot.module]!;

  const requests: AutocannonRequest[] = [
    {
      setupRequest(req, context) {
        const slot = slotOf(context);
        if (!slot) return { ...req, method: "GET", path: "/api/v1/health" };
        if (!slot.learner || slot.finished) {
          slot.learner = learners[nextLearner++ % learners.length];
          Object.assign(slot, { token: undefined, course: 0, module: 0, finished: false });
        }
        slot.signingIn = !slot.token;
        if (slot.signingIn) {
          return { ...req, method: "POST", path: "/api/v1/auth/login", headers: json(), body: JSON.stringify({ phone: slot.learner!.phone, password: BENCH_PASSWORD }) };
        }
        return { ...req, method: "GET", path: "/api/v1/me", headers: json(slot.token), body: "" };
      },
      onResponse(status, body, context) {
        const slot = slotOf(context);
        if (slot?.signingIn && status === 200) {
          slot.token = (JSON.parse(body) as { accessToken: string }).accessToken;
          signIns++;
        }
      },
    },
    {
      setupRequest(req, context) {
        const slot = slotOf(context)!;
        return { ...req, method: "GET", path: "/api/v1/courses", headers: json(slot.token), body: "" };
      },
    },
    {
      setupRequest(req, context) {
        const slot = slotOf(context)!;
        return { ...req, method: "GET", path: `/api/v1/courses/${plan[slot.course]!.id}`, headers: json(slot.token), body: "" };
      },
    },
    ...[0, 1, 2].map(
      (k): AutocannonRequest => ({
        setupRequest(req, context) {
          const slot = slotOf(context)!;
          const module = current(slot);
          if (k === 0) slot.events = [];
          const lessonId = module.lessonIds[Math.min(k, module.lessonIds.length - 1)]!;
          const id = k < module.lessonIds.length ? randomUUID() : slot.events[slot.events.length - 1]!;
          slot.events.push(id);
          context.event = id;
          return {
            ...req,
            method: "POST",
            path: "/api/v1/progress",
            headers: json(slot.token),
            body: JSON.stringify({ events: [{ id, type: "lesson.completed", courseId: plan[slot.course]!.id, lessonId }] }),
          };
        },
        onResponse(status, body, context) {
          const slot = slotOf(context)!;
          if (status === 200 && (JSON.parse(body) as { accepted: string[] }).accepted.includes(context.event as string)) {
            acceptedEvents.push({ userId: slot.learner!.id, id: context.event as string });
          }
        },
      }),
    ),
    {
      setupRequest(req, context) {
        const slot = slotOf(context)!;
        return { ...req, method: "GET", path: `/api/v1/quizzes/${current(slot).quizId}`, headers: json(slot.token), body: "" };
      },
    },
    {
      setupRequest(req, context) {
        const slot = slotOf(context)!;
        slot.attemptId = randomUUID();
        const module = current(slot);
        return { ...req, method: "POST", path: `/api/v1/quizzes/${module.quizId}/attempts`, headers: json(slot.token), body: JSON.stringify({ attemptId: slot.attemptId, answers: module.answers }) };
      },
      onResponse(status, _body, context) {
        const slot = slotOf(context)!;
        if (status !== 200) return;
        acceptedAttempts.push({ userId: slot.learner!.id, id: slot.attemptId! });
        slot.module++;
        if (slot.module >= plan[slot.course]!.modules.length) {
          slot.module = 0;
          slot.course++;
          if (slot.course >= plan.length) slot.finished = true;
        }
      },
    },
  ];

  const result = await run({
    url: server.baseUrl,
    connections: options.learners,
    duration: options.journeySeconds,
    timeout: 30,
    requests,
    setupClient: perConnection((index) => {
      slots[index] = { course: 0, module: 0, finished: false, events: [], signingIn: false };
      return { localAddress: loopbackAddress(2000 + index) };
    }),
  });
  const used = new Map<string, Member>();
  for (const slot of slots) if (slot.learner) used.set(slot.learner.id, slot.learner);
  for (let i = 0; i < Math.min(nextLearner, learners.length); i++) used.set(learners[i]!.id, learners[i]!);
  return { result, acceptedEvents, acceptedAttempts, signIns, used: [...used.values()] };
}

/**
 * Counts in the table what the journey submitted: every acknowledged lesson event and attempt must have its
 * marker, each learner's progress must count exactly the attempts stored, and the province's counters must
 * equal the sum over its learners.
 */
async function verifyJourney(provinceId: string, learners: Member[], acceptedEvents: { userId: string; id: string }[], acceptedAttempts: { userId: string; id: string }[], plan: PlannedCourse[]) {
  const stored = new Set<string>();
  let storedAttempts = 0;
  let progressAttempts = 0;
  const completions = new Map<string, number>();
  let mismatches = 0;
  await pool(learners, 16, async (learner) => {
    const items = await queryAll<Record<string, any>>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `USER#${learner.id}` } });
    let attempts = 0;
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith("EVENT#")) stored.add(`${learner.id}/${sk.slice(6)}`);
      if (sk.startsWith("ATTEMPT#")) {
        stored.add(`${learner.id}/${sk.slice(8)}`);
        attempts++;
      }
    }
    storedAttempts += attempts;
    let counted = 0;
    for (const record of await Progress.listForUser(learner.id)) {
      counted += Object.values(record.quizzes).reduce((sum, quiz) => sum + quiz.attempts, 0);
      if (record.completedAt) completions.set(record.courseId, (completions.get(record.courseId) ?? 0) + 1);
    }
    progressAttempts += counted;
    if (counted !== attempts) mismatches++;
  });
  const lost = [...acceptedEvents, ...acceptedAttempts].filter(({ userId, id }) => !stored.has(`${userId}/${id}`)).length;
  const stats = await Unit.stats(provinceId);
  if (stats.attempts !== storedAttempts) mismatches++;
  for (const course of plan) if ((stats.completedByCourse[course.id] ?? 0) !== (completions.get(course.id) ?? 0)) mismatches++;
  return { lost, storedAttempts, progressAttempts, mismatches, completions: [...completions.values()].reduce((a, b) => a + b, 0) };
}

// -------------------------------------------------------------------------------------------------- entry

export async function apiLoad(server: BenchServer, options: ApiLoadOptions = DEFAULT_API_LOAD, log: (line: string) => void = console.log): Promise<ApiLoadResult> {
  const notes: string[] = [];
  const raw = new RawDynamo(server.dynamoEndpoint, server.tableName);
  try {
    const plan = await coursePlan();
    log(`  seeding learners (${options.connections * 5} for attempts, ${options.learners * 2} for the journey)…`);
    const attemptTree = await createTree("ba", 2, 4);
    const journeyTree = await createTree("bj", 2, 4);
    const attemptMembers = await seedMembers(raw, attemptTree.teams, options.connections * 5, "0970");
    const journeyMembers = await seedMembers(raw, journeyTree.teams, options.learners * 2, "0971");

    log(`  signing ${attemptMembers.length} learners in through the API…`);
    const { signedIn, ms } = await signInAll(server.baseUrl, attemptMembers, 8);
    const signInP50Ms = round(median(ms));

    // Everyone's first attempt creates their progress and counts them active this month (a larger transaction);
    // the timed part measures the steady state, an attempt on a quiz already started.
    const module = plan[0]!.modules[0]!;
    await pool(signedIn, options.connections, async (user) => {
      const res = await request(server.baseUrl, "POST", `/api/v1/quizzes/${module.quizId}/attempts`, { token: user.accessToken, body: { attemptId: randomUUID(), answers: module.answers } });
      if (res.status !== 200) throw new Error(`First attempt failed: ${res.status} ${res.body.slice(0, 200)}`);
    });

    log(`  attempts: ${options.connections} connections for ${options.attemptSeconds} s…`);
    const attempts = await attemptLoad(server, signedIn, plan, options);
    const attemptStatus = statuses(attempts);
    if (attemptStatus["429"]) notes.push(`${attemptStatus["429"]} attempts were rate limited (60 per learner per minute); their latency is excluded.`);

    log(`  db floor: the same transaction straight to DynamoDB Local, ${options.connections} connections for ${options.attemptSeconds} s…`);
    const floor = await dbFloor(server, raw, signedIn[0]!, plan, options);
    if (floor.failed) notes.push(`${floor.failed} floor transactions failed (conflicts); their latency is excluded.`);

    log(`  journey: ${options.learners} learners for ${options.journeySeconds} s…`);
    const trip = await journey(server, journeyMembers, plan, options);
    // Requests still in flight when the load stopped finish on the server; count after they have.
    await sleep(3000);
    const check = await verifyJourney(journeyTree.province.id, trip.used, trip.acceptedEvents, trip.acceptedAttempts, plan);
    const journeyStatus = statuses(trip.result);
    const journeyRequests = trip.result.requests.total;
    return {
      signInP50Ms,
      attemptP50Ms: attempts.latency.p50,
      attemptP90Ms: attempts.latency.p90,
      attemptP99Ms: attempts.latency.p99,
      attemptRps: round(attempts.requests.average, 1),
      attemptCount: attempts.requests.total,
      attemptNon2xx: attempts.non2xx,
      attemptStatus,
      dbFloorP50Ms: floor.result.latency.p50,
      dbFloorP90Ms: floor.result.latency.p90,
      dbFloorP99Ms: floor.result.latency.p99,
      dbFloorRps: round(floor.result.requests.average, 1),
      dbFloorCount: floor.result.requests.total,
      dbFloorFailed: floor.failed,
      dbFloorItems: floor.itemCount,
      journeyRps: round(journeyRequests / trip.result.duration, 1),
      journeyRequests,
      journeyErrors: trip.result.errors + trip.result.timeouts + trip.result.non2xx,
      journeyStatus,
      journeyP50Ms: trip.result.latency.p50,
      journeyP99Ms: trip.result.latency.p99,
      journeySignIns: trip.signIns,
      journeyAcceptedAttempts: trip.acceptedAttempts.length,
      journeyAcceptedEvents: trip.acceptedEvents.length,
      journeyStoredAttempts: check.storedAttempts,
      journeyLostSubmissions: check.lost,
      journeyCounterMismatches: check.mismatches,
      journeyCompletions: check.completions,
      notes,
    };
  } finally {
    raw.close();
  }
}

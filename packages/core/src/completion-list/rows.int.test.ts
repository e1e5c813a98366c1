import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient, type AwsStub } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { importTestCourse } from "../../../../test/fixtures/course";
import { db } from "../db/client";
import { progressKeys } from "../progress/progress.entity";
import { Unit } from "../unit";
import { User } from "../user";
import { EXPORT_CONCURRENCY, rows, type Cell } from "./index";

/**
 * The completion list reads many units at once (EXPORT_CONCURRENCY) and must still write them in path order.
 * A province of more teams than the window, against DynamoDB Local, with every query slowed down through
 * aws-sdk-client-mock so that the reads overlap and finish out of order.
 */
const TEAMS = EXPORT_CONCURRENCY + 16;
const COURSE = "test-course";
const params = { unitId: "ord", courseId: COURSE, format: "csv" as const, includePhones: true };

/** Team `t`'s name: padded, so the tree's path order and the teams' creation order are the same. */
const teamId = (t: number) => `ord-t${String(t).padStart(3, "0")}`;
/** Team `t` in letters (names hold no digits): AA, AB, … */
const tag = (t: number) => String.fromCharCode(65 + Math.floor(t / 26), 65 + (t % 26));
const untag = (letters: string) => (letters.charCodeAt(0) - 65) * 26 + letters.charCodeAt(1) - 65;
/** Phones unique per member, so a row says which member it is. */
const phoneOf = (t: number, k: number) => `0913${String(t).padStart(3, "0")}${String(k).padStart(3, "0")}`;

let stub: AwsStub<any, any, any> | undefined;
afterEach(() => {
  stub?.restore();
  stub = undefined;
});

/**
 * Every query goes through to DynamoDB Local after `delay(input)` ms, counting how many are in flight at once;
 * reads by key go straight through (the list reads nothing else).
 */
function slowQueries(delay: (input: { ExpressionAttributeValues?: Record<string, unknown> }) => number) {
  const { doc } = db();
  const realSend = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  stub = mockClient(doc as DynamoDBDocumentClient);
  const seen = { inFlight: 0, most: 0, queries: 0, counts: 0 };
  stub.on(QueryCommand).callsFake(async (input: any) => {
    seen.queries++;
    // The subtree's size, counted beside the walk for the job's progress: not one of the window's reads.
    if (input.Select === "COUNT") {
      seen.counts++;
      return realSend(new QueryCommand(input));
    }
    seen.inFlight++;
    seen.most = Math.max(seen.most, seen.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, delay(input)));
      return await realSend(new QueryCommand(input));
    } finally {
      seen.inFlight--;
    }
  });
  stub.on(GetCommand).callsFake(async (input: any) => realSend(new GetCommand(input)));
  return seen;
}

async function collect(source: AsyncIterable<Cell[]>) {
  const out: Cell[][] = [];
  for await (const row of source) out.push(row);
  return out;
}

beforeAll(async () => {
  await importTestCourse(COURSE);
  await Unit.create({ id: "vn", code: "VN", name: "Việt Nam", kind: "nation", parentId: null });
  await Unit.create({ id: "ord", code: "ORD", name: "Tỉnh Thứ Tự", kind: "province", parentId: "vn" });
  await Unit.create({ id: "ord-a", code: "ORD-A", name: "Xã A", kind: "commune", parentId: "ord" });
  await Unit.create({ id: "ord-b", code: "ORD-B", name: "Xã B", kind: "commune", parentId: "ord" });
  const { doc, table } = db();
  const now = new Date().toISOString();
  for (let t = 0; t < TEAMS; t++) {
    await Unit.create({ id: teamId(t), code: `ORD-T${t}`, name: `Tổ ${String(t).padStart(3, "0")}`, kind: "team", parentId: t % 2 ? "ord-b" : "ord-a" });
    // One to three members, pending (no password to hash), the first of each team with progress in the course.
    for (let k = 0; k < 1 + (t % 3); k++) {
      const user = await User.ensure({
        phone: phoneOf(t, k),
        fullName: `Người ${String.fromCharCode(65 + k)} ${tag(t)}`,
        roles: ["member"],
        unitId: teamId(t),
        pending: true,
      });
      if (k === 0)
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...progressKeys.progress(user.id, COURSE),
              ...progressKeys.byUnit(teamId(t), COURSE, user.id),
              userId: user.id,
              unitId: teamId(t),
              courseId: COURSE,
              version: 1,
              completedLessons: [],
              quizzes: { q: { attempts: 1, bestPercent: t, passed: true, lastAttemptAt: now } },
              startedAt: now,
              lastActivityAt: now,
            },
          }),
        );
    }
  }
  // A member attached to a commune itself, not to a team (an admin's import may do this): listed, with no team.
  await User.ensure({ phone: "0913999999", fullName: "Người Ở Xã", roles: ["member"], unitId: "ord-b", pending: true });
}, 120_000);

describe("the completion list read many units at once", () => {
  it("writes the rows in path order, team by team, when the reads finish out of order", async () => {
    const expected = await collect(rows(params, undefined, { concurrency: 1 }));
    // Later units answer first: in the order the reads finish, the last team would come first.
    let order = 0;
    const seen = slowQueries((input) => {
      const key = String(input.ExpressionAttributeValues?.[":pk"] ?? "");
      if (!key.includes("ord")) return 0;
      order++;
      return Math.max(0, 60 - order);
    });
    const got = await collect(rows(params));
    expect(seen.most).toBeGreaterThan(1);
    expect(got).toEqual(expected);

    // And the order is the tree's, checked apart from the code under test: commune A's teams, then commune B's
    // own member and its teams; members by name within a team.
    const phonesOf = (commune: number) =>
      Array.from({ length: TEAMS }, (_, t) => t)
        .filter((t) => t % 2 === commune)
        .flatMap((t) => Array.from({ length: 1 + (t % 3) }, (_, k) => phoneOf(t, k)));
    expect(got.map((row) => row[1])).toEqual([...phonesOf(0), "0913999999", ...phonesOf(1)]);
    const communeMember = got.find((row) => row[1] === "0913999999")!;
    expect(communeMember.slice(2, 5)).toEqual(["Tỉnh Thứ Tự", "Xã B", ""]);
    // Each team's first member's score is the team's number: rows were not paired with another team's progress.
    for (const row of got.filter((row) => /^Người A /.test(String(row[0])))) expect(row[7]).toBe(untag(String(row[0]).split(" ")[2]!));
  });

  it("keeps EXPORT_CONCURRENCY units' queries in flight, not one at a time", async () => {
    const seen = slowQueries(() => 15);
    const got = await collect(rows(params));
    expect(got.length).toBe(Array.from({ length: TEAMS }, (_, t) => 1 + (t % 3)).reduce((a, b) => a + b, 0) + 1);
    // The window fills at once with the first units' member queries; it never grows past it.
    expect(seen.most).toBe(EXPORT_CONCURRENCY);
    // The subtree and its size; every unit's members; the progress of the units with members (the teams and commune B).
    expect(seen.counts).toBe(1);
    expect(seen.queries).toBe(2 + (TEAMS + 3) + (TEAMS + 1));
  });
});

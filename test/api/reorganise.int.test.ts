import { randomUUID } from "node:crypto";
import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { AwsStub } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../packages/api/src/jobs";
import { Activity } from "../../packages/core/src/activity";
import { Auth } from "../../packages/core/src/auth";
import { CompletionList } from "../../packages/core/src/completion-list";
import { db } from "../../packages/core/src/db/client";
import { Job } from "../../packages/core/src/job";
import { Report } from "../../packages/core/src/report";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { userKeys } from "../../packages/core/src/user/user.entity";
import { answers, importTestCourse } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";
import { fault, injectFault } from "./fault-injection";

/**
 * Reorganisation (issue 17 item 4) against DynamoDB Local: merge as a job, with the province's figures, the
 * completion list and the team lists identical before and after; a merge killed in the middle resumes; archive;
 * rename and recode with history; a move carries the daily and monthly history.
 */

let phoneSeq = 9_700_000;
const nextPhone = () => `09${String(phoneSeq++).padStart(8, "0")}`;

async function unit(id: string, kind: Unit.UnitKind, parentId: string | null, name = id) {
  return Unit.create({ id, code: id.toUpperCase(), name, kind, parentId });
}

async function person(unitId: string, roles: User.Role[] = ["member"], fullName = "Lò Văn Một") {
  const phone = nextPhone();
  const user = await User.ensure({ phone, fullName, password: "Demo@2026", roles, unitId });
  return { ...user, token: (await signIn(phone)).accessToken };
}

/** A learner who completes the test course (certificate), with a graded attempt per module. */
async function learner(unitId: string, fullName: string, complete = true) {
  const p = await person(unitId, ["member"], fullName);
  for (const m of complete ? ["m1", "m2"] : ["m1"])
    await call("POST", `/quizzes/test-course.${m}/attempts`, { token: p.token, body: { attemptId: randomUUID(), answers: answers(m) } });
  if (complete) {
    const events = ["m1", "m2"].flatMap((m) =>
      ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
    );
    await call("POST", "/progress", { token: p.token, body: { events } });
  }
  return p;
}

/** What must not change in a merge: the province's line and series, its completion list, each team's list. */
async function snapshot(provinceId: string, teamIds: string[], commune?: string) {
  const province = await Unit.mustGet(provinceId);
  const report = await Report.forUnit(province);
  const rows: string[] = [];
  for await (const row of CompletionList.rows({ unitId: provinceId, format: "csv", includePhones: true } as never)) {
    // The commune column names the commune a member is in now: after a merge, the one merged into.
    rows.push(row.map((cell, i) => (i === 3 && commune ? "" : cell instanceof Date ? cell.toISOString() : String(cell))).join("|"));
  }
  const teams = await Promise.all(teamIds.map(async (id) => (await Report.members(await Unit.mustGet(id))).members));
  return { unit: report.unit, series: report.series, rows: rows.sort(), teams };
}

const sumChildren = (children: { unitId: string; members: number; completed: number }[], ids: string[]) =>
  children
    .filter((c) => ids.includes(c.unitId))
    .reduce((sum, c) => ({ members: sum.members + c.members, completed: sum.completed + c.completed }), { members: 0, completed: 0 });

let admin: string;
let otherAdmin: string;

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse();
  await unit("rp", "province", null, "Tỉnh Thử");
  await unit("rq", "province", null, "Tỉnh Khác");
  admin = (await person("rp", ["admin"], "Cầm Văn Quản")).token;
  otherAdmin = (await person("rq", ["admin"], "Lò Thị Khác")).token;
});

let stub: AwsStub<any, any, any> | undefined;
afterEach(() => {
  stub?.restore();
  stub = undefined;
});

/** Lets every command through to DynamoDB Local, except the `nth` TransactWriteCommand matching `when`, which times out. */
function failNthTransaction(nth: number, when: (input: any) => boolean = () => true) {
  let seen = 0;
  stub = injectFault(TransactWriteCommand, fault("TimeoutError", { message: "Lambda timed out" }), 1, (input) => when(input) && ++seen === nth);
}

async function finished(id: string, token = admin) {
  await Job.idle();
  return (await call("GET", `/admin/jobs/${id}`, { token })).json;
}

describe("merging two communes", () => {
  it("moves children, members, staff and history; the province's figures, completion list and team lists stay the same; both codes resolve", async () => {
    await unit("rp-a", "commune", "rp", "Xã Cũ");
    await unit("rp-b", "commune", "rp", "Xã Mới");
    await unit("rp-a-t1", "team", "rp-a", "Tổ bản Một");
    await unit("rp-a-t2", "team", "rp-a", "Tổ bản Hai");
    await unit("rp-b-t1", "team", "rp-b", "Tổ bản Ba");
    await learner("rp-a-t1", "Lò Thị Hoa");
    await learner("rp-a-t1", "Quàng Văn Inh", false);
    await learner("rp-a-t2", "Cà Thị Lan");
    await learner("rp-b-t1", "Điêu Văn Minh");
    await learner("rp-b-t1", "Vì Thị Nga", false);
    const communeAdmin = await person("rp-a", ["admin"], "Tòng Văn Xã");
    const teams = ["rp-a-t1", "rp-a-t2", "rp-b-t1"];

    const before = await snapshot("rp", teams, "ignore commune");
    const childrenBefore = (await Report.forUnit(await Unit.mustGet("rp"))).children;
    const expected = sumChildren(childrenBefore, ["rp-a", "rp-b"]);
    const [statsA, statsB] = await Promise.all([Unit.stats("rp-a", { days: 30 }), Unit.stats("rp-b", { days: 30 })]);
    const today = new Date().toISOString().slice(0, 10);
    expect(statsA.completionsByDay[today]).toBe(2);
    expect(before.unit).toMatchObject({ members: 5, completed: 3 });

    const preview = await call("GET", "/admin/units/rp-a/merge?into=rp-b", { token: admin });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ children: 2, people: 1, members: 3, completed: 2, codes: ["RP-A"] });

    const started = await call("POST", "/admin/units/rp-a/merge", { token: admin, body: { intoUnitId: "rp-b" } });
    expect(started.status).toBe(202);
    const status = await finished(started.json.id);
    expect(status).toMatchObject({ status: "done", progress: 100, result: { children: 2, people: 1 } });

    const after = await snapshot("rp", teams, "ignore commune");
    expect(after).toEqual(before);
    const children = (await Report.forUnit(await Unit.mustGet("rp"))).children;
    expect(children.map((c) => c.unitId)).not.toContain("rp-a");
    expect(sumChildren(children, ["rp-b"])).toEqual(expected);
    const merged = await Unit.stats("rp-b", { days: 30 });
    expect(merged.completionsByDay[today]).toBe(statsA.completionsByDay[today]! + statsB.completionsByDay[today]!);
    expect(merged.activeByMonth).toEqual({ [today.slice(0, 7)]: statsA.activeByMonth[today.slice(0, 7)]! + statsB.activeByMonth[today.slice(0, 7)]! });
    expect(merged.attempts).toBe(statsA.attempts + statsB.attempts);
    const emptied = await Unit.stats("rp-a", { days: 30 });
    expect(
      [emptied.members, emptied.attempts, ...Object.values(emptied.completedByCourse), ...Object.values(emptied.completionsByDay)].every((n) => n === 0),
    ).toBe(true);

    // Every completion row now names the commune merged into.
    for await (const row of CompletionList.rows({ unitId: "rp", format: "csv", includePhones: false } as never)) expect(row[3]).toBe("Xã Mới");

    expect((await Unit.resolve("RP-A"))?.id).toBe("rp-b");
    expect((await Unit.resolve("RP-B"))?.id).toBe("rp-b");
    const page = await call("GET", "/admin/units/rp-a", { token: admin });
    expect(page.json).toMatchObject({ mergedInto: "rp-b", children: [] });
    expect(page.json.archivedAt).toBeTruthy();
    expect((await User.get(communeAdmin.id))?.unitId).toBe("rp-b");
    expect((await Unit.mustGet("rp-a-t1")).path).toBe("/rp/rp-b/rp-a-t1/");

    const audit = (await call("GET", "/admin/units/rp-b/audit", { token: admin })).json.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["unit.merge", "unit.alias"]));
    const auditA = (await call("GET", "/admin/units/rp-a/audit", { token: admin })).json.items.map((e: { action: string }) => e.action);
    expect(auditA).toEqual(expect.arrayContaining(["unit.merge.start", "unit.merge"]));
    const auditTeam = (await call("GET", "/admin/units/rp-a-t1/audit", { token: admin })).json.items.map((e: { action: string }) => e.action);
    expect(auditTeam).toContain("unit.move");
    expect(audit).toContain("member.move");

    // Asking again answers the same, finished job; the archived unit takes no one in.
    const again = await call("POST", "/admin/units/rp-a/merge", { token: admin, body: { intoUnitId: "rp-b" } });
    expect(again.json).toMatchObject({ id: started.json.id, status: "done" });
    const child = await call("POST", "/admin/units/rp-a/children", { token: admin, body: { code: "RP-A-T9", name: "Tổ mới", kind: "team" } });
    expect(child.status).toBe(409);
    expect(expectErrorShape(child.json).code).toBe("unit.archived");
  });

  it("refuses bad merges with a clear 4xx and changes nothing", async () => {
    await unit("rp-c", "commune", "rp", "Xã C");
    await unit("rp-c-t1", "team", "rp-c", "Tổ C1");
    await unit("rq-d", "commune", "rq", "Xã D");
    const tries: [string, unknown, string, number, string][] = [
      ["rp-c", { intoUnitId: "rp-c" }, admin, 400, "unit.merge_self"],
      ["rp-c", { intoUnitId: "rp-c-t1" }, admin, 400, "unit.merge_self"],
      ["rp-c", { intoUnitId: "rp-a" }, admin, 409, "unit.archived"],
      ["rp-c", { intoUnitId: "rp-b-t1" }, admin, 400, "unit.merge_kind"],
      ["rp-c", { intoUnitId: "rq-d" }, admin, 404, "unit.not_found"],
      ["rq-d", { intoUnitId: "rp-c" }, admin, 404, "unit.not_found"],
      ["rp-c", { intoUnitId: "rp-b" }, otherAdmin, 404, "unit.not_found"],
      ["rp", { intoUnitId: "rq" }, admin, 404, "unit.not_found"],
      ["rp-c", {}, admin, 400, "request.invalid"],
    ];
    for (const [unitId, body, token, status, code] of tries) {
      const res = await call("POST", `/admin/units/${unitId}/merge`, { token, body });
      expect([unitId, body, res.status, expectErrorShape(res.json).code]).toEqual([unitId, body, status, code]);
    }
    const own = await person("rp-c", ["admin"], "Lường Văn Xã");
    const res = await call("POST", "/admin/units/rp-c/merge", { token: own.token, body: { intoUnitId: "rp-c-t1" } });
    expect([res.status, expectErrorShape(res.json).code]).toEqual([403, "unit.reorganise_own"]);
    const mine = await call("POST", "/admin/units/rp-c-t1/merge", { token: own.token, body: { intoUnitId: "rp-c-t1" } });
    expect(expectErrorShape(mine.json).code).toBe("unit.merge_self");
    const c = await Unit.mustGet("rp-c");
    expect(c.mergingInto).toBeUndefined();
    expect(c.archivedAt).toBeUndefined();
    expect((await Unit.children("rp-c")).map((u) => u.id)).toEqual(["rp-c-t1"]);
  });

  it("resumes a merge killed in the middle, and never leaves the figures half-moved", async () => {
    await unit("rp-e", "commune", "rp", "Xã E");
    await unit("rp-f", "commune", "rp", "Xã F");
    for (const n of [1, 2, 3, 4]) {
      await unit(`rp-e-t${n}`, "team", "rp-e", `Tổ E${n}`);
      await learner(`rp-e-t${n}`, `Lò Văn E${"abcd"[n - 1]}`, n % 2 === 0);
    }
    const teams = [1, 2, 3, 4].map((n) => `rp-e-t${n}`);
    const before = await snapshot("rp", teams, "ignore commune");

    // The lock is the first transaction; the fourth (after two teams have moved) times out: the job stops there.
    failNthTransaction(4);
    const started = await call("POST", "/admin/units/rp-e/merge", { token: admin, body: { intoUnitId: "rp-f" } });
    const stopped = await finished(started.json.id);
    stub!.restore();
    expect(stopped.status).toBe("failed");
    expect((await Unit.children("rp-e")).length).toBe(2);
    expect((await Unit.mustGet("rp-e")).mergingInto).toEqual({ unitId: "rp-f", jobId: started.json.id });
    expect(await snapshot("rp", teams, "ignore commune")).toEqual(before);
    // Nobody joins a unit while it is merged away.
    const joining = await call("POST", "/admin/units/rp-e/children", { token: admin, body: { code: "RP-E-T9", name: "Tổ mới", kind: "team" } });
    expect(expectErrorShape(joining.json).code).toBe("unit.archived");

    // Asking again resumes the same job where it stopped.
    const resumed = await call("POST", "/admin/units/rp-e/merge", { token: admin, body: { intoUnitId: "rp-f" } });
    expect(resumed.json.id).toBe(started.json.id);
    expect(await finished(started.json.id)).toMatchObject({ status: "done", progress: 100 });
    expect(await snapshot("rp", teams, "ignore commune")).toEqual(before);
    expect((await Unit.children("rp-f")).map((u) => u.id).sort()).toEqual(teams);
    expect((await Unit.stats("rp-e")).members).toBe(0);
  });

  it("moves a team's members one by one when two teams merge, resuming in the history step", async () => {
    await unit("rp-g", "commune", "rp", "Xã G");
    await unit("rp-g-t1", "team", "rp-g", "Tổ G1");
    await unit("rp-g-t2", "team", "rp-g", "Tổ G2");
    await learner("rp-g-t1", "Lò Văn Giang");
    await learner("rp-g-t1", "Lò Thị Hạnh", false);
    await learner("rp-g-t2", "Lò Văn Khánh");
    const before = await snapshot("rp", []);
    const commune = await Unit.stats("rp-g", { days: 30 });
    // The history step's first part (each part carries a PART#… marker Put) times out once.
    failNthTransaction(1, (input) => input.TransactItems.some((item: any) => String(item.Put?.Item?.sk ?? "").startsWith("PART#")));
    const started = await call("POST", "/admin/units/rp-g-t1/merge", { token: admin, body: { intoUnitId: "rp-g-t2" } });
    expect((await finished(started.json.id)).status).toBe("failed");
    stub!.restore();
    expect((await User.listForUnit("rp-g-t1")).length).toBe(0);
    await call("POST", "/admin/units/rp-g-t1/merge", { token: admin, body: { intoUnitId: "rp-g-t2" } });
    expect((await finished(started.json.id)).status).toBe("done");
    const after = await snapshot("rp", []);
    expect(after.unit).toEqual(before.unit);
    expect(after.series).toEqual(before.series);
    expect(await Unit.stats("rp-g", { days: 30 })).toEqual(commune);
    const team = await Unit.stats("rp-g-t2", { days: 30 });
    expect(team).toMatchObject({ members: 3, attempts: commune.attempts, completionsByDay: commune.completionsByDay, activeByMonth: commune.activeByMonth });
    expect((await Report.members(await Unit.mustGet("rp-g-t2"))).members.map((m) => m.fullName).sort()).toEqual([
      "Lò Thị Hạnh",
      "Lò Văn Giang",
      "Lò Văn Khánh",
    ]);
    expect((await Unit.resolve("RP-G-T1"))?.id).toBe("rp-g-t2");
  });

  it("follows a job only for the admin who asked", async () => {
    await unit("rp-h", "commune", "rp", "Xã H");
    await unit("rp-i", "commune", "rp", "Xã I");
    const started = await call("POST", "/admin/units/rp-h/merge", { token: admin, body: { intoUnitId: "rp-i" } });
    await Job.idle();
    expect((await call("GET", `/admin/jobs/${started.json.id}`, { token: otherAdmin })).status).toBe(404);
    expect((await call("GET", "/admin/jobs/not-a-uuid", { token: admin })).status).toBe(404);
    expect((await call("GET", `/admin/jobs/${randomUUID()}`, { token: admin })).json.error.code).toBe("job.not_found");
  });
});

describe("moving a unit", () => {
  it("carries its daily and monthly history to the new lineage", async () => {
    await unit("rp-m", "commune", "rp", "Xã M");
    await unit("rp-n", "commune", "rp", "Xã N");
    await unit("rp-m-t1", "team", "rp-m", "Tổ M1");
    await learner("rp-m-t1", "Lò Văn Mạnh");
    const team = await Unit.stats("rp-m-t1", { days: 30 });
    const province = await Unit.stats("rp", { days: 30 });
    const res = await call("PATCH", "/admin/units/rp-m-t1", { token: admin, body: { parentId: "rp-n" } });
    expect(res.status).toBe(200);
    expect(await Unit.stats("rp-n", { days: 30 })).toMatchObject({
      members: 1,
      attempts: team.attempts,
      completionsByDay: team.completionsByDay,
      activeByMonth: team.activeByMonth,
    });
    const left = await Unit.stats("rp-m", { days: 30 });
    expect([...Object.values(left.completionsByDay), ...Object.values(left.activeByMonth), left.members]).toEqual([0, 0, 0]);
    expect(await Unit.stats("rp", { days: 30 })).toEqual(province);
  });

  it("carries the field work too: people helped, all time and by month, skill and outcome, in a move and in a merge", async () => {
    await unit("rp-fw1", "commune", "rp", "Xã Hướng Dẫn Một");
    await unit("rp-fw2", "commune", "rp", "Xã Hướng Dẫn Hai");
    await unit("rp-fw3", "commune", "rp", "Xã Hướng Dẫn Ba");
    await unit("rp-fw1-t1", "team", "rp-fw1", "Tổ Hướng Dẫn");
    const helper = await person("rp-fw1-t1", ["member"], "Lò Thị Giúp");
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const recorded = await call("POST", "/activities", {
      token: helper.token,
      body: {
        activities: [
          { id: randomUUID(), at, skill: "payments", outcome: "cashless-bill", people: 4 },
          { id: randomUUID(), at, skill: "public-services", outcome: "vneid-level2", people: 6 },
        ],
      },
    });
    expect(recorded.status).toBe(200);
    const month = async (unitId: string) => {
      const { unit: _unit, target: _target, ...figures } = await Activity.monthFor(await Auth.verifyAccessToken(admin), unitId);
      return figures;
    };
    const teamMonth = await month("rp-fw1-t1");
    expect(teamMonth).toMatchObject({ people: 10, sessions: 2 });
    const province = await Unit.stats("rp");
    const provinceMonth = await month("rp");

    // A move: the team and its help join the second commune; the first keeps nothing; the province is unchanged.
    expect((await call("PATCH", "/admin/units/rp-fw1-t1", { token: admin, body: { parentId: "rp-fw2" } })).status).toBe(200);
    expect((await Unit.stats("rp-fw2")).helped).toBe(10);
    expect(await month("rp-fw2")).toEqual(teamMonth);
    expect((await Unit.stats("rp-fw1")).helped).toBe(0);
    expect(await month("rp-fw1")).toMatchObject({ people: 0, sessions: 0 });
    expect((await Unit.stats("rp")).helped).toBe(province.helped);
    expect(await month("rp")).toEqual(provinceMonth);

    // A merge: the second commune (with the team) into the third.
    const started = await call("POST", "/admin/units/rp-fw2/merge", { token: admin, body: { intoUnitId: "rp-fw3" } });
    expect(started.status).toBe(202);
    expect((await finished(started.json.id)).status).toBe("done");
    expect((await Unit.stats("rp-fw3")).helped).toBe(10);
    expect(await month("rp-fw3")).toEqual(teamMonth);
    expect((await Unit.stats("rp-fw2")).helped).toBe(0);
    expect((await Unit.stats("rp")).helped).toBe(province.helped);
    expect(await month("rp")).toEqual(provinceMonth);
  });

  it("moves years of history in parts, each landing once, and a move interrupted after its first step finishes when asked again", async () => {
    await unit("rp-p", "commune", "rp", "Xã P");
    await unit("rp-q", "commune", "rp", "Xã Q");
    await unit("rp-p-t1", "team", "rp-p", "Tổ P1");
    // 400 days of completions: more counter items than one transaction holds.
    const { doc } = db();
    const teamUnit = await Unit.mustGet("rp-p-t1");
    const days = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const daily = days.flatMap((day) =>
      Unit.completionCounterUpdates(teamUnit, "test-course", 1, day).filter((item) => item.Update.Key.sk.startsWith("DAILY#")),
    );
    for (let i = 0; i < daily.length; i += 90) await doc.send(new TransactWriteCommand({ TransactItems: daily.slice(i, i + 90) as never }));
    await doc.send(new TransactWriteCommand({ TransactItems: Unit.completionCounterUpdates(teamUnit, "test-course", days.length) as never }));
    const all = { days: 5000, months: 200 };
    const commune = await Unit.stats("rp-p", all);
    const province = await Unit.stats("rp", all);
    // The first part of the shift times out: the unit has moved, its counters are on their way.
    failNthTransaction(1, (input) => input.TransactItems.some((item: any) => String(item.Put?.Item?.sk ?? "").startsWith("PART#")));
    const first = await call("PATCH", "/admin/units/rp-p-t1", { token: admin, body: { parentId: "rp-q" } });
    stub!.restore();
    expect(first.status).toBe(503);
    expect((await Unit.mustGet("rp-p-t1")).pendingShift).toBeTruthy();
    const again = await call("PATCH", "/admin/units/rp-p-t1", { token: admin, body: { parentId: "rp-q" } });
    expect(again.status).toBe(200);
    expect((await Unit.mustGet("rp-p-t1")).pendingShift).toBeUndefined();
    expect((await Unit.stats("rp-q", all)).completionsByDay).toEqual(commune.completionsByDay);
    expect(Object.values((await Unit.stats("rp-p", all)).completionsByDay).every((n) => n === 0)).toBe(true);
    expect(await Unit.stats("rp", all)).toEqual(province);
  });
});

describe("archiving and renaming", () => {
  it("archives only an empty unit", async () => {
    await unit("rp-s", "commune", "rp", "Xã S");
    await unit("rp-s-t1", "team", "rp-s", "Tổ S1");
    const full = await call("POST", "/admin/units/rp-s/archive", { token: admin });
    expect(full.status).toBe(409);
    expect(expectErrorShape(full.json)).toMatchObject({ code: "unit.not_empty", details: { children: 1, people: 0 } });
    const team = await call("POST", "/admin/units/rp-s-t1/archive", { token: admin });
    expect(team.status).toBe(200);
    expect(team.json.archivedAt).toBeTruthy();
    expect((await call("POST", "/admin/units/rp-s-t1/archive", { token: admin })).status).toBe(200);
    expect((await Unit.children("rp-s")).length).toBe(0);
    const member = await person("rp-s", ["member"], "Lò Văn Sơn");
    const moved = await call("PATCH", `/admin/members/${member.id}`, { token: admin, body: { unitId: "rp-s-t1" } });
    expect(expectErrorShape(moved.json).code).toBe("unit.archived");
    expect((await call("POST", "/admin/units/rp/archive", { token: admin })).status).toBe(400);
    expect((await call("POST", "/admin/units/rp-s/archive", { token: otherAdmin })).status).toBe(404);
  });

  it("renames and recodes with history; the old code resolves, a taken code is refused", async () => {
    await unit("rp-r", "commune", "rp", "Xã R");
    const taken = await call("PATCH", "/admin/units/rp-r/identity", { token: admin, body: { code: "RP-B" } });
    expect(taken.status).toBe(409);
    expect(expectErrorShape(taken.json).code).toBe("unit.code_taken");
    expect((await Unit.mustGet("rp-r")).code).toBe("RP-R");
    const res = await call("PATCH", "/admin/units/rp-r/identity", { token: admin, body: { code: "rp-r2", name: "Xã R Mới" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: "RP-R2", name: "Xã R Mới" });
    expect(res.json.history.map((h: { code: string; name: string }) => [h.code, h.name])).toEqual([
      ["RP-R", "Xã R"],
      ["RP-R2", "Xã R"],
    ]);
    expect((await Unit.resolve("RP-R"))?.id).toBe("rp-r");
    expect((await Unit.resolve("RP-R2"))?.id).toBe("rp-r");
    const retried = await call("PATCH", "/admin/units/rp-r/identity", { token: admin, body: { code: "RP-R2", name: "Xã R Mới" } });
    expect(retried.json.history).toHaveLength(2);
    expect((await call("PATCH", "/admin/units/rp-r/identity", { token: admin, body: {} })).status).toBe(400);
    const audit = (await call("GET", "/admin/units/rp-r/audit", { token: admin })).json.items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["unit.recode", "unit.rename"]));
  });
});

describe("a province of 5,000 members", () => {
  it("merges two communes holding them (measured, printed)", async () => {
    await unit("big", "province", null, "Tỉnh Lớn");
    const bigAdmin = (await person("big", ["admin"], "Cầm Văn Lớn")).token;
    const { doc, table } = db();
    const teamsPerCommune = 25;
    const perTeam = 100;
    let seq = 0;
    const setupStart = performance.now();
    for (const commune of ["big-a", "big-b"]) {
      await unit(commune, "commune", "big", `Xã ${commune}`);
      for (let t = 0; t < teamsPerCommune; t++) {
        const team = await unit(`${commune}-t${t}`, "team", commune, `Tổ ${t}`);
        const people = Array.from({ length: perTeam }, () => {
          const id = `bm-${seq++}`;
          return {
            id,
            phone: `08${String(seq).padStart(8, "0")}`,
            fullName: `Thành Viên ${seq}`,
            roles: ["member"],
            unitId: team.id,
            active: true,
            createdAt: new Date().toISOString(),
            passwordHash: "pending$",
            sessionVersion: 0,
          };
        });
        for (let i = 0; i < people.length; i += 25)
          await doc.send(
            new BatchWriteCommand({
              RequestItems: {
                [table]: people
                  .slice(i, i + 25)
                  .map((p) => ({ PutRequest: { Item: { ...userKeys.user(p.id), ...userKeys.member(team.id, p.fullName, p.id), ...p } } })),
              },
            }),
          );
        await doc.send(new TransactWriteCommand({ TransactItems: Unit.memberCounterUpdates(team, perTeam) as never }));
      }
    }
    const setupMs = performance.now() - setupStart;
    const before = await Report.forUnit(await Unit.mustGet("big"));
    expect(before.unit.members).toBe(2 * teamsPerCommune * perTeam);
    const start = performance.now();
    const started = await call("POST", "/admin/units/big-a/merge", { token: bigAdmin, body: { intoUnitId: "big-b" } });
    const status = await finished(started.json.id, bigAdmin);
    const mergeMs = performance.now() - start;
    expect(status.status).toBe("done");
    const after = await Report.forUnit(await Unit.mustGet("big"));
    expect(after.unit).toEqual(before.unit);
    expect(after.children).toMatchObject([{ unitId: "big-b", members: 5000 }]);
    console.log(
      `[bench] 5,000-member province: fixture ${Math.round(setupMs)} ms; merge of commune big-a (25 teams, 2,500 members) into big-b: ${Math.round(mergeMs)} ms (DynamoDB Local)`,
    );
  }, 300_000);
});

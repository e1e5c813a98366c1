import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Campaign } from "../../packages/core/src/campaign";
import { campaignKeys } from "../../packages/core/src/campaign/campaign.entity";
import { db } from "../../packages/core/src/db/client";
import { vietnamDay } from "../../packages/core/src/model";
import { Unit } from "../../packages/core/src/unit";
import { answers, importTestCourse } from "../fixtures/course";
import { Job } from "../../packages/core/src/job";
import { runJob } from "../../packages/api/src/jobs";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

/** Campaigns through the real app: creating one (idempotent, checked), progress per child, forecasts, assignments. */

let learner: string;
let leader: string;
let slaAdmin: string;
let communeAdmin: string;
let dbnAdmin: string;

const day = (offset: number) => vietnamDay(new Date(Date.now() + offset * 86_400_000));
const plan = (over: Record<string, unknown> = {}) => ({
  unitId: "sla-muongbu",
  courseIds: ["camp-course"],
  startsOn: day(0),
  dueOn: day(30),
  targetPercent: 80,
  ...over,
});

async function finishCourse(token: string, courseId: string) {
  for (const m of ["m1", "m2"]) {
    const res = await call("POST", `/quizzes/${courseId}.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    expect(res.status).toBe(200);
  }
  const events = ["m1", "m2"].flatMap((m) => ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId, lessonId: `${m}-${l}` })));
  expect((await call("POST", "/progress", { token, body: { events } })).status).toBe(200);
}

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse("camp-course");
  await importTestCourse("camp-other");
  learner = (await signIn("0912000001")).accessToken;
  leader = (await signIn("0912000005")).accessToken;
  slaAdmin = (await signIn("0912000003")).accessToken;
  communeAdmin = (await signIn("0912000007")).accessToken;
  const nation = (await signIn("0912000006")).accessToken;
  const staff = await call("POST", "/admin/units/dbn/staff", { token: nation, body: { phone: "0911000091", fullName: "Lò Văn Điện", role: "admin" } });
  expect(staff.status).toBe(201);
  await call("POST", "/auth/activate", { body: { phone: "0911000091", code: staff.json.activationCode, password: "DienBien2026x" } });
  dbnAdmin = (await signIn("0911000091", "DienBien2026x")).accessToken;
});

describe("creating a campaign", () => {
  it("a province admin sets one for a commune; the same request again is the same campaign", async () => {
    const first = await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan() });
    expect(first.status).toBe(201);
    expect(first.json.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan() });
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    const list = await call("GET", "/admin/units/sla-muongbu/campaigns", { token: slaAdmin });
    expect(list.json.items.filter((c: { id: string }) => c.id === first.json.id)).toHaveLength(1);
    const audit = await call("GET", "/admin/units/sla-muongbu/audit", { token: slaAdmin });
    expect(audit.json.items.filter((e: { action: string; target: string }) => e.action === "campaign.create" && e.target === first.json.id)).toHaveLength(1);
  });

  it("refuses bad plans with a clear 4xx and writes nothing", async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ dueOn: day(-1), startsOn: day(-10) }, 400, "campaign.bad_dates"],
      [{ startsOn: day(10), dueOn: day(5) }, 400, "campaign.bad_dates"],
      [{ startsOn: day(0), dueOn: day(400) }, 400, "campaign.bad_dates"],
      [{ dueOn: "2026-02-30" }, 400, "request.invalid"],
      [{ courseIds: ["no-such-course"] }, 400, "campaign.course_unavailable"],
      [{ courseIds: [] }, 400, "request.invalid"],
      [{ targetPercent: 0 }, 400, "request.invalid"],
      [{ targetPercent: 101 }, 400, "request.invalid"],
      [{ unitId: "dbn" }, 404, "unit.not_found"],
      [{ unitId: "no-such-unit" }, 404, "unit.not_found"],
    ];
    for (const [over, status, code] of cases) {
      const res = await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ ...over, title: `bad ${JSON.stringify(over)}` }) });
      expect(res.status, JSON.stringify(over)).toBe(status);
      expect(expectErrorShape(res.json).code, JSON.stringify(over)).toBe(code);
    }
    const list = await call("GET", "/admin/units/sla-muongbu/campaigns", { token: slaAdmin });
    expect(list.json.items.some((c: { title: string }) => c.title.startsWith("bad "))).toBe(false);
  });

  it("members, team leaders and admins of other places cannot set or read one", async () => {
    const id = (await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan() })).json.id;
    for (const token of [learner, leader, dbnAdmin]) {
      const res = await call("POST", "/admin/campaigns", { token, body: plan({ title: "not mine" }) });
      expect([403, 404]).toContain(res.status);
      expect((await call("GET", `/admin/campaigns/${id}`, { token })).status).toBe(404);
    }
    expect((await call("GET", "/admin/campaigns/not-a-uuid", { token: slaAdmin })).status).toBe(404);
  });
});

describe("following a campaign", () => {
  it("each child's completions count against the target, with a forecast from the recent pace", async () => {
    const created = await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ title: "Tiến độ", targetPercent: 50 }) });
    const id = created.json.id as string;
    const before = await call("GET", `/admin/campaigns/${id}`, { token: slaAdmin });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ id, unitId: "sla-muongbu", courseIds: ["camp-course"], dueOn: day(30), targetPercent: 50 });
    const team = () => before.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu-banbo");
    expect(team()).toMatchObject({ completed: 0, percent: 0, standing: "unknown", forecastPercent: null });
    const members = team().members as number;
    expect(members).toBeGreaterThan(0);
    expect(team().unfinished).toBe(members);

    // A week ago nobody had finished; today one member has: the pace reaches the due date.
    await db().doc.send(
      new PutCommand({
        TableName: db().table,
        Item: { ...campaignKeys.snapshot(id, day(-7)), day: day(-7), completed: { "sla-muongbu": 0, "sla-muongbu-banbo": 0 } },
      }),
    );
    await finishCourse(learner, "camp-course");
    const after = await call("GET", `/admin/campaigns/${id}`, { token: slaAdmin });
    const row = after.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu-banbo");
    expect(row.completed).toBe(1);
    expect(row.percent).toBe(Math.round(100 / members));
    expect(row.unfinished).toBe(members - 1);
    // 1 completion in 7 days, 30 days left: 1 + 30/7 expected.
    const expected = Math.min(100, Math.round(((1 + 30 / 7) / members) * 100));
    expect(row.forecastPercent).toBe(expected);
    expect(row.standing).toBe(row.percent >= 50 ? "reached" : expected >= 50 ? "on_track" : "behind");
    expect(after.json.completed).toBe(1);
    expect(after.json.completed).toBe(after.json.children.reduce((s: number, c: { completed: number }) => s + c.completed, 0));
  });

  it("the team leader sees their own team's view with names; other teams' members are never named", async () => {
    const id = (await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ title: "Tên" }) })).json.id;
    const own = await call("GET", `/admin/campaigns/${id}/units/sla-muongbu-banbo`, { token: leader });
    expect(own.status).toBe(200);
    expect(own.json.unfinishedMembers.length).toBe(own.json.members - own.json.completed);
    for (const person of own.json.unfinishedMembers) expect(person.missing).toEqual(["camp-course"]);
    // The campaign's own page compares teams by counts only.
    const whole = await call("GET", `/admin/campaigns/${id}`, { token: slaAdmin });
    expect(whole.json.unfinishedMembers).toBeUndefined();
    expect(JSON.stringify(whole.json.children)).not.toMatch(/fullName/);
    // Not the leader's commune view, nor the whole campaign.
    expect((await call("GET", `/admin/campaigns/${id}/units/sla-muongbu`, { token: leader })).status).toBe(404);
    expect((await call("GET", `/admin/campaigns/${id}`, { token: leader })).status).toBe(404);
    // A unit outside the campaign is not a view of it.
    expect((await call("GET", `/admin/campaigns/${id}/units/dbn`, { token: dbnAdmin })).status).toBe(404);
  });

  it("a commune admin follows the province's campaign for their commune", async () => {
    const id = (await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ unitId: "sla", title: "Tỉnh" }) })).json.id;
    expect((await call("GET", `/admin/campaigns/${id}`, { token: communeAdmin })).status).toBe(404);
    const view = await call("GET", `/admin/campaigns/${id}/units/sla-muongbu`, { token: communeAdmin });
    expect(view.status).toBe(200);
    expect(view.json.unitId).toBe("sla");
    expect(view.json.children.map((c: { unitId: string }) => c.unitId)).toContain("sla-muongbu-banbo");
    const list = await call("GET", "/admin/units/sla-muongbu/campaigns", { token: communeAdmin });
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe("a member's assignments", () => {
  it("lists each course of each campaign over the team that has started, unfinished first", async () => {
    const future = (await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ title: "Sau", startsOn: day(3), dueOn: day(20) }) })).json.id;
    const running = (
      await call("POST", "/admin/campaigns", {
        token: slaAdmin,
        body: plan({ unitId: "sla", title: "Hai khoá", courseIds: ["camp-other", "camp-course"], dueOn: day(10) }),
      })
    ).json.id;
    const res = await call("GET", "/me/assignments", { token: learner });
    expect(res.status).toBe(200);
    const items = res.json.items as { campaignId: string; courseId: string; completed: boolean; dueOn: string }[];
    expect(items.some((i) => i.campaignId === future)).toBe(false);
    const mine = items.filter((i) => i.campaignId === running);
    expect(mine.map((i) => [i.courseId, i.completed])).toEqual([
      ["camp-other", false],
      ["camp-course", true],
    ]);
    expect(items.findIndex((i) => !i.completed)).toBe(0);
    // Someone in another province is not assigned Sơn La's campaigns.
    const other = await call("GET", "/me/assignments", { token: dbnAdmin });
    expect(other.json.items.some((i: { campaignId: string }) => i.campaignId === running)).toBe(false);
    expect((await call("GET", "/me/assignments")).status).toBe(401);
  });
});

describe("completion lists by campaign", () => {
  it("list the campaign's courses only, for a unit inside it; a campaign elsewhere is refused", async () => {
    const id = (await call("POST", "/admin/campaigns", { token: slaAdmin, body: plan({ title: "Danh sách", courseIds: ["camp-course", "camp-other"] }) })).json
      .id;
    const started = await call("POST", "/admin/exports", { token: slaAdmin, body: { unitId: "sla-muongbu-banbo", campaignId: id, format: "csv" } });
    expect(started.status).toBe(202);
    await Job.idle();
    const status = await call("GET", `/admin/exports/${started.json.id}`, { token: slaAdmin });
    expect(status.json.status).toBe("done");
    const text = await (await app.request(status.json.downloadUrl)).text();
    const lines = text.trim().split(/\r?\n/).slice(1);
    expect(lines.length).toBeGreaterThan(0);
    const titles = new Set(lines.map((line) => line.split(",")[5]));
    expect([...titles].sort()).toEqual(["Khoá học thử nghiệm"]);
    // Two courses per member.
    const names = lines.map((line) => line.split(",")[0]);
    for (const name of new Set(names)) expect(names.filter((n) => n === name)).toHaveLength(2);
    const elsewhere = await call("POST", "/admin/exports", { token: slaAdmin, body: { unitId: "dbn", campaignId: id, format: "csv" } });
    expect(elsewhere.status).toBe(404);
    const unknown = await call("POST", "/admin/exports", { token: slaAdmin, body: { unitId: "sla-muongbu", campaignId: randomUUID(), format: "csv" } });
    expect(expectErrorShape(unknown.json).code).toBe("campaign.not_found");
  });
});

describe("when units merge", () => {
  it("a campaign set for the merged unit goes with it, once", async () => {
    const nation = (await signIn("0912000006")).accessToken;
    const a = await Unit.create({ code: "CAMP-A", name: "Xã Cũ", kind: "commune", parentId: "sla" });
    const b = await Unit.create({ code: "CAMP-B", name: "Xã Mới", kind: "commune", parentId: "sla" });
    const id = (await call("POST", "/admin/campaigns", { token: nation, body: plan({ unitId: a.id, title: "Theo xã" }) })).json.id;
    expect(await Campaign.moveAll(a.id, b.id, { userId: "system" })).toBe(1);
    expect(await Campaign.moveAll(a.id, b.id, { userId: "system" })).toBe(0);
    const moved = await Campaign.get(id);
    expect(moved).toMatchObject({ unitId: b.id, movedFrom: [a.id] });
    const list = await call("GET", `/admin/units/${b.id}/campaigns`, { token: nation });
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await call("GET", `/admin/units/${a.id}/campaigns`, { token: nation })).json.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });
});

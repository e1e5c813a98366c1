import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Activity } from "../../packages/core/src/activity";
import { activityKeys } from "../../packages/core/src/activity/activity.entity";
import { db } from "../../packages/core/src/db/client";
import { fieldWorkMonth } from "../../packages/core/src/model";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

/** Field work through the real app: records, replays, roll-up, the rules a record must meet, targets, reports. */

let learner: string;
let learnerId: string;
let leader: string;
let slaAdmin: string;
let nation: string;
let dbnMember: string;

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const record = (over: Record<string, unknown> = {}) => ({ id: randomUUID(), at: hoursAgo(1), skill: "payments", outcome: "cashless-bill", people: 3, ...over });
const post = (token: string, activities: unknown[]) => call("POST", "/activities", { token, body: { activities } });

/** The demo team's lineage, root first. */
const LINEAGE = ["vn", "sla", "sla-muongbu", "sla-muongbu-banbo"] as const;
const helpedUpTheTree = async () => Object.fromEntries(await Promise.all(LINEAGE.map(async (id) => [id, (await Unit.stats(id)).helped] as const)));

beforeAll(async () => {
  await seedDemo();
  const session = await signIn("0912000001");
  learner = session.accessToken;
  learnerId = session.user.id;
  leader = (await signIn("0912000005")).accessToken;
  slaAdmin = (await signIn("0912000003")).accessToken;
  nation = (await signIn("0912000006")).accessToken;
  await User.ensure({ phone: "0911000033", fullName: "Mùa A Dế", password: "RuongBac2026", roles: ["member"], unitId: "dbn-dienbienphu-tdp1" });
  dbnMember = (await signIn("0911000033", "RuongBac2026")).accessToken;
});

describe("recording help given to residents", () => {
  it("accepts records, counts them once up the tree, and a replay (even concurrent) adds nothing", async () => {
    const before = await helpedUpTheTree();
    const batch = [record({ people: 4 }), record({ skill: "public-services", outcome: "vneid-level2", people: 7, place: "Bản Bó" })];
    const first = await post(learner, batch);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accepted: batch.map((r) => r.id) });
    const replays = await Promise.all([post(learner, batch), post(learner, batch), post(learner, [...batch].reverse())]);
    for (const replay of replays) expect(replay.status).toBe(200);
    const after = await helpedUpTheTree();
    for (const id of LINEAGE) expect(after[id], id).toBe(before[id]! + 11);
  });

  it("the same new records sent several times at once are counted once", async () => {
    const before = await helpedUpTheTree();
    const batch = [record({ people: 2 }), record({ outcome: "ewallet-or-bank", people: 5 })];
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(learner, batch)));
    for (const answer of answers) expect(answer.json).toEqual({ accepted: batch.map((r) => r.id) });
    const after = await helpedUpTheTree();
    for (const id of LINEAGE) expect(after[id], id).toBe(before[id]! + 7);
  });

  it("each level's figure in the reports equals the sum of its children's", async () => {
    await post(dbnMember, [record({ people: 9, skill: "cyber-safety", outcome: "scam-reported" })]);
    const national = await call("GET", "/admin/units/vn/report", { token: nation });
    expect(national.status).toBe(200);
    const sum = (rows: { helped: number }[]) => rows.reduce((total, row) => total + row.helped, 0);
    expect(national.json.unit.helped).toBe(sum(national.json.children));
    expect(national.json.children.find((c: { unitId: string }) => c.unitId === "dbn").helped).toBe(9);
    const province = await call("GET", "/admin/units/sla/report", { token: slaAdmin });
    expect(province.json.unit.helped).toBe(sum(province.json.children));
    expect(national.json.children.find((c: { unitId: string }) => c.unitId === "sla").helped).toBe(province.json.unit.helped);
    const commune = await call("GET", "/admin/units/sla-muongbu/report", { token: slaAdmin });
    expect(commune.json.unit.helped).toBe(sum(commune.json.children));
    const team = commune.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu-banbo");
    expect(team.helped).toBe((await Unit.stats("sla-muongbu-banbo")).helped);
    expect(team.helped).toBeGreaterThanOrEqual(18);
  });

  it("a team's month is read by skill and outcome against the target an admin sets (audited)", async () => {
    const month = fieldWorkMonth(new Date());
    const before = await call("GET", `/admin/units/sla-muongbu-banbo/field-work?month=${month}`, { token: leader });
    expect(before.status).toBe(200);
    await post(learner, [record({ at: new Date().toISOString(), skill: "e-commerce", outcome: "product-listed", people: 6 })]);
    const after = await call("GET", `/admin/units/sla-muongbu-banbo/field-work?month=${month}`, { token: leader });
    expect(after.json.people).toBe(before.json.people + 6);
    expect(after.json.sessions).toBe(before.json.sessions + 1);
    expect(after.json.bySkill["e-commerce"]).toEqual({
      people: (before.json.bySkill["e-commerce"]?.people ?? 0) + 6,
      sessions: (before.json.bySkill["e-commerce"]?.sessions ?? 0) + 1,
    });
    expect(after.json.byOutcome["product-listed"].people).toBe((before.json.byOutcome["product-listed"]?.people ?? 0) + 6);
    const commune = await call("GET", `/admin/units/sla-muongbu/field-work?month=${month}`, { token: slaAdmin });
    expect(commune.json.people).toBeGreaterThanOrEqual(after.json.people);
    expect(commune.json.target).toBeNull();

    expect(after.json.target).toBeNull();
    // Only an admin over the team sets its target; its leader and other provinces' admins cannot.
    expect((await call("PUT", "/admin/units/sla-muongbu-banbo/field-work/target", { token: leader, body: { peoplePerMonth: 50 } })).status).toBe(404);
    const set = await call("PUT", "/admin/units/sla-muongbu-banbo/field-work/target", { token: slaAdmin, body: { peoplePerMonth: 50 } });
    expect(set.json).toEqual({ unitId: "sla-muongbu-banbo", peoplePerMonth: 50 });
    await call("PUT", "/admin/units/sla-muongbu-banbo/field-work/target", { token: slaAdmin, body: { peoplePerMonth: 50 } });
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/field-work", { token: leader })).json.target).toBe(50);
    const audit = await call("GET", "/admin/units/sla-muongbu-banbo/audit", { token: slaAdmin });
    const entries = audit.json.items.filter((e: { action: string }) => e.action === "field_work.target_set");
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toMatchObject({ peoplePerMonth: 50, previous: null });
    const notTeam = await call("PUT", "/admin/units/sla-muongbu/field-work/target", { token: slaAdmin, body: { peoplePerMonth: 50 } });
    expect([notTeam.status, notTeam.json.error.code]).toEqual([400, "field_work.not_a_team"]);
    expect((await call("PUT", "/admin/units/sla-muongbu-banbo/field-work/target", { token: slaAdmin, body: { peoplePerMonth: -1 } })).status).toBe(400);
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/field-work?month=2026-13", { token: leader })).status).toBe(400);
  });

  it("lists the member's own records, newest first, without what they noted about residents", async () => {
    const newest = record({ at: new Date().toISOString(), resident: { name: "Lò Văn Tâm", consent: true } });
    await post(learner, [newest]);
    const mine = await call("GET", "/activities", { token: learner });
    expect(mine.status).toBe(200);
    expect(mine.json.items[0]).toMatchObject({ id: newest.id, skill: "payments", people: 3, unitId: "sla-muongbu-banbo" });
    expect(JSON.stringify(mine.json)).not.toContain("Lò Văn Tâm");
    const ats = mine.json.items.map((item: { at: string }) => item.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect((await call("GET", "/activities", { token: leader })).json.items).toEqual([]);
  });
});

describe("the rules a record must meet", () => {
  const refused = async (over: Record<string, unknown>, status: number, code: string) => {
    const before = await helpedUpTheTree();
    const answer = await post(learner, [record(over)]);
    expect(answer.status, JSON.stringify(answer.json)).toBe(status);
    expect(expectErrorShape(answer.json).code).toBe(code);
    expect(await helpedUpTheTree()).toEqual(before);
    return answer;
  };

  it("refuses dates in the future (beyond a few minutes' clock skew) and older than 60 days", async () => {
    await refused({ at: new Date(Date.now() + 3_600_000).toISOString() }, 400, "activity.future_date");
    const tooOld = await refused({ at: hoursAgo(61 * 24) }, 400, "activity.too_old");
    expect(tooOld.json.error.params).toEqual({ days: 60 });
    expect((await post(learner, [record({ at: new Date(Date.now() + 60_000).toISOString() })])).status).toBe(200);
    expect((await post(learner, [record({ at: hoursAgo(59 * 24) })])).status).toBe(200);
  });

  it("refuses counts under 1, over 200 or not whole", async () => {
    for (const people of [0, -3, 201, 1.5]) await refused({ people }, 400, "activity.people_out_of_range");
    expect((await post(learner, [record({ people: 200 })])).status).toBe(200);
  });

  it("refuses unknown skills and outcomes", async () => {
    await refused({ skill: "space-travel" }, 400, "activity.unknown_skill");
    await refused({ outcome: "cured-everything" }, 400, "activity.unknown_outcome");
  });

  it("keeps a resident's name or phone only with their consent", async () => {
    await refused({ resident: { name: "Lò Văn Tâm", consent: false } }, 400, "activity.consent_required");
    await refused({ resident: { phone: "0912345678", consent: false } }, 400, "activity.consent_required");
    const { doc, table } = db();
    const stored = async (id: string) => (await doc.send(new GetCommand({ TableName: table, Key: activityKeys.activity(learnerId, id) }))).Item;
    const consented = record({ resident: { name: "Lò Văn Tâm", phone: "0912345678", consent: true } });
    expect((await post(learner, [consented])).status).toBe(200);
    expect((await stored(consented.id))?.resident).toMatchObject({ name: "Lò Văn Tâm", phone: "0912345678", consentAt: expect.any(String) });
    const anonymous = record({ resident: { consent: false } });
    expect((await post(learner, [anonymous])).status).toBe(200);
    const plain = await stored(anonymous.id);
    expect(plain).toBeDefined();
    expect(plain?.resident).toBeUndefined();
  });

  it("refuses another team's unit, and people who are not team members", async () => {
    await refused({ unitId: "sla-muongbu-huangay" }, 403, "activity.not_your_team");
    expect((await post(learner, [record({ unitId: "sla-muongbu-banbo" })])).status).toBe(200);
    for (const staff of [slaAdmin, nation, (await signIn("0912000002")).accessToken]) {
      const answer = await post(staff, [record()]);
      expect([answer.status, answer.json.error.code]).toEqual([403, "activity.not_a_member"]);
    }
  });

  it("a batch with a bad record writes nothing and names each refused record; the good ones go alone", async () => {
    const good = record({ people: 8 });
    const bad = [record({ people: 500 }), record({ skill: "nope" })];
    const before = await helpedUpTheTree();
    const answer = await post(learner, [good, ...bad]);
    expect([answer.status, answer.json.error.code]).toEqual([400, "activity.batch_rejected"]);
    expect(answer.json.error.details.items).toEqual([
      { id: bad[0]!.id, code: "activity.people_out_of_range", params: { min: 1, max: 200 } },
      { id: bad[1]!.id, code: "activity.unknown_skill" },
    ]);
    expect(await helpedUpTheTree()).toEqual(before);
    expect((await post(learner, [good])).json).toEqual({ accepted: [good.id] });
    expect((await helpedUpTheTree())["sla-muongbu-banbo"]).toBe(before["sla-muongbu-banbo"]! + 8);
  });

  it("refuses malformed requests with a 400 and no partial state", async () => {
    for (const body of [
      {},
      { activities: [] },
      { activities: [record({ id: "not-a-uuid" })] },
      { activities: [record({ at: "yesterday" })] },
      { activities: "x" },
    ]) {
      const answer = await call("POST", "/activities", { token: learner, body });
      expect(answer.status).toBe(400);
      expect(expectErrorShape(answer.json).code).toBe("request.invalid");
    }
    const tooMany = Array.from({ length: 51 }, () => record());
    expect((await post(learner, tooMany)).status).toBe(400);
  });

  it("a record accepted once is accepted again later, even when it has since grown too old", async () => {
    const old = record({ at: hoursAgo(59 * 24) });
    expect((await post(learner, [old])).status).toBe(200);
    const before = await helpedUpTheTree();
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect(await Activity.record(learnerId, { activities: [old] }, later)).toEqual({ accepted: [old.id] });
    expect(await helpedUpTheTree()).toEqual(before);
  });

  it("is rate limited per member like lesson events", async () => {
    // One fixed clock for the three calls, so all fall in one window whatever the time.
    const now = new Date();
    const memberId = (await signIn("0911000033", "RuongBac2026")).user.id;
    const send = () => Activity.record(memberId, { activities: Array.from({ length: 50 }, () => record({ people: 0 })) }, now).catch((err) => err.code);
    expect([await send(), await send(), await send()]).toEqual(["activity.batch_rejected", "activity.batch_rejected", "request.rate_limited"]);
  });
});

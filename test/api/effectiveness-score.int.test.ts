import { randomUUID } from "node:crypto";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { Activity } from "../../packages/core/src/activity";
import { Effectiveness } from "../../packages/core/src/effectiveness";
import { DEFAULT_EFFECTIVENESS_WEIGHTS, previousVietnamMonth, type TeamRanking, type TeamScore, vietnamDay } from "../../packages/core/src/model";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { answers, importTestCourse } from "../fixtures/course";
import { app, call, seedDemo, signIn } from "./client";

/**
 * Team effectiveness through the real app: scores that move with help and learning, the rolling window, the
 * province's weights, the commune's ranking (teams, never people), monthly badges decided once, the certificate.
 */

let learner: string;
let leader: string;
let slaAdmin: string;
let communeAdmin: string;
let nation: string;
let otherCommuneAdmin: string;

const DAY = 86_400_000;
const help = (at: Date, people: number) => ({ activities: [{ id: randomUUID(), at: at.toISOString(), skill: "payments", outcome: "cashless-bill", people }] });
const rankingOf = async (unitId: string, token = communeAdmin) => {
  const res = await call("GET", `/admin/units/${unitId}/team-ranking`, { token });
  expect(res.status).toBe(200);
  return res.json as TeamRanking;
};
const team = (ranking: { teams: TeamScore[] }, unitId: string) => ranking.teams.find((t) => t.unitId === unitId)!;

async function finishCourse(token: string, courseId: string) {
  for (const m of ["m1", "m2"]) {
    const res = await call("POST", `/quizzes/${courseId}.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    expect(res.status).toBe(200);
  }
  const events = ["m1", "m2"].flatMap((m) => ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId, lessonId: `${m}-${l}` })));
  expect((await call("POST", "/progress", { token, body: { events } })).status).toBe(200);
}

/** A commune of its own (under Sơn La) with `teams` teams of `members` members each: ids and member ids. */
async function commune(id: string, teams: string[], members = 2) {
  await Unit.create({ id, code: id.toUpperCase(), name: `Xã ${id}`, kind: "commune", parentId: "sla" });
  const people: Record<string, string[]> = {};
  let phone = 0;
  for (const [i, name] of teams.entries()) {
    const teamId = `${id}-t${i + 1}`;
    await Unit.create({ id: teamId, code: teamId.toUpperCase(), name, kind: "team", parentId: id });
    people[teamId] = [];
    for (let m = 0; m < members; m++) {
      const user = await User.ensure({
        phone: `038${String(id.length * 7 + i * 10 + m + phone++).padStart(3, "0")}${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`,
        fullName: `Người Thử ${"ABCDEFGHIJ"[m]}`,
        password: "RuongBac2026",
        roles: ["member"],
        unitId: teamId,
      });
      people[teamId]!.push(user.id);
    }
  }
  return people;
}

beforeAll(async () => {
  await seedDemo();
  await importTestCourse("eff-course");
  learner = (await signIn("0912000001")).accessToken;
  leader = (await signIn("0912000005")).accessToken;
  slaAdmin = (await signIn("0912000003")).accessToken;
  nation = (await signIn("0912000006")).accessToken;
  communeAdmin = (await signIn("0912000007")).accessToken;
  await User.ensure({ phone: "0911000002", fullName: "Hà Thị Thu", password: "RuongBac2026", roles: ["admin"], unitId: "sla-tohieu" });
  otherCommuneAdmin = (await signIn("0911000002", "RuongBac2026")).accessToken;
});

describe("a team's score", () => {
  it("moves up when members record help and finish courses, each component with its reason", async () => {
    const before = team(await rankingOf("sla-muongbu"), "sla-muongbu-banbo");
    expect(before.components.help.score).toBe(0);
    expect(before.components.help.reason).toEqual({
      code: "default_target",
      params: { people: 0, target: 4 * before.members, perMember: 4, members: before.members },
    });
    expect(before.components.activity.reason.code).toBe("active");

    expect((await call("POST", "/activities", { token: learner, body: help(new Date(), 3) })).status).toBe(200);
    const helped = team(await rankingOf("sla-muongbu"), "sla-muongbu-banbo");
    expect(helped.components.help.reason.params.people).toBe(3);
    expect(helped.components.help.score).toBe(Math.round((3 / (4 * before.members)) * 100));
    expect(helped.components.activity.reason.params.active).toBeGreaterThan(before.components.activity.reason.params.active!);
    expect(helped.score).toBeGreaterThan(before.score);

    // A target set by an admin replaces the default.
    expect((await call("PUT", "/admin/units/sla-muongbu-banbo/field-work/target", { token: slaAdmin, body: { peoplePerMonth: 6 } })).status).toBe(200);
    const targeted = team(await rankingOf("sla-muongbu"), "sla-muongbu-banbo");
    expect(targeted.components.help).toMatchObject({ score: 50, reason: { code: "target", params: { people: 3, target: 6 } } });

    // Learning: a campaign over the commune makes completion "against the target"; finishing its course moves it.
    const today = vietnamDay(new Date());
    const dueOn = vietnamDay(new Date(Date.now() + 30 * DAY));
    const campaign = await call("POST", "/admin/campaigns", {
      token: slaAdmin,
      body: { unitId: "sla-muongbu", courseIds: ["eff-course"], startsOn: today, dueOn, targetPercent: 50 },
    });
    expect(campaign.status).toBe(201);
    const planned = team(await rankingOf("sla-muongbu"), "sla-muongbu-banbo");
    expect(planned.components.completion).toMatchObject({ score: 0, reason: { code: "campaigns", params: { campaigns: 1, percentOfTarget: 0 } } });
    await finishCourse(learner, "eff-course");
    const learned = team(await rankingOf("sla-muongbu"), "sla-muongbu-banbo");
    const expected = Math.min(100, Math.round((Math.round((1 / learned.members) * 100) / 50) * 100));
    expect(learned.components.completion.score).toBe(expected);
    expect(learned.components.quiz).toMatchObject({ score: 100, reason: { code: "average", params: { average: 100 } } });
    expect(learned.score).toBeGreaterThan(targeted.score);
    // The score is the rounded weighted sum of the components.
    const sum = Object.values(learned.components).reduce((total, c) => total + c.score * c.weight, 0) / 100;
    expect(learned.score).toBe(Math.round(sum));
  });

  it("counts help over a rolling 30 days: help 31 days old or more is not counted", async () => {
    const people = await commune("eff-roll", ["Tổ Lăn Một"], 1);
    const [memberId] = people["eff-roll-t1"]!;
    const now = new Date();
    await Activity.record(memberId!, help(new Date(now.getTime() - 20 * DAY), 4), now);
    await Activity.record(memberId!, help(new Date(now.getTime() - 40 * DAY), 7), now);
    const unit = (await Unit.get("eff-roll"))!;
    const today = await Effectiveness.rankTeams(unit, now);
    expect(today.teams[0]!.components.help.reason.params.people).toBe(4);
    expect(today.teams[0]!.components.activity.reason.params).toEqual({ active: 1, members: 1 });
    // Ten days later the record is 30 days old (its day is still the window's first); eleven days later, 31: out.
    const edge = await Effectiveness.rankTeams(unit, new Date(now.getTime() + 9 * DAY));
    expect(edge.teams[0]!.components.help.reason.params.people).toBe(4);
    const later = await Effectiveness.rankTeams(unit, new Date(now.getTime() + 11 * DAY));
    expect(later.teams[0]!.components.help.reason.params.people).toBe(0);
    expect(later.teams[0]!.components.activity.reason.params.active).toBe(0);
    // The all-time and month counters still hold all of it.
    expect((await Unit.stats("eff-roll-t1")).helped).toBe(11);
  });
});

describe("weights per province", () => {
  it("refuses anything but four whole numbers from 0 adding up to 100", async () => {
    for (const body of [
      { completion: 25, quiz: 15, help: 35, activity: 24 },
      { completion: -5, quiz: 45, help: 35, activity: 25 },
      { completion: 25.5, quiz: 14.5, help: 35, activity: 25 },
      { completion: 40, quiz: 25, help: 35 },
      { completion: "25", quiz: 15, help: 35, activity: 25 },
    ]) {
      const res = await call("PUT", "/admin/units/sla/effectiveness-weights", { token: slaAdmin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const commune = await call("PUT", "/admin/units/sla-muongbu/effectiveness-weights", { token: slaAdmin, body: DEFAULT_EFFECTIVENESS_WEIGHTS });
    expect([commune.status, commune.json.error.code]).toEqual([400, "effectiveness.not_a_province"]);
    // Commune admins, team leaders and other provinces' admins cannot set them.
    expect((await call("PUT", "/admin/units/sla/effectiveness-weights", { token: communeAdmin, body: DEFAULT_EFFECTIVENESS_WEIGHTS })).status).toBe(404);
    expect((await call("PUT", "/admin/units/sla/effectiveness-weights", { token: leader, body: DEFAULT_EFFECTIVENESS_WEIGHTS })).status).toBe(404);
  });

  it("a province's weights apply to its communes' rankings (and not elsewhere); setting them again changes nothing", async () => {
    const before = await call("GET", "/admin/units/sla-muongbu/effectiveness-weights", { token: communeAdmin });
    expect(before.json).toEqual({ weights: DEFAULT_EFFECTIVENESS_WEIGHTS, source: "default", provinceId: "sla", editable: false });
    const outreachOnly = { completion: 0, quiz: 0, help: 100, activity: 0 };
    const set = await call("PUT", "/admin/units/sla/effectiveness-weights", { token: slaAdmin, body: outreachOnly });
    expect(set.json).toEqual({ weights: outreachOnly, source: "province", provinceId: "sla", editable: true });
    expect((await call("PUT", "/admin/units/sla/effectiveness-weights", { token: slaAdmin, body: outreachOnly })).status).toBe(200);
    const audit = await call("GET", "/admin/units/sla/audit", { token: slaAdmin });
    expect(audit.json.items.filter((e: { action: string }) => e.action === "effectiveness.weights_set")).toHaveLength(1);

    const ranking = await rankingOf("sla-muongbu");
    expect(ranking.weights).toMatchObject({ weights: outreachOnly, source: "province" });
    const banbo = team(ranking, "sla-muongbu-banbo");
    expect(banbo.score).toBe(banbo.components.help.score);
    expect(banbo.learning).toBe(0);
    // Another province keeps the defaults.
    const elsewhere = await call("GET", "/admin/units/dbn/effectiveness-weights", { token: nation });
    expect(elsewhere.json).toMatchObject({ weights: DEFAULT_EFFECTIVENESS_WEIGHTS, source: "default", editable: true });
    // The nation's admins may set a province's weights too.
    const back = await call("PUT", "/admin/units/sla/effectiveness-weights", { token: nation, body: DEFAULT_EFFECTIVENESS_WEIGHTS });
    expect(back.json.weights).toEqual(DEFAULT_EFFECTIVENESS_WEIGHTS);
  });
});

describe("a commune's ranking", () => {
  it("ranks teams by score, ties broken by outreach, learning then name, and names no member", async () => {
    const people = await commune("eff-rank", ["Tổ Cúc", "Tổ Bưởi", "Tổ Anh Đào", "Tổ Dừa"]);
    const now = new Date();
    // Tổ Bưởi helps most; Tổ Dừa less; Tổ Cúc and Tổ Anh Đào nothing (a tie at 0, broken by name).
    await Activity.record(people["eff-rank-t2"]![0]!, help(now, 8), now);
    await Activity.record(people["eff-rank-t4"]![0]!, help(now, 2), now);
    const ranking = await rankingOf("eff-rank", slaAdmin);
    expect(ranking.teams.map((t) => [t.name, t.rank])).toEqual([
      ["Tổ Bưởi", 1],
      ["Tổ Dừa", 2],
      ["Tổ Anh Đào", 3],
      ["Tổ Cúc", 4],
    ]);
    expect(ranking.teams[0]!.components.help.score).toBe(100);
    expect(ranking.teams[1]!.components.activity.reason.params).toEqual({ active: 1, members: 2 });
    const text = JSON.stringify(ranking);
    expect(text).not.toContain("Người Thử");
    expect(text).not.toMatch(/fullName|phone|userId/);
    // The demo commune's ranking names no member either.
    const demo = JSON.stringify(await rankingOf("sla-muongbu"));
    for (const name of ["Lò Thị Hương", "Lường Văn Phúc"]) expect(demo).not.toContain(name);
  });

  it("is for admins over the commune: not its team leaders, members or other communes' admins", async () => {
    expect((await call("GET", "/admin/units/sla-muongbu/team-ranking", { token: leader })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/team-ranking", { token: learner })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/team-ranking", { token: otherCommuneAdmin })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/team-ranking", { token: slaAdmin })).status).toBe(200);
    const notCommune = await call("GET", "/admin/units/sla/team-ranking", { token: slaAdmin });
    expect([notCommune.status, notCommune.json.error.code]).toEqual([400, "effectiveness.not_a_commune"]);
    // A team leader reads their own team's badges; a member and other communes' admins do not.
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/badges", { token: leader })).status).toBe(200);
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/badges", { token: learner })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/badges", { token: otherCommuneAdmin })).status).toBe(404);
  });
});

describe("monthly recognition", () => {
  it("the best teams of a commune get a badge, decided once: the stored month never changes", async () => {
    const names = ["Tổ Hiệu Quả Đông", "Tổ Bắc", "Tổ Nam", "Tổ Tây", "Tổ Giữa", "Tổ Trên", "Tổ Dưới"];
    const people = await commune("eff-award", names, 1);
    const now = new Date();
    const month = previousVietnamMonth(now);
    // Help in last month: the month's counters measure it (default target: 4 a member). Four teams helped, in this order.
    const inLastMonth = new Date(`${month}-15T10:00:00+07:00`);
    await Activity.record(people["eff-award-t1"]![0]!, help(inLastMonth, 4), now);
    await Activity.record(people["eff-award-t2"]![0]!, help(inLastMonth, 3), now);
    await Activity.record(people["eff-award-t3"]![0]!, help(inLastMonth, 2), now);
    await Activity.record(people["eff-award-t4"]![0]!, help(inLastMonth, 1), now);
    const unit = (await Unit.get("eff-award"))!;
    const first = (await Effectiveness.awardCommune(unit, month, now))!;
    // 7 teams: at most one in three (rounded up) and at most 3: three badges.
    expect(first.recognised).toEqual(["eff-award-t1", "eff-award-t2", "eff-award-t3"]);
    expect(first.ranking).toHaveLength(7);

    // Later help in that month, or asking again, changes nothing: the month is closed.
    await Activity.record(people["eff-award-t7"]![0]!, help(inLastMonth, 50), now);
    const again = await Effectiveness.awardCommune(unit, month, new Date(now.getTime() + 1000));
    expect(again).toEqual(first);
    const concurrent = await Promise.all([1, 2, 3].map(() => Effectiveness.awardCommune(unit, month, now)));
    for (const award of concurrent) expect(award).toEqual(first);
    // A month never decided in time stays undecided; the current month is not decided before it ends.
    expect(await Effectiveness.awardCommune(unit, "2020-01", now)).toBeUndefined();
    expect(await Effectiveness.awardCommune(unit, vietnamDay(now).slice(0, 7), now)).toBeUndefined();

    const badges = await call("GET", "/admin/units/eff-award-t1/badges", { token: slaAdmin });
    expect(badges.status).toBe(200);
    expect(badges.json.items).toEqual([
      expect.objectContaining({ month, unitId: "eff-award-t1", teamName: "Tổ Hiệu Quả Đông", communeName: "Xã eff-award", rank: 1, teams: 7 }),
    ]);
    expect((await call("GET", "/admin/units/eff-award-t7/badges", { token: slaAdmin })).json.items).toEqual([]);
    const ranking = await rankingOf("eff-award", slaAdmin);
    expect(ranking.recognised).toEqual({ month, unitIds: ["eff-award-t1", "eff-award-t2", "eff-award-t3"] });
  });

  it("a commune of two teams recognises one, and only a team that scored", async () => {
    const people = await commune("eff-pair", ["Tổ Một", "Tổ Hai"], 1);
    const now = new Date();
    const month = previousVietnamMonth(now);
    const unit = (await Unit.get("eff-pair"))!;
    await Activity.record(people["eff-pair-t2"]![0]!, help(new Date(`${month}-10T10:00:00+07:00`), 3), now);
    expect((await Effectiveness.awardCommune(unit, month, now))!.recognised).toEqual(["eff-pair-t2"]);
    await Unit.create({ id: "eff-none", code: "EFF-NONE", name: "Xã Không", kind: "commune", parentId: "sla" });
    await Unit.create({ id: "eff-none-t1", code: "EFF-NONE-T1", name: "Tổ Trống", kind: "team", parentId: "eff-none" });
    expect((await Effectiveness.awardCommune((await Unit.get("eff-none"))!, month, now))!.recognised).toEqual([]);
  });

  it("the daily tick decides every commune once, then ends early", async () => {
    const now = new Date();
    const stored = await Effectiveness.awardCommune((await Unit.get("eff-award"))!, previousVietnamMonth(now), now);
    const first = await Effectiveness.awardMonth(now);
    expect(first).toMatchObject({ month: previousVietnamMonth(now), alreadyDone: false });
    expect(first.communes).toBeGreaterThanOrEqual(5);
    expect(await Effectiveness.awardMonth(new Date(now.getTime() + DAY))).toMatchObject({ alreadyDone: true, communes: first.communes });
    expect(await Effectiveness.awardCommune((await Unit.get("eff-award"))!, previousVietnamMonth(now), now)).toEqual(stored);
  });

  it("prints the team's certificate in Vietnamese; a month without a badge has none", async () => {
    const month = previousVietnamMonth(new Date());
    const path = `/api/v1/admin/units/eff-award-t1/badges/${month}/certificate.pdf`;
    const res = await app.request(path, { headers: { authorization: `Bearer ${slaAdmin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), { mergePages: true });
    expect(text).toContain("GIẤY KHEN");
    expect(text).toContain("Tổ Hiệu Quả Đông");
    expect(text).toContain(`Tổ Công nghệ số cộng đồng xuất sắc tháng ${month.slice(5)}/${month.slice(0, 4)}`);
    expect(text).toContain("Xã eff-award");
    expect(text).toContain("Xếp hạng 1/7");
    const none = await call("GET", `/admin/units/eff-award-t7/badges/${month}/certificate.pdf`, { token: slaAdmin });
    expect([none.status, none.json.error.code]).toEqual([404, "effectiveness.badge_not_found"]);
    expect((await call("GET", `/admin/units/eff-award-t1/badges/${month}/certificate.pdf`, { token: otherCommuneAdmin })).status).toBe(404);
    expect((await call("GET", "/admin/units/eff-award-t1/badges/2026-13/certificate.pdf", { token: slaAdmin })).status).toBe(404);
  });
});

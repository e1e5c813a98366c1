import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../packages/api/src/jobs";
import { Job } from "../../packages/core/src/job";
import { Seed } from "../../packages/core/src/seed";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { getStored } from "../../packages/core/src/user/store";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

const CONTENT = new URL("../../content/courses", import.meta.url).pathname;
const PASSWORD = "Nguoi-dan-2026";

let sla: string;

beforeAll(async () => {
  await seedDemo();
  await Seed.curriculum(CONTENT);
  sla = (await signIn("0912000003")).accessToken;
}, 120_000);

const citizen = (phone: string, communeCode = "03847") => ({
  phone,
  password: PASSWORD,
  fullName: "Lò Văn Dân",
  communeCode,
  audience: "citizen",
  consent: true,
});

async function muongBuRow() {
  const report = await call("GET", "/admin/units/sla/report", { token: sla });
  expect(report.status).toBe(200);
  return report.json.children.find((row: { unitId: string }) => row.unitId === "sla-muongbu");
}

describe("the official lists for the register screen", () => {
  it("lists the provinces and a province's communes, public and cacheable", async () => {
    const provinces = await call("GET", "/units/provinces");
    expect(provinces.status).toBe(200);
    expect(provinces.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
    expect(provinces.json.items).toContainEqual({ code: "14", name: "Tỉnh Sơn La" });
    const communes = await call("GET", "/units/provinces/14/communes");
    expect(communes.status).toBe(200);
    expect(communes.json.items).toHaveLength(75);
    expect(communes.json.items).toContainEqual({ code: "03847", name: "Xã Mường Bú" });
    // Teams are not communes.
    expect(communes.json.items.map((item: { code: string }) => item.code)).not.toContain("SLA-MUONGBU-BANBO");
    expect((await call("GET", "/units/provinces/SLA/communes")).json.items).toHaveLength(75);
  });

  it("answers 404 for a code that is not a province", async () => {
    for (const code of ["99", "03847", "x"]) {
      const res = await call("GET", `/units/provinces/${code}/communes`);
      expect(res.status).toBe(404);
      expect(expectErrorShape(res.json).code).toBe("unit.not_found");
    }
  });
});

describe("citizens as learners", () => {
  it("registers a resident without a join code, counted apart from the team members", async () => {
    const before = await muongBuRow();
    const res = await call("POST", "/auth/register", { body: citizen("0912700001") });
    expect(res.status).toBe(201);
    expect(res.json.accessToken).toBeTruthy();
    expect(res.json.user).toMatchObject({ roles: ["citizen"], unitId: null, communeId: "sla-muongbu" });
    const after = await muongBuRow();
    expect(after.citizens).toBe(before.citizens + 1);
    expect({ members: after.members, pending: after.pending, completed: after.completed, percent: after.percent }).toEqual({
      members: before.members,
      pending: before.pending,
      completed: before.completed,
      percent: before.percent,
    });
    const province = await call("GET", "/admin/units/sla/report", { token: sla });
    expect(province.json.unit.citizens).toBeGreaterThanOrEqual(1);
  });

  it("shows a citizen only the citizens' catalogue", async () => {
    const token = (await signIn("0912700001", PASSWORD)).accessToken;
    const courses = await call("GET", "/courses", { token });
    expect(courses.status).toBe(200);
    expect(courses.json.items.length).toBeGreaterThan(0);
    expect(courses.json.items.every((course: { audience: string }) => course.audience === "citizens")).toBe(true);
    const member = (await signIn("0912000001")).accessToken;
    const theirs = await call("GET", "/courses", { token: member });
    expect(theirs.json.items.some((course: { audience: string }) => course.audience === "members")).toBe(true);
  });

  it("answers a replayed registration with the same account and counts it once", async () => {
    const before = await muongBuRow();
    const first = await call("POST", "/auth/register", { body: citizen("0912700002") });
    const again = await call("POST", "/auth/register", { body: citizen("0912700002") });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.user.id).toBe(first.json.user.id);
    expect((await muongBuRow()).citizens).toBe(before.citizens + 1);
  });

  it("refuses an unknown commune, a province or a team code, and a missing code, changing nothing", async () => {
    const before = await muongBuRow();
    for (const communeCode of ["99999", "14", "SLA-MUONGBU-BANBO", "", "bad code!"]) {
      const res = await call("POST", "/auth/register", { body: citizen("0912700003", communeCode) });
      expect(res.status).toBe(400);
      expect(expectErrorShape(res.json).code).toBe("auth.commune_invalid");
    }
    const { communeCode: _none, ...noCode } = citizen("0912700003");
    expect(expectErrorShape((await call("POST", "/auth/register", { body: noCode })).json).code).toBe("auth.commune_invalid");
    expect(await User.idByPhone("0912700003")).toBeUndefined();
    expect((await muongBuRow()).citizens).toBe(before.citizens);
  });

  it("still needs a join code to register as a team member", async () => {
    const res = await call("POST", "/auth/register", { body: { phone: "0912700004", password: PASSWORD, fullName: "Lò Văn Tổ", consent: true } });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res.json).code).toBe("auth.join_code_invalid");
  });

  it("lets a team member register a neighbour on their phone: the team's help is recorded, the member's session stays", async () => {
    const member = await signIn("0912000001");
    const res = await call("POST", "/auth/register", { token: member.accessToken, body: citizen("0912700005", "03646") });
    expect(res.status).toBe(201);
    const neighbour = await getStored(res.json.user.id);
    expect(neighbour).toMatchObject({ roles: ["citizen"], communeId: "sla-tohieu", registeredBy: member.user.id, helpedByTeam: Seed.DEMO_TEAM_ID });
    // Nothing of the member's leaks into the neighbour's session, and the member is still signed in.
    const me = await call("GET", "/me", { token: member.accessToken });
    expect(me.status).toBe(200);
    expect(me.json.id ?? me.json.user?.id).toBe(member.user.id);
    const theirs = await call("GET", "/me", { token: res.json.accessToken });
    expect(theirs.json.id ?? theirs.json.user?.id).toBe(res.json.user.id);
    expect(JSON.stringify(theirs.json)).not.toContain(member.user.id);
  });

  it("lets only team members help: a citizen's or an admin's token is refused", async () => {
    const citizenToken = (await signIn("0912700001", PASSWORD)).accessToken;
    const res = await call("POST", "/auth/register", { token: citizenToken, body: citizen("0912700006") });
    expect(res.status).toBe(403);
    expect(await User.idByPhone("0912700006")).toBeUndefined();
  });
});

describe("a citizen's account closing and opening again", () => {
  const commune = async () => {
    const report = await call("GET", "/admin/units/sla/report", { token: sla });
    return { commune: (await muongBuRow()).citizens as number, province: report.json.unit.citizens as number };
  };

  it("lowers the commune's and province's citizens when an admin deactivates a citizen, and raises them on reactivation", async () => {
    const registered = await call("POST", "/auth/register", { body: citizen("0912700007") });
    expect(registered.status).toBe(201);
    const id = registered.json.user.id as string;
    const before = await commune();
    // The commune admin finds a citizen (who is in no team) by phone, and may close the account.
    const muongBu = (await signIn("0912000007")).accessToken;
    const found = await call("GET", `/admin/units/sla-muongbu/search?q=${encodeURIComponent("0912 700 007")}`, { token: muongBu });
    expect(found.json.items.map((item: { id: string }) => item.id)).toEqual([id]);

    const off = await call("PATCH", `/admin/members/${id}`, { token: muongBu, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(await commune()).toEqual({ commune: before.commune - 1, province: before.province - 1 });
    const refused = await call("POST", "/auth/login", { body: { phone: "0912700007", password: PASSWORD } });
    expect(refused.status).toBe(403);
    // Saying it twice changes nothing.
    expect((await call("PATCH", `/admin/members/${id}`, { token: muongBu, body: { active: false } })).status).toBe(200);
    expect((await commune()).commune).toBe(before.commune - 1);

    const on = await call("PATCH", `/admin/members/${id}`, { token: muongBu, body: { active: true } });
    expect(on.status).toBe(200);
    expect(await commune()).toEqual(before);
    expect((await call("POST", "/auth/login", { body: { phone: "0912700007", password: PASSWORD } })).status).toBe(200);
  });

  it("gives a citizen no team or team role, and hides them from admins of other places", async () => {
    const id = (await signIn("0912700007", PASSWORD)).user.id;
    const before = await muongBuRow();
    const joined = await call("PATCH", `/admin/members/${id}`, { token: sla, body: { unitId: Seed.DEMO_TEAM_ID } });
    expect(joined.status).toBe(400);
    expect(expectErrorShape(joined.json).code).toBe("user.citizen");
    const leader = await call("PATCH", `/admin/members/${id}`, { token: sla, body: { roles: ["team-leader"] } });
    expect(expectErrorShape(leader.json).code).toBe("user.citizen");
    expect(await getStored(id)).toMatchObject({ roles: ["citizen"], unitId: null, communeId: "sla-muongbu" });
    expect(await muongBuRow()).toEqual(before);

    const dbn = (await signIn("0912000004")).accessToken;
    const elsewhere = await call("PATCH", `/admin/members/${id}`, { token: dbn, body: { active: false } });
    expect(elsewhere.status).toBe(404);
    expect(expectErrorShape(elsewhere.json).code).toBe("user.not_found");
    expect((await call("GET", "/admin/units/dbn/search?q=0912700007", { token: dbn })).json.items).toEqual([]);
    expect((await muongBuRow()).citizens).toBe(before.citizens);
  });

  it("lowers the citizens figure once when a citizen deletes their account, and not again for a deactivated one", async () => {
    const before = await commune();
    const token = (await call("POST", "/auth/register", { body: citizen("0912700008") })).json.accessToken as string;
    expect(await commune()).toEqual({ commune: before.commune + 1, province: before.province + 1 });
    const deleted = await call("POST", "/me/delete", { token, body: { password: PASSWORD, confirm: true } });
    expect(deleted.status).toBe(204);
    expect(await User.idByPhone("0912700008")).toBeUndefined();
    expect(await commune()).toEqual(before);

    // Deactivated first, then deleted (the account was already out of the figure): counted out once only.
    const second = await call("POST", "/auth/register", { body: citizen("0912700009") });
    const admin = (await signIn("0912000007")).accessToken;
    expect((await call("PATCH", `/admin/members/${second.json.user.id}`, { token: admin, body: { active: false } })).status).toBe(200);
    expect(await commune()).toEqual(before);
    await User.deleteAccount(second.json.user.id, { password: PASSWORD, confirm: true });
    expect(await User.idByPhone("0912700009")).toBeUndefined();
    expect(await commune()).toEqual(before);
  });
});

describe("citizens when their commune is merged into another", () => {
  it("are counted, found and managed in the commune theirs joined, and never taken off the archived one", async () => {
    Job.runLocally(runJob);
    await Unit.create({ id: "cz-old", code: "CZ-OLD", name: "Xã Cũ Hợp Nhất", kind: "commune", parentId: "sla" });
    await Unit.create({ id: "cz-new", code: "CZ-NEW", name: "Xã Mới Hợp Nhất", kind: "commune", parentId: "sla" });
    const registered = await call("POST", "/auth/register", { body: citizen("0912700031", "CZ-OLD") });
    expect(registered.status).toBe(201);
    const id = registered.json.user.id as string;
    const province = (await Unit.stats("sla")).citizens;

    const started = await call("POST", "/admin/units/cz-old/merge", { token: sla, body: { intoUnitId: "cz-new" } });
    expect(started.status).toBe(202);
    await Job.idle();
    expect((await call("GET", `/admin/jobs/${started.json.id}`, { token: sla })).json.status).toBe("done");
    expect([(await Unit.stats("cz-old")).citizens, (await Unit.stats("cz-new")).citizens, (await Unit.stats("sla")).citizens]).toEqual([0, 1, province]);

    // Found from the commune it joined, and closing the account lowers that commune, not the archived one.
    const found = await call("GET", `/admin/units/cz-new/search?q=0912700031`, { token: sla });
    expect(found.json.items.map((item: { id: string }) => item.id)).toEqual([id]);
    expect((await call("PATCH", `/admin/members/${id}`, { token: sla, body: { active: false } })).status).toBe(200);
    expect([(await Unit.stats("cz-old")).citizens, (await Unit.stats("cz-new")).citizens, (await Unit.stats("sla")).citizens]).toEqual([0, 0, province - 1]);
    // A new resident typing the old code lands in the commune it joined.
    const late = await call("POST", "/auth/register", { body: citizen("0912700032", "CZ-OLD") });
    expect(late.status).toBe(201);
    expect((await getStored(late.json.user.id))?.communeId).toBe("cz-new");
  });
});

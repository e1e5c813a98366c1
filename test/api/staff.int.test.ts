import { beforeAll, describe, expect, it } from "vitest";
import { captureFor } from "../../packages/core/src/log";
import { Staff } from "../../packages/core/src/staff";
import { User } from "../../packages/core/src/user";
import { call, expectErrorShape, seedDemo, signIn as signInAny } from "./client";

/**
 * Staff roles held per unit (issue 17 item 2): the chain national admin → province admin → commune admin → team
 * leader, each appointed by the one above and signing in with the activation code; scope and rank; sessions
 * ending on removal; retries; audit and security log.
 */
const PASSWORD = "RuongBac2026";

interface Signed {
  accessToken: string;
  refreshToken: string;
  user: { id: string; unitId: string | null; roles: string[]; grants?: { unitId: string; role: string }[] };
}

const signIn = (phone: string, password?: string) => signInAny(phone, password) as Promise<Signed>;

let nation: Signed;
let province: Signed;
let commune: Signed;
let leader: Signed;

async function appoint(token: string, unitId: string, body: { phone: string; fullName: string; role: string }) {
  return call("POST", `/admin/units/${unitId}/staff`, { token, body });
}

async function activate(phone: string, code: string): Promise<Signed> {
  const res = await call("POST", "/auth/activate", { body: { phone, code, password: PASSWORD } });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

const codeOf = (json: { code?: string; error?: { code: string } }) => expectErrorShape(json).code;

beforeAll(async () => {
  await seedDemo();
  nation = await signIn("0912000006");
});

describe("the chain of appointments", () => {
  it("the national admin appoints a province admin, who activates with the code and signs in", async () => {
    const res = await appoint(nation.accessToken, "sla", { phone: "0977000001", fullName: "Vì Văn Hùng", role: "admin" });
    expect(res.status, res.text).toBe(201);
    expect(res.json.userId).toEqual(expect.any(String));
    expect(res.json.activationCode).toMatch(/^\d{8}$/);
    province = await activate("0977000001", res.json.activationCode);
    expect(province.user).toMatchObject({ id: res.json.userId, unitId: "sla", roles: ["admin"], grants: [{ unitId: "sla", role: "admin" }] });
    const login = await signIn("0977000001", PASSWORD);
    expect(login.user.id).toBe(res.json.userId);
    expect((await call("GET", "/admin/units/sla/report", { token: login.accessToken })).status).toBe(200);
  });

  it("the province admin appoints a commune admin and a trainer for the province", async () => {
    const res = await appoint(province.accessToken, "sla-tohieu", { phone: "0977000002", fullName: "Hà Thị Lan", role: "admin" });
    expect(res.status, res.text).toBe(201);
    commune = await activate("0977000002", res.json.activationCode);
    expect(commune.user).toMatchObject({ unitId: "sla-tohieu", roles: ["admin"] });
    const trainer = await appoint(province.accessToken, "sla", { phone: "0977000003", fullName: "Lò Văn Tuấn", role: "trainer" });
    expect(trainer.status, trainer.text).toBe(201);
    const signed = await activate("0977000003", trainer.json.activationCode);
    expect(signed.user.roles).toEqual(["trainer"]);
    expect(signed.user.grants).toEqual([{ unitId: "sla", role: "trainer" }]);
  });

  it("the commune admin appoints a team leader of a team in the commune, who then oversees the team", async () => {
    const res = await appoint(commune.accessToken, "sla-tohieu-tdp2", { phone: "0977000004", fullName: "Cầm Thị Ngọc", role: "team-leader" });
    expect(res.status, res.text).toBe(201);
    leader = await activate("0977000004", res.json.activationCode);
    expect(leader.user).toMatchObject({ unitId: "sla-tohieu-tdp2", roles: ["member", "team-leader"] });
    expect((await call("GET", "/admin/units/sla-tohieu-tdp2/members", { token: leader.accessToken })).status).toBe(200);
    expect((await call("GET", "/admin/units/sla-tohieu-tdp5/members", { token: leader.accessToken })).status).toBe(404);
  });

  it("lists a unit's staff, new and older accounts alike, with the roles the viewer may appoint there", async () => {
    const byNation = await call("GET", "/admin/units/sla/staff", { token: nation.accessToken });
    expect(byNation.status, byNation.text).toBe(200);
    expect(byNation.json.grantable).toEqual(["admin", "trainer"]);
    expect(byNation.json.items.map((item: { fullName: string; role: string }) => `${item.role}:${item.fullName}`)).toEqual([
      "admin:Cầm Văn Đức",
      "admin:Vì Văn Hùng",
      "trainer:Lò Văn Tuấn",
    ]);
    expect(byNation.json.items[0].phone).not.toContain("0912000003");
    const byProvince = await call("GET", "/admin/units/sla/staff", { token: province.accessToken });
    expect(byProvince.json.grantable).toEqual(["trainer"]);
    expect(byProvince.json.items.find((item: { self: boolean }) => item.self)).toMatchObject({ role: "admin", fullName: "Vì Văn Hùng" });
    const team = await call("GET", "/admin/units/sla-tohieu-tdp2/staff", { token: commune.accessToken });
    expect(team.json).toMatchObject({ grantable: ["team-leader"], items: [{ role: "team-leader", fullName: "Cầm Thị Ngọc", pending: false }] });
  });
});

describe("scope and rank", () => {
  it("answers 404 for a unit outside the appointer's scope, and for people who administer nothing", async () => {
    const body = { phone: "0977000010", fullName: "Người Ngoài", role: "team-leader" };
    expect((await appoint(commune.accessToken, "sla-muongbu-banbo", body)).status).toBe(404);
    expect((await appoint(province.accessToken, "dbn-muongphang-banche", body)).status).toBe(404);
    expect((await appoint(province.accessToken, "vn", { ...body, role: "admin" })).status).toBe(404);
    expect((await appoint(leader.accessToken, "sla-tohieu-tdp2", body)).status).toBe(404);
    expect((await appoint((await signIn("0912000002")).accessToken, "sla", { ...body, role: "trainer" })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/staff", { token: commune.accessToken })).status).toBe(404);
    expect(await User.idByPhone("0977000010")).toBeUndefined();
  });

  it("answers 403 for a role above one's own, or one that is not held at that kind of unit", async () => {
    const person = { phone: "0977000011", fullName: "Lường Văn Sơn" };
    const aboveOwn = [
      await appoint(commune.accessToken, "sla-tohieu", { ...person, role: "admin" }),
      await appoint(province.accessToken, "sla", { ...person, role: "admin" }),
    ];
    for (const res of aboveOwn) {
      expect(res.status).toBe(403);
      expect(codeOf(res.json)).toBe("staff.role_above_own");
    }
    const notHeldThere = [
      await appoint(commune.accessToken, "sla-tohieu", { ...person, role: "trainer" }),
      await appoint(commune.accessToken, "sla-tohieu", { ...person, role: "team-leader" }),
      await appoint(province.accessToken, "sla-tohieu-tdp5", { ...person, role: "admin" }),
    ];
    for (const res of notHeldThere) {
      expect(res.status).toBe(403);
      expect(codeOf(res.json)).toBe("staff.role_not_allowed");
    }
    expect(await User.idByPhone("0977000011")).toBeUndefined();
  });

  it("refuses to remove a role above one's own", async () => {
    const res = await call("DELETE", `/admin/units/sla/staff/${province.user.id}`, { token: (await signIn("0912000003")).accessToken });
    expect(res.status).toBe(403);
    expect(codeOf(res.json)).toBe("staff.role_above_own");
  });

  it("answers 400 for a bad appointment, creating nobody", async () => {
    for (const body of [
      { phone: "12", fullName: "Tên Hợp Lệ", role: "admin" },
      { phone: "0977000012", fullName: "", role: "admin" },
      { phone: "0977000012", fullName: "Tên Hợp Lệ", role: "super-admin" },
    ]) {
      const res = await appoint(nation.accessToken, "sla", body);
      expect(res.status).toBe(400);
      expectErrorShape(res.json);
    }
    expect(await User.idByPhone("0977000012")).toBeUndefined();
  });
});

describe("retries and existing accounts", () => {
  it("re-appointing the same person and role changes nothing; a pending person gets a fresh code, the old one stops working", async () => {
    const first = await appoint(province.accessToken, "sla", { phone: "0977000020", fullName: "Mùa Thị Dua", role: "trainer" });
    const again = await appoint(province.accessToken, "sla", { phone: "0977000020", fullName: "Mùa Thị Dua", role: "trainer" });
    expect(again.status).toBe(201);
    expect(again.json.userId).toBe(first.json.userId);
    expect(again.json.activationCode).toMatch(/^\d{8}$/);
    const staff = await call("GET", "/admin/units/sla/staff", { token: province.accessToken });
    expect(staff.json.items.filter((item: { userId: string }) => item.userId === first.json.userId)).toEqual([
      expect.objectContaining({ role: "trainer", pending: true }),
    ]);
    if (first.json.activationCode !== again.json.activationCode) {
      const stale = await call("POST", "/auth/activate", { body: { phone: "0977000020", code: first.json.activationCode, password: PASSWORD } });
      expect(stale.status).toBe(400);
    }
    await activate("0977000020", again.json.activationCode);
    const afterActivation = await appoint(province.accessToken, "sla", { phone: "0977000020", fullName: "Mùa Thị Dua", role: "trainer" });
    expect(afterActivation.status).toBe(201);
    expect(afterActivation.json).toEqual({ userId: first.json.userId, role: "trainer", unitId: "sla" });
  });

  it("appointing an existing member adds the role without moving or recounting them, and ends their sessions", async () => {
    const muongbu = await signIn("0912000007");
    const before = await call("GET", "/admin/units/sla-muongbu/report", { token: muongbu.accessToken });
    const learner = await signIn("0912000001");
    const res = await appoint(muongbu.accessToken, "sla-muongbu-huangay", { phone: "0912000001", fullName: "Ignored Name", role: "team-leader" });
    expect(res.status, res.text).toBe(201);
    expect(res.json.activationCode).toBeUndefined();
    expect((await call("GET", "/me", { token: learner.accessToken })).status).toBe(401);
    const again = await signIn("0912000001");
    expect(again.user).toMatchObject({ fullName: "Lò Thị Hương", unitId: "sla-muongbu-banbo", roles: ["member"] });
    expect(again.user.grants).toEqual([{ unitId: "sla-muongbu-huangay", role: "team-leader" }]);
    expect((await call("GET", "/admin/units/sla-muongbu-huangay/members", { token: again.accessToken })).status).toBe(200);
    const after = await call("GET", "/admin/units/sla-muongbu/report", { token: muongbu.accessToken });
    expect(after.json.unit.members).toBe(before.json.unit.members);
  });

  it("one person holds several scoped roles, and the token carries them", async () => {
    const res = await appoint(nation.accessToken, "sla", { phone: "0977000002", fullName: "Hà Thị Lan", role: "trainer" });
    expect(res.status).toBe(201);
    const signed = await signIn("0977000002", PASSWORD);
    expect(signed.user.grants).toEqual([
      { unitId: "sla-tohieu", role: "admin" },
      { unitId: "sla", role: "trainer" },
    ]);
    expect(signed.user.roles).toEqual(["trainer", "admin"]);
    expect((await call("GET", "/admin/units/sla-tohieu/staff", { token: signed.accessToken })).status).toBe(200);
    expect((await call("GET", "/admin/units/sla/staff", { token: signed.accessToken })).status).toBe(404);
    commune = signed;
  });
});

describe("removal", () => {
  it("ends the role there at once, sessions included, and is audited and logged", async () => {
    const lines: Record<string, unknown>[] = [];
    const stop = captureFor((line) => lines.push(line));
    const res = await call("DELETE", `/admin/units/sla-tohieu/staff/${commune.user.id}`, { token: province.accessToken });
    stop();
    expect(res.status, res.text).toBe(204);
    expect((await call("GET", "/admin/units/sla-tohieu/staff", { token: commune.accessToken })).status).toBe(401);
    const refreshed = await call("POST", "/auth/refresh", { body: { refreshToken: commune.refreshToken } });
    expect(refreshed.status).toBe(401);
    const again = await signIn("0977000002", PASSWORD);
    expect(again.user.grants).toEqual([{ unitId: "sla", role: "trainer" }]);
    expect(again.user.roles).toEqual(["trainer"]);
    expect((await call("GET", "/admin/units/sla-tohieu/staff", { token: again.accessToken })).status).toBe(404);
    expect(lines).toContainEqual(
      expect.objectContaining({ event: "role.revoked", userId: commune.user.id, unitId: "sla-tohieu", role: "admin", security: true }),
    );
    const audit = await call("GET", "/admin/units/sla-tohieu/audit", { token: province.accessToken });
    expect(audit.json.items).toContainEqual(expect.objectContaining({ action: "staff.remove", target: commune.user.id, actorId: province.user.id }));
    expect(audit.json.items).toContainEqual(expect.objectContaining({ action: "staff.appoint", target: commune.user.id, actorId: province.user.id }));
  });

  it("a removal retried changes nothing more", async () => {
    const res = await call("DELETE", `/admin/units/sla-tohieu/staff/${commune.user.id}`, { token: province.accessToken });
    expect(res.status).toBe(204);
    const audit = await call("GET", "/admin/units/sla-tohieu/audit", { token: province.accessToken });
    expect(
      audit.json.items.filter((item: { action: string; target: string }) => item.action === "staff.remove" && item.target === commune.user.id),
    ).toHaveLength(1);
  });

  it("refuses to remove one's own role", async () => {
    const res = await call("DELETE", `/admin/units/sla/staff/${province.user.id}`, { token: province.accessToken });
    expect(res.status).toBe(409);
    expect(codeOf(res.json)).toBe("staff.remove_self");
  });

  it("logs appointments as security events", async () => {
    const lines: Record<string, unknown>[] = [];
    const stop = captureFor((line) => lines.push(line));
    const res = await appoint(nation.accessToken, "dbn", { phone: "0977000030", fullName: "Quàng Văn Minh", role: "admin" });
    stop();
    expect(res.status).toBe(201);
    expect(lines).toContainEqual(
      expect.objectContaining({ event: "role.granted", userId: res.json.userId, unitId: "dbn", role: "admin", actorId: nation.user.id }),
    );
    const audit = await call("GET", "/admin/units/dbn/audit", { token: nation.accessToken });
    expect(audit.json.items).toContainEqual(
      expect.objectContaining({ action: "staff.appoint", target: res.json.userId, details: expect.objectContaining({ role: "admin" }) }),
    );
  });

  it("refuses to remove the last national administrator", async () => {
    await User.ensure({ phone: "0977000040", fullName: "Quản Trị Hệ Thống", password: PASSWORD, roles: ["super-admin"], unitId: null });
    const system = await signIn("0977000040", PASSWORD);
    const res = await call("DELETE", `/admin/units/vn/staff/${nation.user.id}`, { token: system.accessToken });
    expect(res.status).toBe(409);
    expect(codeOf(res.json)).toBe("staff.last_national_admin");
    const second = await appoint(system.accessToken, "vn", { phone: "0977000041", fullName: "Đinh Văn Quang", role: "admin" });
    expect(second.status).toBe(201);
    expect((await call("DELETE", `/admin/units/vn/staff/${nation.user.id}`, { token: system.accessToken })).status).toBe(204);
    expect((await call("GET", "/admin/units/sla/staff", { token: nation.accessToken })).status).toBe(401);
  });
});

describe("bootstrap and moves", () => {
  it("the national-admin bootstrap refuses a second one unless asked, and is idempotent", async () => {
    await expect(Staff.bootstrapNationalAdmin({ phone: "0977000050", fullName: "Nguyễn Thị Hoa" })).rejects.toMatchObject({
      code: "staff.national_admin_exists",
    });
    const added = await Staff.bootstrapNationalAdmin({ phone: "0977000050", fullName: "Nguyễn Thị Hoa" }, { another: true });
    expect(added.activationCode).toMatch(/^\d{8}$/);
    const again = await Staff.bootstrapNationalAdmin({ phone: "0977000050", fullName: "Nguyễn Thị Hoa" }, { another: true });
    expect(again.userId).toBe(added.userId);
    const signed = await activate("0977000050", again.activationCode!);
    expect(signed.user.grants).toEqual([{ unitId: "vn", role: "admin" }]);
    expect((await call("GET", "/admin/units/dbn/staff", { token: signed.accessToken })).status).toBe(200);
  });

  it("moves every grant held at one unit to another (for merges), once", async () => {
    const actor = { userId: "system" };
    expect(await Staff.moveAll("sla-tohieu-tdp2", "sla-tohieu-tdp5", actor)).toEqual({ moved: 1 });
    expect(await Staff.moveAll("sla-tohieu-tdp2", "sla-tohieu-tdp5", actor)).toEqual({ moved: 0 });
    const signed = await signIn("0977000004", PASSWORD);
    expect(signed.user.grants).toEqual([{ unitId: "sla-tohieu-tdp5", role: "team-leader" }]);
    expect((await call("GET", "/admin/units/sla-tohieu-tdp5/members", { token: signed.accessToken })).status).toBe(200);
    expect((await call("GET", "/admin/units/sla-tohieu-tdp2/members", { token: signed.accessToken })).status).toBe(404);
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Unit } from "../../packages/core/src/unit";
import { answers, importTestCourse } from "../fixtures/course";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

let sla: string;
let dbn: string;

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
  sla = (await signIn("0912000003")).accessToken;
  dbn = (await signIn("0912000004")).accessToken;
  // One completion in bản Bó, so moving units must carry counters along.
  const learner = (await signIn("0912000001")).accessToken;
  for (const m of ["m1", "m2"])
    await call("POST", `/quizzes/test-course.${m}/attempts`, { token: learner, body: { attemptId: randomUUID(), answers: answers(m) } });
  await call("POST", "/progress", {
    token: learner,
    body: {
      events: ["m1", "m2"].flatMap((m) =>
        ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
      ),
    },
  });
});

describe("unit tree", () => {
  it("creates, renames and lists units within the admin's subtree", async () => {
    const created = await call("POST", "/admin/units/sla/children", { token: sla, body: { code: "SLA-CHIENGMAI", name: "Xã Chiềng Mai", kind: "commune" } });
    expect(created.status).toBe(201);
    expect(created.json.path).toBe(`/vn/sla/${created.json.id}/`);
    const renamed = await call("PATCH", `/admin/units/${created.json.id}`, { token: sla, body: { name: "Xã Chiềng Mai (mới)" } });
    expect(renamed.json.name).toBe("Xã Chiềng Mai (mới)");
    const tree = await call("GET", "/admin/units/sla", { token: sla });
    expect(tree.json.children.map((u: { name: string }) => u.name)).toContain("Xã Chiềng Mai (mới)");
    const dup = await call("POST", "/admin/units/sla/children", { token: sla, body: { code: "SLA-CHIENGMAI", name: "Khác", kind: "commune" } });
    expect(dup.status).toBe(409);
    expect((await call("POST", "/admin/units/sla/children", { token: dbn, body: { code: "X-Y", name: "X", kind: "commune" } })).status).toBe(404);
  });

  it("moves a team under another commune: paths, members and completion counters follow, and it is audited", async () => {
    const before = { muongbu: await Unit.stats("sla-muongbu"), tohieu: await Unit.stats("sla-tohieu"), sla: await Unit.stats("sla") };
    const moved = await call("PATCH", "/admin/units/sla-muongbu-banbo", { token: sla, body: { parentId: "sla-tohieu" } });
    expect(moved.status).toBe(200);
    expect(moved.json.path).toBe("/vn/sla/sla-tohieu/sla-muongbu-banbo/");
    const after = { muongbu: await Unit.stats("sla-muongbu"), tohieu: await Unit.stats("sla-tohieu"), sla: await Unit.stats("sla") };
    expect(after.muongbu.members).toBe(before.muongbu.members - 2);
    expect(after.tohieu.members).toBe(before.tohieu.members + 2);
    expect(after.tohieu.completedByCourse["test-course"]).toBe(1);
    expect(after.muongbu.completedByCourse["test-course"]).toBe(0);
    expect(after.sla).toEqual(before.sla);
    const report = await call("GET", "/admin/units/sla-tohieu/report?courseId=test-course", { token: sla });
    expect(report.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu-banbo")).toMatchObject({ members: 2, completed: 1 });
    const audit = await call("GET", "/admin/units/sla-muongbu-banbo/audit", { token: sla });
    expect(audit.json.items[0]).toMatchObject({ action: "unit.move", details: { fromParent: "sla-muongbu", toParent: "sla-tohieu" } });
    // Moving it back restores everything.
    await call("PATCH", "/admin/units/sla-muongbu-banbo", { token: sla, body: { parentId: "sla-muongbu" } });
    expect((await Unit.stats("sla-muongbu")).members).toBe(before.muongbu.members);
  });

  it("refuses cycles and moves out of the admin's area", async () => {
    const cycle = await call("PATCH", "/admin/units/sla-muongbu", { token: sla, body: { parentId: "sla-muongbu-banbo" } });
    expect(cycle.status).toBe(400);
    expect(expectErrorShape(cycle.json).code).toBe("unit.move_cycle");
    expect((await call("PATCH", "/admin/units/sla-muongbu", { token: sla, body: { parentId: "dbn" } })).status).toBe(404);
    expect((await call("PATCH", "/admin/units/sla", { token: sla, body: { parentId: "vn" } })).status).toBe(403);
  });

  it("rotates a join code: the new one registers, the old one stops working", async () => {
    await Unit.setJoinCode("sla-mocchau-tk1", "MOCCHAU-OLD1");
    const rotated = await call("POST", "/admin/units/sla-mocchau-tk1/join-code", { token: sla });
    expect(rotated.status).toBe(201);
    const register = (joinCode: string, phone: string) =>
      call("POST", "/auth/register", { body: { phone, password: "RuongBac2026", fullName: "Sa Văn Tuấn", joinCode, consent: true } });
    expect((await register("MOCCHAU-OLD1", "0966000001")).status).toBe(400);
    const ok = await register(rotated.json.joinCode, "0966000002");
    expect(ok.status).toBe(201);
    expect(ok.json.user.unitId).toBe("sla-mocchau-tk1");
  });
});

describe("members", () => {
  it("finds members by phone or name within scope only", async () => {
    const byPhone = await call("GET", "/admin/units/sla/search?q=0912 000 001", { token: sla });
    expect(byPhone.json.items).toEqual([expect.objectContaining({ fullName: "Lò Thị Hương", phone: "0912***001" })]);
    const byName = await call("GET", `/admin/units/sla/search?q=${encodeURIComponent("lường")}`, { token: sla });
    expect(byName.json.items.map((m: { fullName: string }) => m.fullName)).toEqual(["Lường Văn Phúc"]);
    expect((await call("GET", "/admin/units/dbn/search?q=0912000001", { token: dbn })).json.items).toEqual([]);
  });

  it("deactivates (sign-in refused, not counted) and reactivates a member", async () => {
    const res = await call("POST", "/auth/register", {
      body: { phone: "0966000010", password: "RuongBac2026", fullName: "Tòng Thị Lan", joinCode: "DEMO-SONLA", consent: true },
    });
    const id = res.json.user.id as string;
    const before = (await Unit.stats("sla")).members;
    expect((await call("PATCH", `/admin/members/${id}`, { token: dbn, body: { active: false } })).status).toBe(404);
    expect((await call("PATCH", `/admin/members/${id}`, { token: sla, body: { active: false } })).json.active).toBe(false);
    expect((await Unit.stats("sla")).members).toBe(before - 1);
    const login = await call("POST", "/auth/login", { body: { phone: "0966000010", password: "RuongBac2026" } });
    expect(login.status).toBe(403);
    await call("PATCH", `/admin/members/${id}`, { token: sla, body: { active: true } });
    expect((await call("POST", "/auth/login", { body: { phone: "0966000010", password: "RuongBac2026" } })).status).toBe(200);
  });

  it("moves a member to another team with their completions", async () => {
    const learner = (await signIn("0912000001")).user.id;
    const moved = await call("PATCH", `/admin/members/${learner}`, { token: sla, body: { unitId: "sla-muongbu-huangay" } });
    expect(moved.json.unitId).toBe("sla-muongbu-huangay");
    expect((await Unit.stats("sla-muongbu-huangay")).completedByCourse["test-course"]).toBe(1);
    expect((await Unit.stats("sla-muongbu-banbo")).completedByCourse["test-course"]).toBe(0);
    const team = await call("GET", "/admin/units/sla-muongbu-huangay/members", { token: sla });
    expect(team.json.members.map((m: { fullName: string }) => m.fullName)).toContain("Lò Thị Hương");
    await call("PATCH", `/admin/members/${learner}`, { token: sla, body: { unitId: "sla-muongbu-banbo" } });
  });

  it("resets a password with a one-time code read out by the admin", async () => {
    const learner = (await signIn("0912000005")).user.id;
    const issued = await call("POST", `/admin/members/${learner}/reset-code`, { token: sla });
    expect(issued.json.code).toMatch(/^\d{6}$/);
    const wrong = await call("POST", "/auth/reset", {
      body: { phone: "0912000005", code: issued.json.code === "000000" ? "111111" : "000000", password: "MoiMatKhau1" },
    });
    expect(wrong.status).toBe(400);
    const ok = await call("POST", "/auth/reset", { body: { phone: "0912000005", code: issued.json.code, password: "MoiMatKhau1" } });
    expect(ok.status).toBe(200);
    expect((await call("POST", "/auth/login", { body: { phone: "0912000005", password: "MoiMatKhau1" } })).status).toBe(200);
    const reused = await call("POST", "/auth/reset", { body: { phone: "0912000005", code: issued.json.code, password: "KhacNua123" } });
    expect(reused.status).toBe(400);
  });
});

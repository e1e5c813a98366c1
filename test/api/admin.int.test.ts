import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Job } from "../../packages/core/src/job";
import { runJob } from "../../packages/api/src/jobs";
import { answers, importTestCourse } from "../fixtures/course";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

let sla: string;
let dbn: string;

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse();
  sla = (await signIn("0912000003")).accessToken;
  dbn = (await signIn("0912000004")).accessToken;
  const learner = (await signIn("0912000001")).accessToken;
  for (const m of ["m1", "m2"])
    await call("POST", `/quizzes/test-course.${m}/attempts`, { token: learner, body: { attemptId: randomUUID(), answers: answers(m) } });
  const events = ["m1", "m2"].flatMap((m) =>
    ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
  );
  await call("POST", "/progress", { token: learner, body: { events } });
});

describe("unit report", () => {
  it("gives each child's members and completions for its whole subtree", async () => {
    const res = await call("GET", "/admin/units/sla/report?courseId=test-course", { token: sla });
    expect(res.status).toBe(200);
    expect(res.json.unit).toMatchObject({ unitId: "sla", members: 2, completed: 1, percent: 50 });
    const muongBu = res.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu");
    expect(muongBu).toMatchObject({ name: "Xã Mường Bú", members: 2, completed: 1, percent: 50 });
    expect(res.json.children.find((c: { unitId: string }) => c.unitId === "sla-tohieu")).toMatchObject({ members: 0, completed: 0, percent: 0 });
  });

  it("shows activity, average score, ranking and the completions series", async () => {
    const res = await call("GET", "/admin/units/sla-muongbu/report", { token: sla });
    expect(res.json.unit).toMatchObject({ activeThisMonth: 1, averageScore: 100 });
    expect(res.json.unit.lastActivityAt).toBeTruthy();
    const banBo = res.json.children.find((c: { unitId: string }) => c.unitId === "sla-muongbu-banbo");
    expect(banBo).toMatchObject({ rank: 1, percent: 50 });
    expect(res.json.series).toHaveLength(90);
    expect(res.json.series.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), completed: 1 });
  });

  it("lets the team leader see their own team's members, with masked phones, and nothing else", async () => {
    const leader = (await signIn("0912000005")).accessToken;
    const res = await call("GET", "/admin/units/sla-muongbu-banbo/members", { token: leader });
    expect(res.status).toBe(200);
    const huong = res.json.members.find((m: { fullName: string }) => m.fullName === "Lò Thị Hương");
    expect(huong).toMatchObject({ phone: "0912***001", courses: { "test-course": { completed: true } } });
    expect((await call("GET", "/admin/units/sla-muongbu/report", { token: leader })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu-huangay/members", { token: leader })).status).toBe(404);
  });

  it("answers 404 outside the admin's area and for non-admins", async () => {
    expect((await call("GET", "/admin/units/sla/report", { token: dbn })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/report", { token: dbn })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla/report", { token: (await signIn("0912000001")).accessToken })).status).toBe(404);
    expect((await call("GET", "/admin/units/nope/report", { token: sla })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla/report")).status).toBe(401);
  });
});

async function finishedExport(body: Record<string, unknown>) {
  const res = await call("POST", "/admin/exports", { token: sla, body });
  expect(res.status).toBe(202);
  await Job.idle();
  const status = await call("GET", `/admin/exports/${res.json.id}`, { token: sla });
  expect(status.json).toMatchObject({ status: "done", progress: 100 });
  return { id: res.json.id as string, status: status.json };
}

describe("completion lists", () => {
  it("exports CSV with a BOM, masked phones, Vietnamese names and neutralised formulas", async () => {
    const { status } = await finishedExport({ unitId: "sla", courseId: "test-course", format: "csv" });
    const file = await app.request(status.downloadUrl);
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Họ và tên,Số điện thoại");
    expect(text).toContain("Lò Thị Hương,0912***001,Tỉnh Sơn La,Xã Mường Bú,Tổ CNSCĐ bản Bó,Khoá học thử nghiệm,Hoàn thành,100,");
    expect(text).toContain("Lường Văn Phúc,0912***005");
    expect(text).not.toContain("0912000001");
    // The certificate code as printed on the certificate; the province admin is staff, not a learner: not listed.
    const huong = text.split("\r\n").find((line) => line.startsWith("Lò Thị Hương,"))!;
    expect(huong.split(",").at(-1)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(text).not.toContain("Cầm Văn Đức");
  });

  it("exports XLSX", async () => {
    const { status } = await finishedExport({ unitId: "sla-muongbu", format: "xlsx", includePhones: true });
    const file = await app.request(status.downloadUrl);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = sheet.getRow(2).values as unknown[];
    expect(values).toContain("Lò Thị Hương");
    expect(values).toContain("0912000001");
  });

  it("a retried export request returns the same job", async () => {
    const id = randomUUID();
    const a = await call("POST", "/admin/exports", { token: sla, body: { id, unitId: "sla", format: "csv" } });
    const b = await call("POST", "/admin/exports", { token: sla, body: { id, unitId: "sla", format: "csv" } });
    expect(a.json.id).toBe(id);
    expect(b.json.id).toBe(id);
  });

  it("refuses other provinces, other admins' jobs, tampered links", async () => {
    expect((await call("POST", "/admin/exports", { token: dbn, body: { unitId: "sla", format: "csv" } })).status).toBe(404);
    const { id, status } = await finishedExport({ unitId: "sla", format: "csv" });
    expect((await call("GET", `/admin/exports/${id}`, { token: dbn })).status).toBe(404);
    const tampered = (status.downloadUrl as string).replace(/sig=[^&]+/, "sig=AAAA");
    expect((await app.request(tampered)).status).toBe(404);
    const bad = await call("POST", "/admin/exports", { token: sla, body: { unitId: "sla", format: "pdf" } });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.json);
  });
});

describe("member import", () => {
  const csv = [
    "fullName,phone,unitCode,role",
    "Hoàng Văn Nam,0983000001,SLA-MUONGBU-HUANGAY,member",
    "Lò Thị Xuân,0983 000 002,sla-muongbu-huangay,team-leader",
    "Bad Phone,12345,SLA-MUONGBU-HUANGAY,member",
    "Duplicate,0983000001,SLA-MUONGBU-HUANGAY,member",
    "Wrong Unit,0983000003,DBN-DIENBIENPHU-TDP1,member",
    "=HYPERLINK(1),0983000004,SLA-MUONGBU-HUANGAY,member",
  ].join("\n");
  const post = (token: string, dryRun: boolean, body = csv) =>
    Promise.resolve(
      app.request(`/api/v1/admin/members/import?dryRun=${dryRun}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
        body,
      }),
    ).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

  it("dry run lists every bad row and changes nothing; commit imports the good rows; a re-import changes nothing", async () => {
    const dry = await post(sla, true);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, rows: 6, created: 2, updated: 0 });
    expect(dry.json.errors.map((e: { row: number }) => e.row)).toEqual([4, 5, 6, 7]);
    let report = await call("GET", "/admin/units/sla-muongbu-huangay/report", { token: sla });
    expect(report.json.unit).toMatchObject({ members: 0, pending: 0 });

    const commit = await post(sla, false);
    expect(commit.json).toMatchObject({ dryRun: false, created: 2 });
    report = await call("GET", "/admin/units/sla-muongbu-huangay/report", { token: sla });
    // Imported people count once they activate their accounts; until then they are shown apart.
    expect(report.json.unit).toMatchObject({ members: 0, pending: 2 });

    const again = await post(sla, false);
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    report = await call("GET", "/admin/units/sla/report", { token: sla });
    // The province's two demo learners, and the two imported people apart (the province admin is staff).
    expect(report.json.unit).toMatchObject({ members: 2, pending: 2 });
  });

  it("an imported member activates their account only with the one-time code an admin hands over", async () => {
    await call("POST", "/admin/members/import?dryRun=false", { token: sla });
    const { Unit } = await import("../../packages/core/src/unit");
    await Unit.setJoinCode("sla-muongbu-huangay", "HUANGAY-2026");
    // Knowing the phone and the team's join code is not enough to claim the account.
    const claim = await call("POST", "/auth/register", {
      body: { phone: "0983000001", password: "RuongBac2026", fullName: "Hoàng Văn Nam", joinCode: "HUANGAY-2026", consent: true },
    });
    expect(claim.status).toBe(409);
    expect(claim.json.error.code).toBe("user.activation_required");
    const login = await call("POST", "/auth/login", { body: { phone: "0983000001", password: "pending$" } });
    expect(login.status).toBe(401);

    const member = (await call("GET", "/admin/units/sla/search?q=0983000001", { token: sla })).json.items[0];
    expect(member).toMatchObject({ pending: true });
    expect((await call("POST", `/admin/members/${member.id}/reset-code`, { token: sla })).json.error.code).toBe("user.pending");
    const issued = await call("POST", `/admin/members/${member.id}/activation-code`, { token: sla });
    expect(issued.status).toBe(201);
    expect(issued.json.code).toMatch(/^\d{8}$/);

    const wrong = await call("POST", "/auth/activate", {
      body: { phone: "0983000001", code: issued.json.code === "12345678" ? "87654321" : "12345678", password: "RuongBac2026" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("auth.activation_code_invalid");
    const res = await call("POST", "/auth/activate", { body: { phone: "0983 000 001", code: issued.json.code, password: "RuongBac2026" } });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ unitId: "sla-muongbu-huangay" });
    expect(res.json.user.pending).toBeUndefined();
    expect((await call("GET", "/me", { token: res.json.accessToken })).status).toBe(200);
    // The code works once.
    expect((await call("POST", "/auth/activate", { body: { phone: "0983000001", code: issued.json.code, password: "RuongBac2026" } })).status).toBe(400);
    expect((await signIn("0983000001", "RuongBac2026")).user.unitId).toBe("sla-muongbu-huangay");
  });

  it("Điện Biên's admin cannot import into Sơn La; members cannot import at all", async () => {
    const res = await post(dbn, false);
    // Only the row for Điện Biên's own team goes in; every Sơn La row is refused.
    expect(res.json.created).toBe(1);
    expect(res.json.errors.filter((e: { message: string }) => e.message.includes("not a unit you manage"))).toHaveLength(5);
    expect((await call("GET", "/admin/units/dbn/report", { token: dbn })).json.unit).toMatchObject({ members: 0, pending: 1 });
    expect((await post((await signIn("0912000001")).accessToken, true)).status).toBe(403);
  });

  it("refuses a file without the expected header", async () => {
    const res = await post(sla, true, "name;tel\nA;B");
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("import.missing_column");
  });
});

describe("member import from Excel", () => {
  it("reads the first sheet of an .xlsx file like a CSV", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["Họ và tên", "Số điện thoại", "Mã đơn vị", "Vai trò"]);
    sheet.addRow(["Điêu Chính Tươi", "0984 111 222", "SLA-MOCCHAU-TK1", "member"]);
    sheet.addRow(["Sai Số", "123", "SLA-MOCCHAU-TK1", "member"]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await app.request("/api/v1/admin/members/import?dryRun=true", {
      method: "POST",
      headers: { authorization: `Bearer ${sla}`, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      body: bytes,
    });
    expect(await res.json()).toMatchObject({ rows: 2, created: 1, errors: [{ row: 3 }] });
  });
});

// Last in the file: it adds a member to Sơn La, whose member count the tests above check.
describe("completion lists, village members", () => {
  it("names a village (bản) member's village in the Tổ column, as a team would be", async () => {
    const village = await call("POST", "/admin/units/sla-muongbu/children", {
      token: sla,
      body: { code: "SLA-MUONGBU-BANHUA", name: "Bản Hua", kind: "village" },
    });
    expect(village.status).toBe(201);
    const joinCode = (await call("POST", `/admin/units/${village.json.id}/join-code`, { token: sla })).json.joinCode as string;
    const registered = await call("POST", "/auth/register", {
      body: { phone: "0983000077", password: "RuongBac2026", fullName: "Lò Văn Hua", joinCode, consent: true },
    });
    expect(registered.status).toBe(201);
    const { status } = await finishedExport({ unitId: "sla-muongbu", courseId: "test-course", format: "csv" });
    const text = await (await app.request(status.downloadUrl)).text();
    expect(text).toContain("Lò Văn Hua,0983***077,Tỉnh Sơn La,Xã Mường Bú,Bản Hua,Khoá học thử nghiệm,Chưa bắt đầu,");
  });
});

import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../packages/api/src/jobs";
import { Job } from "../../packages/core/src/job";
import { Unit } from "../../packages/core/src/unit";
import { User } from "../../packages/core/src/user";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

const HEADER = "Mã xã,Tên tổ,Tổ trưởng,Số điện thoại";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let sla: string;
let dbn: string;
let communeAdmin: string;

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await User.ensure({ phone: "0915000001", fullName: "Cầm Thị Xã", password: "RuongBac2026", roles: ["admin"], unitId: "sla-muongbu" });
  // Already in the commune's team "bản Bó": becomes its leader when the list names them for it.
  await User.ensure({ phone: "0915000002", fullName: "Lường Văn Bó", password: "RuongBac2026", roles: ["member"], unitId: "sla-muongbu-banbo" });
  // A member of "bản Hua Ngáy": not moved silently to lead another team.
  await User.ensure({ phone: "0915000003", fullName: "Quàng Văn Ngáy", password: "RuongBac2026", roles: ["member"], unitId: "sla-muongbu-huangay" });
  sla = (await signIn("0912000003")).accessToken;
  dbn = (await signIn("0912000004")).accessToken;
  communeAdmin = (await signIn("0915000001", "RuongBac2026")).accessToken;
});

async function upload(body: string | Uint8Array, dryRun: boolean, token = communeAdmin, type = "text/csv") {
  const res = await app.request(`/api/v1/admin/teams/import?dryRun=${dryRun}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": type },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const teamsOf = async (communeId: string) => (await Unit.children(communeId)).filter((unit) => unit.kind === "team");

const LIST = [
  HEADER,
  "SLA-MUONGBU,Tổ CNSCĐ bản Phiêng Ngùa,Lò Văn Phiêng,0915100001",
  "sla-muongbu,Tổ CNSCĐ bản Nà Sành,Cầm Thị Sành,0915 100 002",
  // The seed's "Tổ CNSCĐ bản Bó", written another way: the same team.
  "SLA-MUONGBU,tổ cnscđ  bản bó,Lường Văn Bó,0915000002",
  "SLA-MUONGBU,Tổ CNSCĐ bản Lốm,Quàng Văn Ngáy,0915000003",
  "SLA-TOHIEU,Tổ CNSCĐ tổ dân phố 9,Lò Văn Chín,0915100009",
  "SLA-MUONGBU,Tổ CNSCĐ bản Phiêng Ngùa,Lò Văn Hai,0915100010",
  "SLA-MUONGBU,X,Lò Văn Ba,0915100011",
  "SLA-MUONGBU,Tổ CNSCĐ bản Mới,Lò Văn Bốn,12345",
  "SLA-MUONGBU,Tổ CNSCĐ bản Khác,Lò Văn Năm,0915100001",
].join("\n");

describe("teams in bulk", () => {
  it("a dry run checks every row, names the line, team and phone of each error, and creates nothing", async () => {
    const before = await teamsOf("sla-muongbu");
    const dry = await upload(LIST, true);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, rows: 9, created: 2, unchanged: 1, leadersCreated: 2, leadersAssigned: 1 });
    const errors = dry.json.errors as { row: number; teamName: string; phone: string; problems: { code: string; params?: unknown }[] }[];
    expect(errors.map((e) => [e.row, e.teamName, e.phone, e.problems.map((p) => p.code)])).toEqual([
      [5, "Tổ CNSCĐ bản Lốm", "0915000003", ["row.leader_other_team"]],
      [6, "Tổ CNSCĐ tổ dân phố 9", "0915100009", ["row.commune"]],
      [7, "Tổ CNSCĐ bản Phiêng Ngùa", "0915100010", ["row.duplicate_team"]],
      [8, "X", "0915100011", ["team.name_short"]],
      [9, "Tổ CNSCĐ bản Mới", "12345", ["row.phone"]],
      [10, "Tổ CNSCĐ bản Khác", "0915100001", ["row.duplicate_leader"]],
    ]);
    expect(errors[2]!.problems[0]!.params).toEqual({ row: 2 });
    expect(await teamsOf("sla-muongbu")).toEqual(before);
    expect(await User.idByPhone("0915100001")).toBeUndefined();
  });

  it("the real run creates each team with a join code and its leader; running it again creates nothing twice", async () => {
    const before = await teamsOf("sla-muongbu");
    const run = await upload(LIST, false);
    expect(run).toMatchObject({ status: 200, json: { dryRun: false, created: 2, unchanged: 1, leadersCreated: 2, leadersAssigned: 1 } });
    expect(run.json.errors).toHaveLength(6);
    const after = await teamsOf("sla-muongbu");
    expect(after).toHaveLength(before.length + 2);
    for (const team of run.json.teams as { unitId: string; joinCode: string; teamName: string; leaderId: string; leader: string }[]) {
      expect((await Unit.resolveJoinCode(team.joinCode)).id).toBe(team.unitId);
      const leader = (await User.get(team.leaderId))!;
      expect(leader.unitId).toBe(team.unitId);
      expect(leader.roles).toEqual(expect.arrayContaining(["team-leader", "member"]));
      expect(Boolean(leader.pending)).toBe(team.leader === "created");
    }
    const phieng = (run.json.teams as { teamName: string; unitId: string }[]).find((t) => t.teamName === "Tổ CNSCĐ bản Phiêng Ngùa")!;
    expect(await Unit.get(phieng.unitId)).toMatchObject({ kind: "team", parentId: "sla-muongbu", name: "Tổ CNSCĐ bản Phiêng Ngùa" });
    // The person of the rejected row stays where they were.
    expect((await User.get((await User.idByPhone("0915000003"))!))!.unitId).toBe("sla-muongbu-huangay");
    // A pending leader activates with the one-time code an admin hands over.
    const leaderId = (await User.idByPhone("0915100001"))!;
    const code = await call("POST", `/admin/members/${leaderId}/activation-code`, { token: communeAdmin });
    expect(code.status).toBe(201);
    const activated = await call("POST", "/auth/activate", { body: { phone: "0915100001", code: code.json.code, password: "PhiengNgua2026" } });
    expect(activated.status).toBe(200);
    expect(activated.json.user).toMatchObject({ unitId: phieng.unitId, roles: expect.arrayContaining(["team-leader"]) });

    const again = await upload(LIST, false);
    expect(again.json).toMatchObject({ created: 0, unchanged: 3, leadersCreated: 0, leadersAssigned: 0 });
    expect(again.json.teams.map((t: { joinCode: string }) => t.joinCode)).toEqual(run.json.teams.map((t: { joinCode: string }) => t.joinCode));
    expect(await teamsOf("sla-muongbu")).toHaveLength(after.length);
  });

  it("rows outside the admin's communes are row errors, and nothing outside is created", async () => {
    const list = [
      HEADER,
      "DBN-MUONGPHANG,Tổ CNSCĐ bản Ngoài,Lò Văn Ngoài,0915200001",
      "SLA-TOHIEU,Tổ CNSCĐ phố Ngoài,Lò Văn Phố,0915200002",
      "KHONG-CO,Tổ Không,Lò Văn Không,0915200003",
      "SLA,Tổ Tỉnh,Lò Văn Tỉnh,0915200004",
    ].join("\n");
    const dbnBefore = await teamsOf("dbn-muongphang");
    const tohieuBefore = await teamsOf("sla-tohieu");
    const res = await upload(list, false);
    expect(res.json).toMatchObject({ created: 0, teams: [] });
    expect(res.json.errors.map((e: { problems: { code: string }[] }) => e.problems[0]!.code)).toEqual([
      "row.commune",
      "row.commune",
      "row.commune",
      "row.commune",
    ]);
    expect(await teamsOf("dbn-muongphang")).toEqual(dbnBefore);
    expect(await teamsOf("sla-tohieu")).toEqual(tohieuBefore);
    expect(await User.idByPhone("0915200001")).toBeUndefined();
  });

  it("a leader with an account outside the admin's units is not revealed by a dry run, and is refused on the real run with nothing created", async () => {
    const list = [HEADER, "DBN-MUONGPHANG,Tổ CNSCĐ bản Che Phai,Lò Văn Một,0912000001"].join("\n");
    const dry = await upload(list, true, dbn);
    expect(dry.json).toMatchObject({ created: 1, leadersCreated: 1, errors: [] });
    const before = await teamsOf("dbn-muongphang");
    const real = await upload(list, false, dbn);
    expect(real.json).toMatchObject({
      created: 0,
      errors: [{ row: 2, teamName: "Tổ CNSCĐ bản Che Phai", phone: "0912000001", problems: [{ code: "row.leader_outside" }] }],
    });
    expect(await teamsOf("dbn-muongphang")).toEqual(before);
  });

  it("a province admin creates teams in any commune of the province, from an Excel workbook with Vietnamese headers", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Danh sách tổ");
    sheet.addRow(["Mã xã", "Tên tổ", "Tổ trưởng", "Số điện thoại"]);
    // Typed into a General cell, Excel keeps 0915300001 as the number 915300001.
    sheet.addRow(["SLA-MOCCHAU", "Tổ CNSCĐ tiểu khu 7", "Đinh Thị Bảy", 915300001]);
    sheet.addRow(["SLA-TOHIEU", "Tổ CNSCĐ tổ dân phố 8", "Hoàng Văn Tám", "0915300002"]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const res = await upload(bytes, false, sla, XLSX);
    expect(res).toMatchObject({ status: 200, json: { created: 2, leadersCreated: 2, errors: [] } });
    expect(await User.idByPhone("0915300001")).toBeDefined();
  });

  it("refuses a list without the needed columns, a file too large or too long, and anyone but an admin", async () => {
    const noLeader = await upload("Mã xã,Tên tổ\nSLA-MUONGBU,Tổ A", true);
    expect(noLeader.status).toBe(400);
    expect(expectErrorShape(noLeader.json)).toMatchObject({ code: "import.missing_column" });
    expect(noLeader.json.error.params).toEqual({ column: "leaderName" });
    const english = await upload("communeCode,teamName,leaderName,leaderPhone\nSLA-MUONGBU,Tổ CNSCĐ bản Tiếng Anh,Lò Văn Anh,0915400001", true);
    expect(english.json).toMatchObject({ created: 1, errors: [] });

    const tooLong = [HEADER, ...Array.from({ length: 5001 }, (_, i) => `SLA-MUONGBU,Tổ ${i},Lò Văn Ma,0915500001`)].join("\n");
    const long = await upload(tooLong, true);
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe("import.too_many_rows");
    const big = await upload(`${HEADER}\n${"SLA-MUONGBU,Tổ,Lò Văn Ma,0915500001\n".repeat(70_000)}`, true);
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe("request.too_large");

    const member = (await signIn("0912000001")).accessToken;
    const leader = (await signIn("0912000005")).accessToken;
    for (const token of [member, leader]) expect((await upload(LIST, true, token)).status).toBe(403);
    const anonymous = await app.request("/api/v1/admin/teams/import?dryRun=true", { method: "POST", body: LIST });
    expect(anonymous.status).toBe(401);
  });

  it("a list over 200 rows runs as a background job with the same outcome, and running the job again creates nothing twice", async () => {
    const commune = await Unit.create({ id: "sla-thuannhan", code: "SLA-THUANNHAN", name: "Xã Thuấn Nhàn", kind: "commune", parentId: "sla" });
    const list = [HEADER, ...Array.from({ length: 201 }, (_, i) => `SLA-THUANNHAN,Tổ CNSCĐ số ${i + 1},Lò Văn Ma,0916${String(i).padStart(6, "0")}`)].join(
      "\n",
    );
    const queued = await upload(list, false, sla);
    expect(queued.status).toBe(202);
    await Job.idle();
    const status = await call("GET", `/admin/teams/imports/${queued.json.id}`, { token: sla });
    expect(status.json).toMatchObject({ status: "done", progress: 100, result: { created: 201, leadersCreated: 201, errors: [] } });
    expect(await teamsOf(commune.id)).toHaveLength(201);
    expect((await call("GET", `/admin/teams/imports/${queued.json.id}`, { token: dbn })).status).toBe(404);
    // A worker that crashed after finishing its work and runs the job again finds everything in place.
    await Job.update(queued.json.id, { status: "running" });
    await runJob({ kind: "team_import", id: queued.json.id });
    const rerun = await call("GET", `/admin/teams/imports/${queued.json.id}`, { token: sla });
    expect(rerun.json.result).toMatchObject({ created: 0, unchanged: 201, leadersCreated: 0 });
    expect(await teamsOf(commune.id)).toHaveLength(201);
  }, 120_000); // 201 teams with their leaders, twice: about 11 s on a quiet machine, three times that beside an e2e run
});

describe("the join code sheet", () => {
  it("is one A4 PDF with every team's name and join code, the commune's name and the print date", async () => {
    const teams = (await teamsOf("sla-muongbu")).filter((team) => team.joinCode);
    expect(teams.length).toBeGreaterThanOrEqual(3);
    const res = await app.request("/api/v1/admin/units/sla-muongbu/join-codes.pdf", { headers: { authorization: `Bearer ${communeAdmin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pdf = await getDocumentProxy(bytes);
    const { text } = await extractText(pdf, { mergePages: true });
    const page = await pdf.getPage(1);
    expect(page.view.slice(2).map(Math.round)).toEqual([595, 842]);
    const flat = text.replace(/\s+/g, " ");
    for (const team of teams) {
      expect(flat).toContain(team.name);
      expect(flat).toContain(team.joinCode);
    }
    expect(flat).toContain("Xã Mường Bú, Tỉnh Sơn La");
    expect(flat).toMatch(/In ngày \d{2}\/\d{2}\/\d{4}/);
    expect(flat).toContain("không dùng được nữa");
  });

  it("has several pages when a commune has many teams", async () => {
    const res = await app.request("/api/v1/admin/units/sla-thuannhan/join-codes.pdf", { headers: { authorization: `Bearer ${sla}` } });
    const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.numPages).toBe(Math.ceil(201 / 8));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain("Tổ CNSCĐ số 201");
    expect(text).toContain("Trang 26/26");
  }, 120_000);

  it("is only for admins over the commune, and only for communes", async () => {
    const get = (path: string, token?: string) => app.request(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get("/admin/units/sla-muongbu/join-codes.pdf", dbn)).status).toBe(404);
    expect((await get("/admin/units/sla-tohieu/join-codes.pdf", communeAdmin)).status).toBe(404);
    expect((await get("/admin/units/sla-muongbu/join-codes.pdf", (await signIn("0912000005")).accessToken)).status).toBe(404);
    expect((await get("/admin/units/sla-muongbu/join-codes.pdf")).status).toBe(401);
    const team = await get("/admin/units/sla-muongbu-banbo/join-codes.pdf", communeAdmin);
    expect(team.status).toBe(400);
    expect(((await team.json()) as { error: { code: string } }).error.code).toBe("unit.not_a_commune");
  });
});

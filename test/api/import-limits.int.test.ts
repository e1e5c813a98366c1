import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { MemberImport } from "../../packages/core/src/member-import";
import { LIMITS } from "../../packages/core/src/spreadsheet";
import { rowsBomb, zerosBomb } from "../../packages/core/src/spreadsheet/fixtures";
import { xlsxToCsv } from "../../web/src/routes/admin/lib/xlsx-to-csv";
import { app, call, expectErrorShape, seedDemo, signIn } from "./client";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let sla: string;

beforeAll(async () => {
  await seedDemo();
  sla = (await signIn("0912000003")).accessToken;
});

async function upload(body: Uint8Array, dryRun: boolean) {
  const res = await app.request(`/api/v1/admin/members/import?dryRun=${dryRun}`, {
    method: "POST",
    headers: { authorization: `Bearer ${sla}`, "content-type": XLSX },
    body,
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

async function memberList() {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Danh sách");
  sheet.addRow(["Họ và tên", "Số điện thoại", "Mã đơn vị", "Vai trò"]);
  sheet.addRow(["Điêu Chính Tươi", "0984 111 222", "SLA-MUONGBU-HUANGAY", "member"]);
  // Typed into a General cell, Excel keeps 0984111333 as the number 984111333.
  sheet.addRow(["Lò Văn Hặc", 984111333, "SLA-MUONGBU-HUANGAY", "team-leader"]);
  sheet.addRow(["Quàng Thị Én", 984111444, "SLA-MUONGBU-HUANGAY"]).getCell(2).numFmt = "0000000000";
  sheet.addRow([]);
  sheet.addRow(["Sai Số", "123", "SLA-MUONGBU-HUANGAY", "member"]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("member import from Excel, within limits", () => {
  // First, while the process is fresh: the server here is this process, and growth is measured in RSS.
  it.each([
    ["that says it unpacks to 200 MB", () => zerosBomb(200), "import.too_large"],
    ["that unpacks to 200 MB while claiming 100 KB", () => rowsBomb(200, 100_000), "import.unreadable"],
  ])("refuses a zip bomb %s with a 400, without unpacking it", async (_, bomb, code) => {
    const body = bomb();
    expect(body.length).toBeLessThan(400 * 1024);
    const before = process.memoryUsage().rss;
    const res = await upload(body, false);
    const grewMB = (process.memoryUsage().rss - before) / 2 ** 20;
    expect(res.status).toBe(400);
    expect(expectErrorShape(res.json).code).toBe(code);
    expect(grewMB).toBeLessThan(50);
  });

  it("imports a normal workbook, phones stored as numbers included", async () => {
    const dry = await upload(await memberList(), true);
    expect(dry).toMatchObject({ status: 200, json: { dryRun: true, rows: 4, created: 3, errors: [{ row: 5 }] } });
    const commit = await upload(await memberList(), false);
    expect(commit).toMatchObject({ status: 200, json: { dryRun: false, created: 3 } });
    const team = await call("GET", "/admin/units/sla-muongbu-huangay/report", { token: sla });
    expect(team.json.unit.pending).toBe(3);
  });

  it("turns a workbook into the same CSV in the browser as on the server", async () => {
    const bytes = await memberList();
    const csv = await MemberImport.toCsv(bytes);
    expect(await xlsxToCsv(bytes)).toBe(csv);
    expect(csv.split("\n")).toEqual([
      "Họ và tên,Số điện thoại,Mã đơn vị,Vai trò",
      "Điêu Chính Tươi,0984 111 222,SLA-MUONGBU-HUANGAY,member",
      "Lò Văn Hặc,0984111333,SLA-MUONGBU-HUANGAY,team-leader",
      "Quàng Thị Én,0984111444,SLA-MUONGBU-HUANGAY",
      "Sai Số,123,SLA-MUONGBU-HUANGAY,member",
    ]);
  });

  it("reads as many rows as the import allows under a header, and refuses a longer sheet with the import's code", async () => {
    expect(LIMITS.rows).toBe(MemberImport.MAX_ROWS + 1);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Danh sách");
    sheet.addRow(["fullName", "phone", "unitCode"]);
    for (let i = 0; i <= MemberImport.MAX_ROWS; i++) sheet.addRow([`Thành viên ${i}`, 983000000 + i, "SLA-MUONGBU-HUANGAY"]);
    const res = await upload(new Uint8Array(await book.xlsx.writeBuffer()), true);
    expect(res.status).toBe(400);
    expect(expectErrorShape(res.json).code).toBe("import.too_many_rows");
  });
});

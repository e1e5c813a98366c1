import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { rowsBomb } from "../../../../../packages/core/src/spreadsheet/fixtures";
import { xlsxToCsv } from "./xlsx-to-csv";

async function workbook(rows: unknown[][], sheets = 1) {
  const book = new ExcelJS.Workbook();
  for (let i = 0; i < sheets; i++) {
    const sheet = book.addWorksheet(i === 0 ? "Danh sách" : `Khác ${i}`);
    for (const row of i === 0 ? rows : [["không", "đọc"]]) sheet.addRow(row);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("xlsxToCsv", () => {
  it("turns the first sheet of an Excel list into the CSV the import expects", async () => {
    const bytes = await workbook(
      [
        ["fullName", "phone", "unitCode", "role"],
        ["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO", "member"],
        ['Quàng Văn "Bảo", con', 912345678, "SLA-MUONGBU-BANBO", "team-leader"],
        [],
        ["Cầm Thị Lan", "0983 000 002", "SLA-TOHIEU-TDP2"],
      ],
      2,
    );
    expect(await xlsxToCsv(bytes)).toBe(
      [
        "fullName,phone,unitCode,role",
        "Lò Thị Hương,0912000001,SLA-MUONGBU-BANBO,member",
        // Quotes and commas are escaped; the phone Excel stored as a number gets its leading 0 back.
        '"Quàng Văn ""Bảo"", con",0912345678,SLA-MUONGBU-BANBO,team-leader',
        "Cầm Thị Lan,0983 000 002,SLA-TOHIEU-TDP2",
      ].join("\n"),
    );
  });

  it("keeps a phone typed as text with its leading 0, and puts the 0 back on one Excel stored as a number", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Danh sách");
    sheet.addRow(["Họ và tên", "Số điện thoại", "Mã đơn vị"]);
    sheet.addRow(["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO"]);
    sheet.addRow(["Quàng Văn Bảo", 912000002, "SLA-MUONGBU-BANBO"]).getCell(2).numFmt = "0000000000";
    sheet.addRow(["Cầm Thị Lan", 912000003, "SLA-MUONGBU-BANBO"]).getCell(2).numFmt = "@";
    expect(await xlsxToCsv(new Uint8Array(await book.xlsx.writeBuffer()))).toBe(
      [
        "Họ và tên,Số điện thoại,Mã đơn vị",
        "Lò Thị Hương,0912000001,SLA-MUONGBU-BANBO",
        "Quàng Văn Bảo,0912000002,SLA-MUONGBU-BANBO",
        "Cầm Thị Lan,0912000003,SLA-MUONGBU-BANBO",
      ].join("\n"),
    );
  });

  it("reports anything that is not a workbook as Error('xlsx')", async () => {
    await expect(xlsxToCsv(new TextEncoder().encode("fullName,phone\n"))).rejects.toThrow("xlsx");
  });

  it("refuses a zip bomb without unpacking it, saying why in the error's cause", async () => {
    const refusal = (bytes: Uint8Array) =>
      xlsxToCsv(bytes).then(
        () => undefined,
        (caught: Error) => ({ message: caught.message, cause: caught.cause }),
      );
    // 300 KB that would inflate to 200 MB of rows: refused from its header, or when it outgrows the size it claims.
    expect(await refusal(rowsBomb(200))).toMatchObject({ message: "xlsx", cause: { code: "import.too_large", params: { unit: "bytes" } } });
    expect(await refusal(rowsBomb(200, 100_000))).toMatchObject({ message: "xlsx", cause: { code: "import.unreadable" } });
  });
});

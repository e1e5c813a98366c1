import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
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
    const bytes = await workbook([
      ["fullName", "phone", "unitCode", "role"],
      ["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO", "member"],
      ["Quàng Văn \"Bảo\", con", 912345678, "SLA-MUONGBU-BANBO", "team-leader"],
      [],
      ["Cầm Thị Lan", "0983 000 002", "SLA-TOHIEU-TDP2"],
    ], 2);
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

  it("reports anything that is not a workbook as Error('xlsx')", async () => {
    await expect(xlsxToCsv(new TextEncoder().encode("fullName,phone\n"))).rejects.toThrow("xlsx");
  });
});

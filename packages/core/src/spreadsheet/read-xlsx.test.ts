import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { memberListCsv, readXlsx, SpreadsheetError, type Limits } from ".";
import { rowsBomb, sheetXml, workbook, workbookParts, zerosBomb, zip } from "./fixtures";
import { LIMITS, plainDecimal } from "./read-xlsx";

const MB = 2 ** 20;

async function excelFile(fill: (sheet: ExcelJS.Worksheet) => void) {
  const book = new ExcelJS.Workbook();
  fill(book.addWorksheet("Danh sách"));
  book.addWorksheet("Khác").addRow(["không", "đọc"]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The error `read` throws, so that its code and params can be compared. */
function refusal(read: () => unknown) {
  try {
    read();
  } catch (error) {
    if (error instanceof SpreadsheetError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error("the workbook was read");
}

/** How much the process grew while `read` ran: a reader that inflated a bomb would grow by hundreds of MB. */
function rssGrowth(read: () => unknown) {
  const before = process.memoryUsage().rss;
  const refused = refusal(read);
  return { refused, grewMB: (process.memoryUsage().rss - before) / MB };
}

const cell = (reference: string, value: string, type = "") =>
  `<c r="${reference}"${type ? ` t="${type}"` : ""}>${type === "inlineStr" ? `<is><t>${value}</t></is>` : `<v>${value}</v>`}</c>`;
const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => `<row r="${i + 1}">${cell(`A${i + 1}`, String(i))}</row>`).join("");

// First in the file, while the process is fresh: growth is measured in RSS.
describe("zip bombs", () => {
  it("refuses an entry that says it inflates past the limit, before inflating it", () => {
    const bomb = zerosBomb(200);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const { refused, grewMB } = rssGrowth(() => readXlsx(bomb));
    expect(refused).toEqual({ code: "import.too_large", params: { limit: 20 * MB, unit: "bytes" } });
    expect(grewMB).toBeLessThan(50);
  });

  it("stops an entry that inflates past the size its header claims, as soon as it does", () => {
    const { refused, grewMB } = rssGrowth(() => readXlsx(rowsBomb(200, 100_000)));
    expect(refused.code).toBe("import.unreadable");
    expect(grewMB).toBeLessThan(50);
  });

  it("refuses text without markup once 1 MB of it is pending, whatever the header claims", () => {
    const { refused, grewMB } = rssGrowth(() => readXlsx(zerosBomb(200, 20_000_000)));
    expect(refused).toEqual({ code: "import.too_large", params: { limit: MB, unit: "characters" } });
    expect(grewMB).toBeLessThan(50);
  });

  it("refuses parts that fit one by one but not together", () => {
    const strings = Array.from({ length: 3000 }, (_, i) => `chuỗi số ${i}`);
    const parts = [...workbookParts(strings), { name: "xl/worksheets/sheet1.xml", data: sheetXml(rowsOf(3000).replaceAll("<c ", '<c t="s" ')) }];
    const file = zip(parts);
    const inflated = parts
      .filter((part) => part.name !== "[Content_Types].xml")
      .reduce((sum, part) => sum + new TextEncoder().encode(String(part.data)).length, 0);
    const limits: Limits = { ...LIMITS, entryBytes: inflated, totalBytes: inflated };
    expect(readXlsx(file, limits).rows).toHaveLength(3000);
    expect(refusal(() => readXlsx(file, { ...limits, totalBytes: inflated - 1 }))).toEqual({
      code: "import.too_large",
      params: { limit: inflated - 1, unit: "bytes" },
    });
  });

  it("refuses a zip with more entries than a workbook has, before reading any", () => {
    const padding = Array.from({ length: 1000 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: "" }));
    const file = zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: sheetXml(rowsOf(1)) }, ...padding]);
    expect(refusal(() => readXlsx(file))).toEqual({ code: "import.too_large", params: { limit: 1000, unit: "entries" } });
  });
});

describe("rows and columns", () => {
  it("reads 5,001 rows (a header and the import's 5,000) and refuses one more while reading", () => {
    expect(readXlsx(workbook(rowsOf(5001))).rows).toHaveLength(5001);
    expect(refusal(() => readXlsx(workbook(rowsOf(5002))))).toEqual({ code: "import.too_many_rows", params: { limit: 5001 } });
  });

  it("does not count empty rows, such as rows Excel keeps only for their formatting", () => {
    const empty = Array.from({ length: 6000 }, (_, i) => `<row r="${i + 2}" ht="20" customHeight="1"><c r="A${i + 2}" s="1"/></row>`).join("");
    expect(readXlsx(workbook(`<row r="1">${cell("A1", "fullName", "inlineStr")}</row>${empty}`)).rows).toEqual([["fullName"]]);
  });

  it("reads values up to column 50 (AX) and refuses one in column 51 (AY); formatted empty cells past it are fine", () => {
    expect(readXlsx(workbook(`<row r="1">${cell("AX1", "x", "inlineStr")}<c r="AY1" s="2"/><c r="XFD1" s="2"/></row>`)).rows[0]).toHaveLength(50);
    expect(refusal(() => readXlsx(workbook(`<row r="1">${cell("AY1", "x", "inlineStr")}</row>`)))).toEqual({
      code: "import.too_many_columns",
      params: { limit: 50 },
    });
  });
});

describe("files that are not workbooks", () => {
  const good = workbook(`<row r="1">${cell("A1", "fullName", "inlineStr")}</row>`);

  it.each([
    ["CSV text", new TextEncoder().encode("fullName,phone\nLò Thị Hương,0912000001\n")],
    ["an empty file", new Uint8Array(0)],
    ["a truncated zip", good.subarray(0, good.length - 30)],
    ["a zip cut in the middle", good.subarray(0, Math.floor(good.length / 2))],
    ["a zip without a workbook", zip([{ name: "word/document.xml", data: "<w:document/>" }])],
    ["a workbook without its sheet", zip(workbookParts())],
    [
      "damaged deflate data",
      zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", deflated: Uint8Array.of(0xff, 0xff, 0xff, 0xff), declaredSize: 100 }]),
    ],
    ["a sheet that is not XML", zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: "fullName,phone" }])],
    ["a sheet with a DOCTYPE", zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: `<!DOCTYPE x [<!ENTITY a "aaaa">]>${sheetXml("")}` }])],
    ["a sheet whose tags do not match", zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: sheetXml("<row><c><v>1</c></v></row>") }])],
    ["a sheet cut short", zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: sheetXml(rowsOf(3)).slice(0, -30) }])],
    ["a shared string that does not exist", workbook(`<row r="1">${cell("A1", "7", "s")}</row>`, ["một"])],
    [
      "invalid UTF-8",
      zip([...workbookParts(), { name: "xl/worksheets/sheet1.xml", data: Uint8Array.of(0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e) }]),
    ],
  ])("refuses %s as unreadable", (_, bytes) => {
    expect(refusal(() => readXlsx(bytes)).code).toBe("import.unreadable");
  });

  it("returns no rows for a workbook without sheets", () => {
    const parts = workbookParts().map((part) =>
      part.name === "xl/workbook.xml"
        ? { ...part, data: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>` }
        : part,
    );
    expect(readXlsx(zip(parts)).rows).toEqual([]);
  });
});

describe("a workbook written by Excel's rules (exceljs)", () => {
  it("reads the first sheet's text, numbers, booleans, formulas and empty cells", async () => {
    const bytes = await excelFile((sheet) => {
      sheet.addRow(["Họ và tên", "Số điện thoại", "Mã đơn vị", "Vai trò", "Ghi chú"]);
      sheet.addRow(["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO", "member"]);
      sheet.addRow(['Quàng Văn "Bảo", con', 912345678, "SLA-MUONGBU-BANBO", "team-leader", true]);
      sheet.addRow(["Cầm Thị Lan", null, "SLA-TOHIEU-TDP2", null, 3.5]);
      sheet.addRow([]);
      sheet.addRow([
        { richText: [{ text: "Điêu " }, { font: { bold: true }, text: "Chính Tươi" }] },
        84983000002,
        { formula: "1+1", result: 2 },
        0.1 + 0.2,
        1e21,
      ]);
      const text = sheet.addRow(["Văn bản", 912000003]);
      text.getCell(2).numFmt = "@";
      const padded = sheet.addRow(["Mười số", 912000004]);
      padded.getCell(2).numFmt = "0000000000";
    });
    const sheet = readXlsx(bytes);
    expect(sheet.rows).toEqual([
      ["Họ và tên", "Số điện thoại", "Mã đơn vị", "Vai trò", "Ghi chú"],
      ["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO", "member"],
      ['Quàng Văn "Bảo", con', "912345678", "SLA-MUONGBU-BANBO", "team-leader", "TRUE"],
      ["Cầm Thị Lan", "", "SLA-TOHIEU-TDP2", "", "3.5"],
      ["Điêu Chính Tươi", "84983000002", "2", "0.30000000000000004", "1000000000000000000000"],
      ["Văn bản", "912000003"],
      ["Mười số", "912000004"],
    ]);
    expect(sheet.numeric[1]).toEqual([false, false, false, false]);
    expect(sheet.numeric[2]).toEqual([false, true, false, false, false]);
    expect(sheet.numeric[5]).toEqual([false, true]);
  });

  it("gives a phone Excel stored as a number its leading 0 back in the member list, and keeps text as written", async () => {
    const bytes = await excelFile((sheet) => {
      sheet.addRow(["fullName", "phone", "unitCode", "role"]);
      sheet.addRow(["Lò Thị Hương", "0912000001", "SLA-MUONGBU-BANBO", "member"]);
      sheet.addRow(["Quàng Văn Bảo", 912000002, "SLA-MUONGBU-BANBO", "member"]);
      sheet.addRow(["Cầm Thị Lan", "912000003", "SLA-MUONGBU-BANBO", "member"]);
      sheet.addRow(["Lường Văn Ba", 84912000004, 912000005, "member"]);
      sheet.addRow(["Mười số", 912000006, "SLA-MUONGBU-BANBO"]).getCell(2).numFmt = "0000000000";
    });
    expect(memberListCsv(bytes).split("\n")).toEqual([
      "fullName,phone,unitCode,role",
      "Lò Thị Hương,0912000001,SLA-MUONGBU-BANBO,member",
      "Quàng Văn Bảo,0912000002,SLA-MUONGBU-BANBO,member",
      // Text stays as typed (and is refused by the import as not a mobile number).
      "Cầm Thị Lan,912000003,SLA-MUONGBU-BANBO,member",
      // Only the phone column, and only nine digits: +84 forms are normalisePhone's to read.
      "Lường Văn Ba,84912000004,912000005,member",
      "Mười số,0912000006,SLA-MUONGBU-BANBO",
    ]);
  });
});

describe("what other writers put in a sheet", () => {
  it("reads inline strings, rich text without phonetic guides, prefixed names, cached formula results and escapes", () => {
    const rows = [
      `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Họ &amp; tên</x:t></x:is></x:c><x:c r="C1" t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Số </x:t></x:r><x:r><x:t>máy</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ソ</x:t></x:rPh></x:is></x:c></x:row>`,
      `<x:row r="2"><x:c t="str"><x:f>A1&amp;""</x:f><x:v>Dòng_x000D_hai</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c><x:v>9.12E+8</x:v></x:c><x:c><x:v><![CDATA[1.5E-3]]></x:v></x:c></x:row>`,
      `<x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c><x:c r="D3" t="s"><x:v>1</x:v></x:c></x:row>`,
    ].join("");
    const sheet = `<?xml version="1.0"?><!-- written by hand --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows}</x:sheetData></x:worksheet>`;
    const file = zip([...workbookParts(["Lò &lt;Thị&gt; &#7890;n", "_x005F_x000D_"]), { name: "xl/worksheets/sheet1.xml", data: sheet }]);
    expect(readXlsx(file).rows).toEqual([
      ["Họ & tên", "", "Số máy"],
      ["Dòng\rhai", "#N/A", "FALSE", "912000000", "0.0015"],
      ["", "Lò <Thị> Ồn", "", "_x000D_"],
    ]);
  });

  it("finds the first sheet through the relationships, wherever it is stored", () => {
    const parts = workbookParts().map((part) =>
      part.name === "xl/_rels/workbook.xml.rels"
        ? { ...part, data: String(part.data).replace('Target="worksheets/sheet1.xml"', 'Target="/xl/Sheets/../Tabs/Danh-sach.xml"') }
        : part,
    );
    expect(readXlsx(zip([...parts, { name: "xl/tabs/danh-sach.xml", data: sheetXml(rowsOf(2)) }])).rows).toEqual([["0"], ["1"]]);
  });
});

describe("plainDecimal", () => {
  it.each([
    ["912000001", "912000001"],
    ["3.5", "3.5"],
    ["9.12E+8", "912000000"],
    ["1E-7", "0.0000001"],
    ["-1.5e2", "-150"],
    ["1.23456789012345E+20", "123456789012345000000"],
    ["0E0", "0"],
  ])("writes %s as %s", (stored, plain) => {
    expect(plainDecimal(stored)).toBe(plain);
  });
});

import type { ImportOutcome } from "@kns/core/model";
import type { ImportRowProblem } from "@kns/core/model";
import { screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { changingRows, ImportResult, validRows } from "./import-result";
import { renderWithI18n } from "./testing";
import { loadLanguage } from "../../../i18n";

const checked: ImportOutcome = {
  dryRun: true,
  rows: 6,
  created: 2,
  updated: 1,
  unchanged: 0,
  errors: [
    { row: 4, fullName: "Lò Văn A", problems: [{ code: "row.phone", params: { value: "12345" } }], message: '"12345" is not a Vietnamese mobile number' },
    {
      row: 5,
      fullName: "Lò Văn B",
      problems: [{ code: "row.duplicate", params: { phone: "0983000001", row: 2 } }],
      message: "phone 0983000001 is already on row 2",
    },
    {
      row: 7,
      fullName: "Lò Văn C 3",
      problems: [{ code: "name.characters" }, { code: "row.unit", params: { value: "DBN-X" } }],
      message: 'Full name may contain only letters, spaces, apostrophes, dots and hyphens; unit code "DBN-X" is not a unit you manage',
    },
    // A code from a newer server that this app does not know yet.
    { row: 9, fullName: "Lò Văn D", problems: [{ code: "row.future" } as unknown as ImportRowProblem], message: "something the app does not know yet" },
  ],
};

describe("ImportResult", () => {
  it("shows what a dry run would do, and every refused row with its problems in Vietnamese", () => {
    renderWithI18n(() => (
      <ImportResult outcome={checked}>
        <button type="button">Nhập {validRows(checked)} dòng hợp lệ</button>
      </ImportResult>
    ));
    expect(screen.getByRole("heading", { name: "Kết quả kiểm tra (chưa nhập)" })).toBeTruthy();
    expect(screen.getByText("2 thành viên mới sẽ được thêm")).toBeTruthy();
    expect(screen.getByText("1 thành viên sẽ được cập nhật")).toBeTruthy();
    expect(screen.getByText("4 dòng có lỗi")).toBeTruthy();

    const table = screen.getByRole("table", { name: "Các dòng có lỗi (sẽ không được nhập)" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual(["4", "5", "7", "9"]);
    expect(within(rows[0]!).getByText("Lò Văn A")).toBeTruthy();
    expect(within(rows[0]!).getByText("“12345” không phải số di động Việt Nam.")).toBeTruthy();
    expect(within(rows[1]!).getByText("Số 0983000001 đã có ở dòng 2.")).toBeTruthy();
    expect(within(rows[2]!).getByText("Họ tên chỉ gồm chữ cái, dấu cách, dấu nháy, dấu chấm và gạch nối.")).toBeTruthy();
    expect(within(rows[2]!).getByText("Mã đơn vị “DBN-X” không phải đơn vị bạn quản lý.")).toBeTruthy();
    // A message the app has no translation for is shown as the server wrote it, never dropped.
    expect(within(rows[3]!).getByText("something the app does not know yet")).toBeTruthy();

    expect(screen.getByRole("button", { name: "Nhập 2 dòng hợp lệ" })).toBeTruthy();
    expect(changingRows(checked)).toBe(3);
  });

  it("reports a finished import in the past tense, without an error table when every row went in", () => {
    renderWithI18n(() => <ImportResult outcome={{ dryRun: false, rows: 2, created: 2, updated: 0, unchanged: 0, errors: [] }} />);
    expect(screen.getByRole("heading", { name: "Đã nhập xong" })).toBeTruthy();
    expect(screen.getByText("2 thành viên mới đã được thêm")).toBeTruthy();
    expect(screen.getByText("0 dòng có lỗi")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("explains the rows in English for English readers", async () => {
    renderWithI18n(() => <ImportResult outcome={checked} />, await loadLanguage("en"));
    expect(screen.getByText("Phone 0983000001 is already on row 2.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Check result (nothing imported yet)" })).toBeTruthy();
  });
});

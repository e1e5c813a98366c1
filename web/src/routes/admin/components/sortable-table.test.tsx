import { fireEvent, screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { SortableTable, type Column } from "./sortable-table";
import { renderWithI18n } from "./testing";

interface Row {
  id: string;
  name: string;
  percent: number;
  score: number | null;
}

const rows: Row[] = [
  { id: "a", name: "Xã Mường Bú", percent: 50, score: 80 },
  { id: "b", name: "Phường Tô Hiệu", percent: 10, score: null },
  { id: "c", name: "Phường Mộc Châu", percent: 75, score: 60 },
];

const columns: Column<Row>[] = [
  { id: "name", label: "Đơn vị", value: (row) => row.name },
  { id: "percent", label: "Tỷ lệ", value: (row) => row.percent, numeric: true, cell: (row) => `${row.percent}%` },
  { id: "score", label: "Điểm TB", value: (row) => row.score, numeric: true },
];

const names = () =>
  within(screen.getByRole("table"))
    .getAllByRole("rowheader")
    .map((cell) => cell.textContent);
const header = (name: string) => screen.getByRole("columnheader", { name: new RegExp(name) });

describe("SortableTable", () => {
  it("starts in the given order and marks the sorted column for screen readers", () => {
    renderWithI18n(() => (
      <SortableTable caption="Kết quả" columns={columns} rows={rows} rowKey={(row) => row.id} initialSort={{ column: "name", direction: "ascending" }} />
    ));
    expect(screen.getByRole("table", { name: "Kết quả" })).toBeTruthy();
    expect(names()).toEqual(["Phường Mộc Châu", "Phường Tô Hiệu", "Xã Mường Bú"]);
    expect(header("Đơn vị").getAttribute("aria-sort")).toBe("ascending");
    expect(header("Tỷ lệ").getAttribute("aria-sort")).toBeNull();
    expect(screen.getAllByRole("cell").map((cell) => cell.textContent)).toContain("75%");
  });

  it("sorts numbers from the largest first, then reverses on a second press, and announces it", () => {
    renderWithI18n(() => (
      <SortableTable caption="Kết quả" columns={columns} rows={rows} rowKey={(row) => row.id} initialSort={{ column: "name", direction: "ascending" }} />
    ));
    fireEvent.click(within(header("Tỷ lệ")).getByRole("button"));
    expect(names()).toEqual(["Phường Mộc Châu", "Xã Mường Bú", "Phường Tô Hiệu"]);
    expect(header("Tỷ lệ").getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByRole("status").textContent).toBe("Đã sắp xếp theo “Tỷ lệ”, giảm dần.");
    fireEvent.click(within(header("Tỷ lệ")).getByRole("button"));
    expect(names()).toEqual(["Phường Tô Hiệu", "Xã Mường Bú", "Phường Mộc Châu"]);
    expect(header("Tỷ lệ").getAttribute("aria-sort")).toBe("ascending");
  });

  it("puts missing values last whichever way it sorts, and shows them as a dash", () => {
    renderWithI18n(() => (
      <SortableTable caption="Kết quả" columns={columns} rows={rows} rowKey={(row) => row.id} initialSort={{ column: "score", direction: "descending" }} />
    ));
    expect(names()).toEqual(["Xã Mường Bú", "Phường Mộc Châu", "Phường Tô Hiệu"]);
    fireEvent.click(within(header("Điểm TB")).getByRole("button"));
    expect(names()).toEqual(["Phường Mộc Châu", "Xã Mường Bú", "Phường Tô Hiệu"]);
    expect(screen.getAllByRole("cell").map((cell) => cell.textContent)).toContain("—");
  });

  it("scrolls inside its own labelled, focusable box", () => {
    renderWithI18n(() => (
      <SortableTable caption="Kết quả" columns={columns} rows={rows} rowKey={(row) => row.id} initialSort={{ column: "name", direction: "ascending" }} />
    ));
    const region = screen.getByRole("region", { name: "Kết quả" });
    expect(region.classList.contains("table-scroll")).toBe(true);
    expect(region.getAttribute("tabindex")).toBe("0");
  });
});

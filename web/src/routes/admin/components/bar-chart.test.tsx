import { screen } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart";
import { renderWithI18n } from "./testing";
import { loadLanguage } from "../../../i18n";

const bars = [
  { label: "Xã Mường Bú", value: 50 },
  { label: "Phường Tô Hiệu", value: 12.4 },
  { label: "Phường Mộc Châu", value: 0 },
];

describe("BarChart", () => {
  it("draws one bar per unit, as wide as its percentage, with the value beside or inside it", () => {
    renderWithI18n(() => <BarChart title="Tỷ lệ hoàn thành theo đơn vị" bars={bars} />);
    const svg = screen.getByRole("img");
    expect(svg.tagName.toLowerCase()).toBe("svg");
    const widths = [...svg.querySelectorAll(".bar-chart__bar")].map((bar) => bar.getAttribute("width"));
    expect(widths).toEqual(["50%", "12.4%", "0%"]);
    const labels = [...svg.querySelectorAll(".bar-chart__label")].map((label) => label.textContent);
    expect(labels).toEqual(["Xã Mường Bú", "Phường Tô Hiệu", "Phường Mộc Châu"]);
    const values = [...svg.querySelectorAll(".bar-chart__value")];
    expect(values.map((value) => value.textContent)).toEqual(["50%", "12%", "0%"]);
    expect(values[0]!.classList.contains("bar-chart__value--inside")).toBe(true);
    expect(values[1]!.classList.contains("bar-chart__value--inside")).toBe(false);
  });

  it("gives screen readers one sentence with every figure, and names the figure by its caption", () => {
    renderWithI18n(() => <BarChart title="Tỷ lệ hoàn thành theo đơn vị" bars={bars} />);
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Tỷ lệ hoàn thành theo đơn vị. Xã Mường Bú: 50%; Phường Tô Hiệu: 12%; Phường Mộc Châu: 0%.",
    );
    expect(screen.getByRole("figure", { name: "Tỷ lệ hoàn thành theo đơn vị" })).toBeTruthy();
  });

  it("keeps long lists readable: at most `limit` bars, ten units in the summary, the rest pointed to the table", () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ label: `Tổ ${i + 1}`, value: 100 - i }));
    renderWithI18n(() => <BarChart title="Theo tổ" bars={many} limit={12} />);
    expect(screen.getByRole("img").querySelectorAll(".bar-chart__bar")).toHaveLength(12);
    expect(screen.getByRole("img").getAttribute("aria-label")).toMatch(/Tổ 10: 91%\. Và 4 đơn vị khác, xem trong bảng\.$/);
    expect(screen.getByText("Biểu đồ hiện 12 trên 14 đơn vị có tỷ lệ cao nhất; xem đủ trong bảng.")).toBeTruthy();
  });

  it("says so when there is nothing to draw", () => {
    renderWithI18n(() => <BarChart title="Theo tổ" bars={[]} />);
    expect(screen.queryByRole("img")).toBeNull();
    expect(screen.getByText("Chưa có số liệu.")).toBeTruthy();
  });

  it("speaks English when the reader chose it", async () => {
    renderWithI18n(() => <BarChart title="By unit" bars={[]} />, await loadLanguage("en"));
    expect(screen.getByText("No figures yet.")).toBeTruthy();
  });
});

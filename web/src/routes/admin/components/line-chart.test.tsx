import { screen } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { LineChart, niceCeiling } from "./line-chart";
import { renderWithI18n } from "./testing";

function series(days: number, values: Record<number, number>) {
  const start = Date.UTC(2026, 8, 1);
  return Array.from({ length: days }, (_, i) => ({ day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), completed: values[i] ?? 0 }));
}

describe("LineChart", () => {
  it("draws the 90 days as one line with a dot on each day that had completions", () => {
    renderWithI18n(() => <LineChart title="Lượt hoàn thành mỗi ngày" points={series(90, { 10: 2, 88: 5, 89: 1 })} />);
    const svg = screen.getByRole("img");
    const line = svg.querySelector(".line-chart__line")!.getAttribute("d")!;
    expect(line.match(/[ML]/g)).toHaveLength(90);
    expect(svg.querySelectorAll(".line-chart__dot")).toHaveLength(3);
    // Axis: 0 and a round top above the busiest day (5).
    const axis = [...svg.querySelectorAll(".line-chart__axis")].map((text) => text.textContent);
    expect(axis).toEqual(["0", "5", "01/09", "15/10", "29/11"]);
  });

  it("summarises the series in one sentence for screen readers", () => {
    renderWithI18n(() => <LineChart title="Lượt hoàn thành mỗi ngày" points={series(90, { 10: 2, 88: 5, 89: 1 })} />);
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Lượt hoàn thành mỗi ngày, từ 01/09 đến 29/11: tổng 8 lượt; ngày nhiều nhất 28/11 với 5 lượt; 7 ngày gần nhất 6 lượt.",
    );
  });

  it("offers the figures as a table of the days that had completions, newest first", () => {
    renderWithI18n(() => <LineChart title="Lượt hoàn thành mỗi ngày" points={series(90, { 10: 2, 88: 5 })} />);
    const rows = [...screen.getByRole("table", { hidden: true }).querySelectorAll("tbody tr")].map((row) => row.textContent);
    expect(rows).toEqual(["28/115", "11/092"]);
  });

  it("says plainly when nothing was completed", () => {
    renderWithI18n(() => <LineChart title="Lượt hoàn thành mỗi ngày" points={series(90, {})} />);
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe("Lượt hoàn thành mỗi ngày, từ 01/09 đến 29/11: chưa có lượt hoàn thành nào.");
  });

  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 1, 3, 7, 12, 48, 51, 240].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 50, 100, 500]);
  });
});

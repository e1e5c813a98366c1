import { createMemo, createSignal, For, type JSX } from "solid-js";
import { useMessages } from "../../../i18n";
import { adminMessages } from "../messages";

type SortValue = string | number | null | undefined;

export interface Column<Row> {
  id: string;
  label: string;
  /** What the column sorts by; empty values always go last. */
  value: (row: Row) => SortValue;
  /** How the cell looks; the value as text when absent. */
  cell?: (row: Row) => JSX.Element;
  numeric?: boolean;
  /** Long headings (course titles) get room instead of wrapping word by word. */
  wide?: boolean;
  /** The first sort of a column: numbers usually read best from the largest. */
  firstDirection?: Direction;
}

type Direction = "ascending" | "descending";

interface Sort {
  column: string;
  direction: Direction;
}

function compare(a: SortValue, b: SortValue, direction: Direction) {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "vi", { numeric: true, sensitivity: "base" });
  return direction === "ascending" ? order : -order;
}

/**
 * A data table whose column headers are buttons that sort it; `aria-sort` tells screen readers the order and
 * a live message confirms each change. It scrolls sideways inside its own box on narrow screens (focusable,
 * so keyboard users can scroll it too), so the page itself never does.
 */
export function SortableTable<Row>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort: Sort;
  /** The first column names the row (a row header for screen readers). */
  rowHeader?: boolean;
}) {
  const t = useMessages(adminMessages);
  // The initial order is read once; after that the person's choice wins.
  const [sort, setSort] = createSignal<Sort>(props.initialSort);
  const sorted = createMemo(() => {
    const current = sort();
    const column = props.columns.find((candidate) => candidate.id === current.column);
    if (!column) return props.rows;
    return props.rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => compare(column.value(a.row), column.value(b.row), current.direction) || a.index - b.index)
      .map(({ row }) => row);
  });
  const announcement = createMemo(() => {
    const column = props.columns.find((candidate) => candidate.id === sort().column);
    return column ? t(sort().direction === "ascending" ? "table.sortedAscending" : "table.sortedDescending", { column: column.label }) : "";
  });

  function sortBy(column: Column<Row>) {
    const current = sort();
    const direction: Direction =
      current.column === column.id
        ? current.direction === "ascending"
          ? "descending"
          : "ascending"
        : (column.firstDirection ?? (column.numeric ? "descending" : "ascending"));
    setSort({ column: column.id, direction });
  }

  const text = (value: SortValue) => (value === null || value === undefined || value === "" ? "—" : String(value));

  return (
    <div class="table-box">
      <p class="muted small table-hint" aria-hidden="true">
        {t("table.hint")}
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label={props.caption}>
        <table class="table">
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <For each={props.columns}>
                {(column) => (
                  <th
                    scope="col"
                    classList={{ num: Boolean(column.numeric), wide: Boolean(column.wide) }}
                    aria-sort={sort().column === column.id ? sort().direction : undefined}
                  >
                    <button type="button" class="table__sort" onClick={() => sortBy(column)}>
                      <span>{column.label}</span>
                      <span class="table__sort-icon" aria-hidden="true">
                        {sort().column === column.id ? (sort().direction === "ascending" ? "▲" : "▼") : "↕"}
                      </span>
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={sorted()}>
              {(row) => (
                <tr data-key={props.rowKey(row)}>
                  <For each={props.columns}>
                    {(column, index) => {
                      const content = () => (column.cell ? column.cell(row) : text(column.value(row)));
                      return index() === 0 && props.rowHeader !== false ? (
                        <th scope="row" class={column.numeric ? "num" : undefined}>
                          {content()}
                        </th>
                      ) : (
                        <td class={column.numeric ? "num" : undefined}>{content()}</td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
    </div>
  );
}

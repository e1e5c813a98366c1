import { createMemo, createUniqueId, For, Show } from "solid-js";
import { useI18n, useMessages } from "../../../i18n";
import { createBoxSize } from "../lib/box-size";
import { dayMonth, formatNumber } from "../../../lib/format";
import { adminMessages } from "../messages";

interface DayCount {
  day: string;
  completed: number;
}

const PLOT_HEIGHT = 150;

/** The smallest of 1, 2, 5, 10, 20, 50… that is at least `value`, so the axis reads in round numbers. */
export function niceCeiling(value: number) {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!;
}

/**
 * Completions per day as a line, hand-drawn in SVG. It is drawn at the width it is shown at (measured), so
 * the axis text keeps the reader's font size instead of shrinking with the drawing. Screen readers get a
 * one-sentence summary (role="img"); the figures are in a table under "see the figures".
 */
export function LineChart(props: { title: string; points: DayCount[] }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const titleId = `line-chart-${createUniqueId()}`;
  let box: HTMLDivElement | undefined;
  const { width, fontSize } = createBoxSize(() => box);

  const total = createMemo(() => props.points.reduce((sum, point) => sum + point.completed, 0));
  const peak = createMemo(() =>
    props.points.reduce<DayCount | undefined>((best, point) => (!best || point.completed > best.completed ? point : best), undefined),
  );
  const top = createMemo(() => niceCeiling(peak()?.completed ?? 0));
  const count = (value: number) => formatNumber(value, language());

  const geometry = createMemo(() => {
    const font = fontSize();
    const left = (String(top()).length * 0.62 + 0.9) * font;
    const right = font * 0.75;
    const head = font * 0.9;
    const plotWidth = Math.max(60, width() - left - right);
    const n = props.points.length;
    const x = (index: number) => left + (n > 1 ? (index * plotWidth) / (n - 1) : plotWidth / 2);
    const y = (value: number) => head + PLOT_HEIGHT * (1 - value / top());
    const line = props.points.map((point, index) => `${index ? "L" : "M"}${x(index).toFixed(1)} ${y(point.completed).toFixed(1)}`).join(" ");
    const base = y(0);
    const area = n ? `${line} L${x(n - 1).toFixed(1)} ${base} L${x(0).toFixed(1)} ${base} Z` : "";
    return { font, left, plotWidth, head, base, x, y, line, area, height: head + PLOT_HEIGHT + font * 2 };
  });

  const ticks = createMemo(() => (top() % 2 === 0 ? [0, top() / 2, top()] : [0, top()]));
  const dayLabels = createMemo(() => {
    const n = props.points.length;
    if (!n) return [];
    // A "28/11" label is about 3 em wide: three need room for three, else only the first and last day.
    const room = geometry().plotWidth / (geometry().font * 3.6);
    const picks = n > 2 && room >= 3 ? [0, Math.floor((n - 1) / 2), n - 1] : n > 1 ? [0, n - 1] : [0];
    return picks.map((index, i) => ({
      index,
      anchor: (i === 0 ? "start" : i === picks.length - 1 ? "end" : "middle") as "start" | "middle" | "end",
      day: props.points[index]!.day,
    }));
  });

  const summary = createMemo(() => {
    const points = props.points;
    if (!points.length) return t("chart.noData");
    const range = t("chart.line.range", { from: dayMonth(points[0]!.day), to: dayMonth(points.at(-1)!.day) });
    if (!total()) return `${props.title}, ${range}: ${t("chart.line.none")}`;
    const lastWeek = points.slice(-7).reduce((sum, point) => sum + point.completed, 0);
    return `${props.title}, ${range}: ${t("chart.line.summary", {
      total: count(total()),
      peak: count(peak()!.completed),
      peakDay: dayMonth(peak()!.day),
      week: count(lastWeek),
    })}`;
  });

  const activeDays = createMemo(() => props.points.filter((point) => point.completed > 0).reverse());

  return (
    <figure class="chart" aria-labelledby={titleId}>
      <figcaption class="chart__title" id={titleId}>
        {props.title}
      </figcaption>
      <div class="line-chart" ref={box}>
        <svg role="img" aria-label={summary()} width="100%" height={geometry().height} viewBox={`0 0 ${width()} ${geometry().height}`}>
          <For each={ticks()}>
            {(tick) => (
              <g>
                <line
                  class="line-chart__grid"
                  x1={geometry().left}
                  x2={geometry().left + geometry().plotWidth}
                  y1={geometry().y(tick)}
                  y2={geometry().y(tick)}
                />
                <text class="line-chart__axis" x={geometry().left - geometry().font * 0.4} y={geometry().y(tick)} dy="0.35em" text-anchor="end">
                  {count(tick)}
                </text>
              </g>
            )}
          </For>
          <path class="line-chart__area" d={geometry().area} />
          <path class="line-chart__line" d={geometry().line} />
          <For each={props.points}>
            {(point, index) => (
              <Show when={point.completed > 0}>
                <circle class="line-chart__dot" cx={geometry().x(index())} cy={geometry().y(point.completed)} r="3.5" />
              </Show>
            )}
          </For>
          <For each={dayLabels()}>
            {(label) => (
              <text class="line-chart__axis" x={geometry().x(label.index)} y={geometry().base + geometry().font * 1.4} text-anchor={label.anchor}>
                {dayMonth(label.day)}
              </text>
            )}
          </For>
        </svg>
      </div>
      <details class="chart__data">
        <summary>{t("chart.line.table")}</summary>
        <Show when={activeDays().length} fallback={<p class="muted">{t("chart.line.none")}</p>}>
          <table class="table table--compact">
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("chart.line.day")}</th>
                <th scope="col" class="num">
                  {t("chart.line.completions")}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={activeDays()}>
                {(point) => (
                  <tr>
                    <td>{dayMonth(point.day)}</td>
                    <td class="num">{count(point.completed)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <p class="muted">{t("chart.line.otherDays")}</p>
        </Show>
      </details>
    </figure>
  );
}

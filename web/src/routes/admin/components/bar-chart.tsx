import { createMemo, createUniqueId, For, Show } from "solid-js";
import { useI18n, useMessages } from "../../../i18n";
import { createBoxSize } from "../lib/box-size";
import { formatNumber } from "../../../lib/format";
import { adminMessages } from "../messages";

interface Bar {
  label: string;
  /** 0–100 */
  value: number;
}

/** Rows are laid out in em, so the chart grows with the reader's text size instead of overlapping. */
const ROW = 2.75;
const SUMMARY_ITEMS = 10;
/** An average Vietnamese letter is about this share of the font size wide. */
const LETTER_WIDTH = 0.52;

const clamp = (value: number) => Math.max(0, Math.min(100, value));
/** SVG text does not wrap: a label longer than the box is cut with "…" (the full name is in the tooltip and table). */
const shorten = (label: string, chars: number) => (label.length > chars ? `${label.slice(0, Math.max(1, chars - 1))}…` : label);

/**
 * Horizontal bars of a percentage, hand-drawn in SVG (no chart library). Widths are percentages of the box,
 * so it fits any screen without measuring; screen readers get one sentence with the figures (role="img"),
 * and the page shows the same figures in a table as the data alternative.
 */
export function BarChart(props: { title: string; bars: Bar[]; limit?: number }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const titleId = `bar-chart-${createUniqueId()}`;
  let box: HTMLElement | undefined;
  const { width, fontSize } = createBoxSize(() => box);
  // The figure has 1 rem of padding each side.
  const labelChars = () => Math.max(8, Math.floor((width() - 2 * fontSize()) / (fontSize() * LETTER_WIDTH)));
  const shown = createMemo(() => props.bars.slice(0, props.limit ?? props.bars.length));
  const percent = (value: number) => t("format.percent", { value: formatNumber(Math.round(value), language()) });
  const summary = createMemo(() => {
    if (!props.bars.length) return t("chart.bars.empty", { title: props.title });
    const listed = props.bars
      .slice(0, SUMMARY_ITEMS)
      .map((bar) => `${bar.label}: ${percent(bar.value)}`)
      .join("; ");
    const more = props.bars.length > SUMMARY_ITEMS ? ` ${t("chart.bars.more", { count: props.bars.length - SUMMARY_ITEMS })}` : "";
    return `${props.title}. ${listed}.${more}`;
  });

  return (
    <figure class="chart" aria-labelledby={titleId} ref={box}>
      <figcaption class="chart__title" id={titleId}>
        {props.title}
      </figcaption>
      <Show when={shown().length} fallback={<p class="muted">{t("chart.noData")}</p>}>
        <svg class="bar-chart" role="img" aria-label={summary()} width="100%" height={`${shown().length * ROW + 0.25}em`}>
          <For each={shown()}>
            {(bar, index) => {
              const top = () => index() * ROW;
              const inside = () => clamp(bar.value) >= 50;
              return (
                <g>
                  <title>{`${bar.label}: ${percent(bar.value)}`}</title>
                  <text class="bar-chart__label" x="0" y={`${top() + 1.05}em`}>
                    {shorten(bar.label, labelChars())}
                  </text>
                  <rect class="bar-chart__track" x="0" y={`${top() + 1.45}em`} width="100%" height="1.05em" rx="3" />
                  <rect class="bar-chart__bar" x="0" y={`${top() + 1.45}em`} width={`${clamp(bar.value)}%`} height="1.05em" rx="3" />
                  <text
                    class="bar-chart__value"
                    classList={{ "bar-chart__value--inside": inside() }}
                    x={`${clamp(bar.value)}%`}
                    dx={inside() ? "-0.4em" : "0.4em"}
                    y={`${top() + 2.27}em`}
                    text-anchor={inside() ? "end" : "start"}
                  >
                    {percent(bar.value)}
                  </text>
                </g>
              );
            }}
          </For>
        </svg>
        <Show when={props.bars.length > shown().length}>
          <p class="muted">{t("chart.bars.truncated", { shown: shown().length, total: props.bars.length })}</p>
        </Show>
      </Show>
    </figure>
  );
}

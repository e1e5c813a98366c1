import { For, type JSX } from "solid-js";

interface Stat {
  label: string;
  value: JSX.Element;
  note?: JSX.Element;
}

/** The headline figures of a unit, as a description list so each figure is read with its name. */
export function StatCards(props: { stats: Stat[]; label: string }) {
  return (
    <dl class="stat-cards" aria-label={props.label}>
      <For each={props.stats}>
        {(stat) => (
          <div class="stat-card">
            <dt>{stat.label}</dt>
            <dd>
              <span class="stat-card__value">{stat.value}</span>
              {stat.note && <span class="stat-card__note">{stat.note}</span>}
            </dd>
          </div>
        )}
      </For>
    </dl>
  );
}

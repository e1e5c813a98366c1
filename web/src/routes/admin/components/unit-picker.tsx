import type { Unit } from "@kns/core/model";
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import { useMessages } from "../../../i18n";
import { useSession } from "../../../lib/session";
import { rememberUnits, useAdminApi } from "../lib/admin-api";
import { createLoader } from "../../../lib/load";
import { adminMessages } from "../messages";
import { LoadError } from "./unit-frame";

const FILTER_FROM = 8;

/**
 * Chooses a unit inside the person's scope by walking down from the top of it, one level per request, so a
 * province with thousands of teams never loads all of them at once. A filter narrows long levels by name.
 */
export function UnitPicker(props: {
  rootId: string;
  legend: string;
  hint?: string;
  selectable: (unit: Unit) => boolean;
  /** Whether to offer walking down into a unit (teams never have units under them). */
  canOpen?: (unit: Unit) => boolean;
  value: Unit | undefined;
  onSelect: (unit: Unit) => void;
}) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const session = useSession();
  const name = `unit-picker-${createUniqueId()}`;
  // The walk starts at the root given on first render; the person moves from there.
  const [trail, setTrail] = createSignal<string[]>([props.rootId]);
  const [filter, setFilter] = createSignal("");
  const level = createLoader(
    () => trail().at(-1),
    async (id) => {
      const unit = await api.unit(id);
      rememberUnits(session.user()?.id ?? "", [unit, ...unit.children]);
      return unit;
    },
  );
  const visible = createMemo(() => {
    const needle = filter().trim().toLocaleLowerCase("vi");
    const children = level.data()?.children ?? [];
    return needle ? children.filter((unit) => unit.name.toLocaleLowerCase("vi").includes(needle) || unit.code.toLowerCase().includes(needle)) : children;
  });
  const [names, setNames] = createSignal<Record<string, string>>({});

  function open(unit: Unit) {
    const current = level.data();
    setNames({ ...names(), ...(current ? { [current.id]: current.name } : {}), [unit.id]: unit.name });
    setTrail([...trail(), unit.id]);
    setFilter("");
  }

  function option(unit: Unit, own = false) {
    return (
      <li class="unit-picker__item">
        <label class="checkbox">
          <input
            type="radio"
            name={name}
            value={unit.id}
            disabled={!props.selectable(unit)}
            checked={props.value?.id === unit.id}
            onChange={() => props.onSelect(unit)}
          />
          <span>
            {own ? t("picker.this", { name: unit.name }) : unit.name}
            <span class="cell-note">{t("unit.kindAndCode", { kind: t(`unitKind.${unit.kind}`), code: unit.code })}</span>
          </span>
        </label>
        <Show when={!own && unit.kind !== "team" && (props.canOpen?.(unit) ?? true)}>
          <button type="button" class="link-button" onClick={() => open(unit)} aria-label={t("picker.openLabel", { name: unit.name })}>
            {t("picker.open")}
          </button>
        </Show>
      </li>
    );
  }

  return (
    <fieldset class="unit-picker">
      <legend>{props.legend}</legend>
      <Show when={props.hint}>
        <p class="field__hint">{props.hint}</p>
      </Show>
      <Show when={trail().length > 1}>
        <ol class="unit-picker__trail" aria-label={t("picker.trail")}>
          <For each={trail().slice(0, -1)}>
            {(id, index) => (
              <li>
                <button type="button" class="link-button" onClick={() => setTrail(trail().slice(0, index() + 1))}>
                  {names()[id] ?? (index() === 0 ? t("picker.top") : id)}
                </button>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show
        when={level.data()}
        fallback={
          <Show when={level.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
            {(error) => <LoadError error={error()} onRetry={() => void level.reload()} />}
          </Show>
        }
      >
        {(current) => (
          <>
            <Show when={current().children.length >= FILTER_FROM}>
              <div class="field">
                <label class="field__label" for={`${name}-filter`}>
                  {t("picker.filter")}
                </label>
                <input id={`${name}-filter`} class="field__input" type="search" value={filter()} onInput={(event) => setFilter(event.currentTarget.value)} />
              </div>
            </Show>
            <ul class="unit-picker__list">
              {option(current(), true)}
              <For each={visible()} fallback={<li class="muted">{t("picker.empty")}</li>}>
                {(unit) => option(unit)}
              </For>
            </ul>
          </>
        )}
      </Show>
    </fieldset>
  );
}

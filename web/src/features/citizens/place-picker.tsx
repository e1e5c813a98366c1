import { matchesWords, type PlaceList } from "@kns/core/model";
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { citizenMessages } from "./messages";
import "./citizens.css";

/** How many communes the list shows at once: a phone screen's worth; typing narrows the rest. */
const SHOWN = 8;

/**
 * Where a resident lives, from the official list: a province (34, a plain select), then a commune found by
 * typing a few letters of its name with or without diacritics (`matchesWords`, the rule the server's searches
 * use) and chosen as a radio button. The form reads `provinceCode` and `communeCode`. The lists are public and
 * cached by the browser for an hour, so a second registration on the same phone costs no data.
 */
export function PlacePicker(props: { provinceError?: string; communeError?: string; onProvince?: () => void }) {
  const t = useMessages(citizenMessages);
  const session = useSession();
  const id = createUniqueId();
  const [province, setProvince] = createSignal("");
  const [query, setQuery] = createSignal("");
  const [chosen, setChosen] = createSignal("");

  const provinces = createLoader(
    () => "provinces",
    () => session.api.request<PlaceList>("/units/provinces", { auth: false }),
  );
  const communes = createLoader(province, (code) => session.api.request<PlaceList>(`/units/provinces/${encodeURIComponent(code)}/communes`, { auth: false }));

  const matches = createMemo(() => (communes.data()?.items ?? []).filter((commune) => matchesWords(commune.name, query())));
  /** The first matches; the chosen commune stays in view (and checked) while the person types something else. */
  const shown = createMemo(() => {
    const first = matches().slice(0, SHOWN);
    const picked = communes.data()?.items.find((commune) => commune.code === chosen());
    return picked && !first.includes(picked) ? [picked, ...first.slice(0, SHOWN - 1)] : first;
  });
  const status = () => {
    if (!communes.data()) return "";
    if (!matches().length) return t("place.none");
    const more = matches().length - shown().filter((commune) => matches().includes(commune)).length;
    return more > 0 ? `${t("place.count", { count: matches().length })} ${t("place.more", { count: more })}` : t("place.count", { count: matches().length });
  };

  const describedBy = (field: string, error: string | undefined, hint = false) =>
    [hint && `${id}-${field}-hint`, error && `${id}-${field}-error`].filter(Boolean).join(" ") || undefined;

  return (
    <>
      <div class="field" classList={{ "field--invalid": Boolean(props.provinceError) }}>
        <label class="field__label" for={`${id}-province`}>
          {t("place.province")}
        </label>
        <Show when={props.provinceError}>
          <p class="field__error" id={`${id}-province-error`}>
            {props.provinceError}
          </p>
        </Show>
        <select
          class="field__input"
          id={`${id}-province`}
          name="provinceCode"
          required
          aria-invalid={props.provinceError ? "true" : undefined}
          aria-describedby={describedBy("province", props.provinceError)}
          onChange={(event) => {
            setProvince(event.currentTarget.value);
            setQuery("");
            setChosen("");
            props.onProvince?.();
          }}
        >
          <option value="">{provinces.data() ? t("place.provinceChoose") : t("place.loading")}</option>
          <For each={provinces.data()?.items}>{(item) => <option value={item.code}>{item.name}</option>}</For>
        </select>
        <Show when={provinces.error() || communes.error()}>
          <p class="field__error" role="alert">
            {t("place.loadFailed")}
          </p>
          <Button variant="secondary" onClick={() => void (provinces.error() ? provinces.reload() : communes.reload())}>
            {t("place.retry")}
          </Button>
        </Show>
      </div>

      <Show when={province()}>
        <div class="field" classList={{ "field--invalid": Boolean(props.communeError) }}>
          <label class="field__label" for={`${id}-commune`}>
            {t("place.commune")}
          </label>
          <p class="field__hint" id={`${id}-commune-hint`}>
            {t("place.communeHint")}
          </p>
          <Show when={props.communeError}>
            <p class="field__error" id={`${id}-commune-error`}>
              {props.communeError}
            </p>
          </Show>
          <input
            class="field__input"
            id={`${id}-commune`}
            type="search"
            name="communeSearch"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            enterkeyhint="search"
            aria-controls={`${id}-communes`}
            aria-invalid={props.communeError ? "true" : undefined}
            aria-describedby={describedBy("commune", props.communeError, true)}
            value={query()}
            onInput={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={(event) => {
              // Enter searches; it never sends the half-filled form. With one match, it chooses it.
              if (event.key !== "Enter") return;
              event.preventDefault();
              const only = matches().length === 1 ? matches()[0] : undefined;
              if (only) setChosen(only.code);
            }}
          />
        </div>
        <fieldset class="place-picker" id={`${id}-communes`} aria-busy={communes.loading() ? "true" : undefined}>
          <legend class="field__label">{t("place.results")}</legend>
          <Show when={communes.data()} fallback={<p class="muted">{t("place.loading")}</p>}>
            <ul class="place-picker__list" role="list">
              <For each={shown()}>
                {(commune) => (
                  <li>
                    <label class="place-picker__option">
                      <input
                        type="radio"
                        name="communeCode"
                        value={commune.code}
                        checked={chosen() === commune.code}
                        onChange={() => setChosen(commune.code)}
                      />
                      <span>{commune.name}</span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <p class="muted place-picker__status" role="status">
            {status()}
          </p>
        </fieldset>
      </Show>
    </>
  );
}

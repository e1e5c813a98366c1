import {
  BASIC_SKILLS,
  COMPETENCES,
  COMPETENCES_PER_ITEM,
  CONTENT_LIMITS as L,
  DIGCOMP,
  DIGCOMP_AREAS,
  DIGCOMP_AREA_LABELS,
  REVIEW_DUE_MONTHS,
  competenceLabel,
  reviewDue,
  sortCompetences,
  vietnamToday,
  type Competence,
  type Source,
} from "@kns/core/model";
import { createUniqueId, For, Index, Show } from "solid-js";
import { useI18n, useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";
import { composedValue, useFieldError } from "./fields";

/**
 * What keeps a lesson correct and aligned (model/competence.ts, model/currency.ts): the competences it teaches
 * (questions have these too), its sources and the day it was last checked against them. Publishing needs all
 * three; the editor shows them on every lesson and question.
 */

/** The competences of a lesson or question: chips to remove, a grouped list to add one. */
export function CompetenceField(props: { path: string; value: readonly Competence[] | undefined; onChange: (codes: Competence[]) => void; hint?: string }) {
  const t = useMessages(trainerMessages);
  const { language } = useI18n();
  const id = `cf-${createUniqueId()}`;
  const error = useFieldError(() => props.path);
  const chosen = () => props.value ?? [];
  const full = () => chosen().length >= COMPETENCES_PER_ITEM;
  const label = (code: Competence) => competenceLabel(code, language());
  const digcompIn = (area: string) => (Object.keys(DIGCOMP) as (keyof typeof DIGCOMP)[]).filter((code) => DIGCOMP[code].area === area);

  return (
    <fieldset class="field t-field t-competences" classList={{ "field--invalid": Boolean(error()) }} aria-describedby={`${id}-hint`}>
      <legend class="field__label">{t("competence.legend")}</legend>
      <p class="field__hint" id={`${id}-hint`}>
        {props.hint ?? t("competence.hint", { max: COMPETENCES_PER_ITEM })}
      </p>
      <FieldError id={`${id}-error`} message={error()} />
      <Show when={chosen().length > 0} fallback={<p class="muted t-competences__none">{t("competence.none")}</p>}>
        <ul class="t-chips">
          <For each={chosen()}>
            {(code) => (
              <li class="t-chip" classList={{ "t-chip--basic": COMPETENCES[code].kind === "basic" }}>
                <span>{label(code)}</span>
                <button
                  type="button"
                  class="t-chip__remove"
                  aria-label={t("competence.remove", { name: label(code) })}
                  title={t("competence.remove", { name: label(code) })}
                  onClick={() => props.onChange(chosen().filter((c) => c !== code))}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <label class="t-visually-hidden" for={id}>
        {t("competence.add")}
      </label>
      <select
        id={id}
        class="field__input"
        data-path={props.path}
        disabled={full()}
        aria-invalid={error() ? "true" : undefined}
        aria-describedby={error() ? `${id}-error` : undefined}
        onChange={(event) => {
          const code = event.currentTarget.value as Competence;
          event.currentTarget.value = "";
          if (code && !chosen().includes(code)) props.onChange(sortCompetences([...chosen(), code]));
        }}
      >
        <option value="">{full() ? t("competence.full", { max: COMPETENCES_PER_ITEM }) : t("competence.add")}</option>
        <optgroup label={t("competence.basicGroup")}>
          <For each={BASIC_SKILLS.filter((code) => !chosen().includes(code))}>{(code) => <option value={code}>{label(code)}</option>}</For>
        </optgroup>
        <For each={DIGCOMP_AREAS}>
          {(area) => (
            <optgroup label={`DigComp ${area}. ${DIGCOMP_AREA_LABELS[area][language()]}`}>
              <For each={digcompIn(area).filter((code) => !chosen().includes(code))}>{(code) => <option value={code}>{label(code)}</option>}</For>
            </optgroup>
          )}
        </For>
      </select>
    </fieldset>
  );
}

/**
 * A lesson's sources: a title (a law's number and name, or a page's name) and, for a page, its https address.
 * Each box writes only its own field (`onField`), so the row being typed in is never rebuilt under the cursor.
 */
export function SourcesField(props: {
  path: string;
  value: readonly Source[] | undefined;
  onField: (index: number, field: keyof Source, value: string | undefined) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
}) {
  const t = useMessages(trainerMessages);
  const error = useFieldError(() => props.path);
  const sources = () => props.value ?? [];

  return (
    <fieldset class="field t-field t-sources" classList={{ "field--invalid": Boolean(error()) }}>
      <legend class="field__label">{t("sources.legend")}</legend>
      <p class="field__hint">{t("sources.hint")}</p>
      <Show when={error()}>
        <p class="field__error">{error()}</p>
      </Show>
      <ol class="t-sources__list">
        <Index each={sources()}>
          {(source, index) => (
            <SourceRow
              path={`${props.path}.${index}`}
              n={index + 1}
              source={source()}
              onField={(field, value) => props.onField(index, field, value)}
              onRemove={() => props.onRemove(index)}
            />
          )}
        </Index>
      </ol>
      <button type="button" class="button button--secondary" data-path={props.path} disabled={sources().length >= L.sources} onClick={() => props.onAdd()}>
        {t("sources.add")}
      </button>
    </fieldset>
  );
}

function SourceRow(props: {
  path: string;
  n: number;
  source: Source;
  onField: (field: keyof Source, value: string | undefined) => void;
  onRemove: () => void;
}) {
  const t = useMessages(trainerMessages);
  return (
    <li class="t-sources__item">
      <SourceInput
        label={t("sources.title", { n: props.n })}
        path={`${props.path}.title`}
        value={props.source.title}
        maxLength={L.sourceTitle}
        placeholder={t("sources.titlePlaceholder")}
        onInput={(event) => props.onField("title", composedValue(event))}
      />
      <SourceInput
        label={t("sources.url", { n: props.n })}
        path={`${props.path}.url`}
        value={props.source.url ?? ""}
        maxLength={L.sourceUrl}
        placeholder="https://"
        url
        onInput={(event) => props.onField("url", event.currentTarget.value.trim() || undefined)}
      />
      <button type="button" class="link-button t-link-button t-sources__remove" onClick={() => props.onRemove()}>
        {t("sources.remove", { n: props.n })}
      </button>
    </li>
  );
}

/** One box of a source, with the problem at its path beside it once the trainer has tried to save or publish. */
function SourceInput(props: {
  label: string;
  path: string;
  value: string;
  maxLength: number;
  placeholder: string;
  url?: boolean;
  onInput: (event: InputEvent & { currentTarget: HTMLInputElement }) => void;
}) {
  const id = `src-${createUniqueId()}`;
  const error = useFieldError(() => props.path);
  return (
    <>
      <label class="field__label" for={id}>
        {props.label}
      </label>
      <FieldError id={`${id}-error`} message={error()} />
      <input
        id={id}
        class="field__input"
        type={props.url ? "url" : "text"}
        inputMode={props.url ? "url" : undefined}
        value={props.value}
        maxLength={props.maxLength}
        data-path={props.path}
        placeholder={props.placeholder}
        aria-invalid={error() ? "true" : undefined}
        aria-describedby={error() ? `${id}-error` : undefined}
        onInput={props.onInput}
      />
    </>
  );
}

/** The day the lesson was last checked against its sources, whether it is due again, and "checked today". */
export function ReviewedField(props: { path: string; value: string | undefined; onChange: (day: string | undefined) => void }) {
  const t = useMessages(trainerMessages);
  const id = `rv-${createUniqueId()}`;
  const error = useFieldError(() => props.path);
  const today = vietnamToday();
  const due = () => reviewDue(props.value, today);
  return (
    <div class="field t-field t-reviewed" classList={{ "field--invalid": Boolean(error()) }}>
      <label class="field__label" for={id}>
        {t("reviewed.label")}
      </label>
      <p class="field__hint" id={`${id}-hint`}>
        {t("reviewed.hint", { months: REVIEW_DUE_MONTHS })}
      </p>
      <FieldError id={`${id}-error`} message={error()} />
      <div class="t-reviewed__row">
        <input
          id={id}
          class="field__input"
          type="date"
          max={today}
          value={props.value ?? ""}
          data-path={props.path}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={[`${id}-hint`, error() && `${id}-error`, `${id}-status`].filter(Boolean).join(" ")}
          onChange={(event) => props.onChange(event.currentTarget.value || undefined)}
        />
        <button type="button" class="button button--secondary" onClick={() => props.onChange(today)}>
          {t("reviewed.today")}
        </button>
      </div>
      <p id={`${id}-status`} class="t-reviewed__status" classList={{ "t-reviewed__status--due": due() }}>
        {props.value ? (due() ? t("reviewed.due") : t("reviewed.current")) : t("reviewed.never")}
      </p>
    </div>
  );
}

/** A field's problem, shown above its box and named by `id` in the box's aria-describedby. */
function FieldError(props: { id: string; message: string | undefined }) {
  return (
    <Show when={props.message}>
      <p class="field__error" id={props.id}>
        {props.message}
      </p>
    </Show>
  );
}

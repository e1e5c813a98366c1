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
import { createUniqueId, For, Show } from "solid-js";
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
      <Show when={error()}>
        <p class="field__error">{error()}</p>
      </Show>
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

/** A lesson's sources: a title (a law's number and name, or a page's name) and, for a page, its https address. */
export function SourcesField(props: { path: string; value: readonly Source[] | undefined; onChange: (sources: Source[]) => void }) {
  const t = useMessages(trainerMessages);
  const error = useFieldError(() => props.path);
  const sources = () => props.value ?? [];
  const update = (index: number, change: Partial<Source>) =>
    props.onChange(
      sources().map((source, i) => {
        if (i !== index) return source;
        const next = { ...source, ...change };
        if (!next.url) delete next.url;
        return next;
      }),
    );

  return (
    <fieldset class="field t-field t-sources" classList={{ "field--invalid": Boolean(error()) }}>
      <legend class="field__label">{t("sources.legend")}</legend>
      <p class="field__hint">{t("sources.hint")}</p>
      <Show when={error()}>
        <p class="field__error">{error()}</p>
      </Show>
      <ol class="t-sources__list">
        <For each={sources()}>
          {(source, index) => {
            const titleId = `src-${createUniqueId()}`;
            const urlId = `src-${createUniqueId()}`;
            return (
              <li class="t-sources__item">
                <label class="field__label" for={titleId}>
                  {t("sources.title", { n: index() + 1 })}
                </label>
                <input
                  id={titleId}
                  class="field__input"
                  value={source.title}
                  maxLength={L.sourceTitle}
                  data-path={`${props.path}.${index()}.title`}
                  placeholder={t("sources.titlePlaceholder")}
                  onInput={(event) => update(index(), { title: composedValue(event) })}
                />
                <label class="field__label" for={urlId}>
                  {t("sources.url")}
                </label>
                <input
                  id={urlId}
                  class="field__input"
                  type="url"
                  inputMode="url"
                  value={source.url ?? ""}
                  maxLength={L.sourceUrl}
                  data-path={`${props.path}.${index()}.url`}
                  placeholder="https://"
                  onInput={(event) => update(index(), { url: event.currentTarget.value.trim() })}
                />
                <button type="button" class="t-link-button t-sources__remove" onClick={() => props.onChange(sources().filter((_, i) => i !== index()))}>
                  {t("sources.remove", { n: index() + 1 })}
                </button>
              </li>
            );
          }}
        </For>
      </ol>
      <button
        type="button"
        class="button button--secondary"
        data-path={props.path}
        disabled={sources().length >= L.sources}
        onClick={() => props.onChange([...sources(), { title: "" }])}
      >
        {t("sources.add")}
      </button>
    </fieldset>
  );
}

/** The day the lesson was last checked against its sources, whether it is due again, and "checked today". */
export function ReviewedField(props: { path: string; value: string | undefined; onChange: (day: string) => void }) {
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
      <Show when={error()}>
        <p class="field__error">{error()}</p>
      </Show>
      <div class="t-reviewed__row">
        <input
          id={id}
          class="field__input"
          type="date"
          max={today}
          value={props.value ?? ""}
          data-path={props.path}
          aria-describedby={`${id}-hint ${id}-status`}
          onChange={(event) => props.onChange(event.currentTarget.value)}
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

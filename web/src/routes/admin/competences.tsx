import {
  MONTH_PATTERN,
  BASIC_SKILLS,
  type Competence,
  type CompetenceCoverage,
  competenceLabel,
  DIGCOMP,
  DIGCOMP_AREA_LABELS,
  DIGCOMP_AREAS,
  type DigComp,
  type DigCompArea,
  fieldWorkMonth,
} from "@kns/core/model";
import { useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createUniqueId, For, on, Show } from "solid-js";
import { type AreaKey, type MessageKey, type Translate as I18nTranslate, useI18n, useMessages, usePageTitle } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useOnline } from "../../lib/online";
import { useSession } from "../../lib/session";
import { competencesMessages } from "./competences-messages";
import { monthLabel } from "./components/team-badges";
import { LoadError, UnitFrame } from "./components/unit-frame";
import type { UnitWithChildren } from "./lib/admin-api";
import "./competences.css";

type Item = CompetenceCoverage["items"][number];
type Translate = I18nTranslate<AreaKey<typeof competencesMessages> | MessageKey>;

const at = (id: string) => encodeURIComponent(id);
/** "2026-05" → "05/2026", as the field-work screens write a month. */

/** No course offered to the unit teaches it; or some do, but no member has completed one yet. */
const gapOf = (item: Item): "no-course" | "unlearned" | undefined =>
  item.courses.length === 0 ? "no-course" : item.learnedAtLeast === 0 ? "unlearned" : undefined;

/** Gaps first (no course, then nobody learned), then the least learned; the framework's order otherwise. */
const gapRank = (item: Item) => ({ "no-course": 0, unlearned: 1, none: 2 })[gapOf(item) ?? "none"];
const byGap = (a: Item, b: Item) => gapRank(a) - gapRank(b) || (a.percent ?? 0) - (b.percent ?? 0) || a.code.localeCompare(b.code, "en", { numeric: true });

/**
 * /admin/units/:unitId/competences?month= — which skills a unit's members have learned (its whole subtree): the
 * 5 basic digital skills with the month's help given to residents, then DigComp 2.2 by area, gaps first. For
 * admins over the unit and a team's own leader (the API decides).
 */
export default function CompetencesScreen() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <CoveragePanel unit={unit()} />}</UnitFrame>;
}

function CoveragePanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(competencesMessages);
  const { language } = useI18n();
  const session = useSession();
  const online = useOnline();
  const [search, setSearch] = useSearchParams<{ month?: string }>();
  usePageTitle(() => t("cc.pageTitle", { unit: props.unit.name }));

  // A month in the address that is not one is ignored (the API would refuse it): this month is shown instead.
  const month = () => (search.month && MONTH_PATTERN.test(search.month) ? search.month : undefined);
  const coverage = createLoader(
    () => ({ unitId: props.unit.id, month: month() }),
    ({ unitId, month }) =>
      session.api.request<CompetenceCoverage>(`/admin/units/${at(unitId)}/competences${month ? `?month=${encodeURIComponent(month)}` : ""}`),
    // Another month keeps the figures on screen until the new ones arrive; another unit starts afresh.
    { startAfresh: (before, after) => before.unitId !== after.unitId },
  );
  // Back online after a failed load: try again without asking.
  createEffect(
    on(online, (now, before) => {
      if (now && before === false && coverage.error()) void coverage.reload();
    }),
  );

  return (
    <Show
      when={coverage.data()}
      fallback={
        <Show when={coverage.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
          {(error) => <LoadError error={error()} onRetry={() => void coverage.reload()} />}
        </Show>
      }
    >
      {(data) => (
        <div class="cc" aria-busy={coverage.loading() ? "true" : undefined}>
          <section class="panel cc-head" aria-labelledby="cc-title">
            <h2 id="cc-title">{t("cc.title")}</h2>
            <p class="cc-head__members">{t("cc.members", { unit: data().unit.name, members: formatNumber(data().members, language()) })}</p>
            <p>{t("cc.explain")}</p>
            <p class="muted">{t("cc.floor")}</p>
          </section>
          <BasicSkills data={data()} t={t} onMonth={(picked) => setSearch({ month: picked })} />
          <DigCompAreas data={data()} t={t} />
        </div>
      )}
    </Show>
  );
}

function BasicSkills(props: { data: CompetenceCoverage; t: Translate; onMonth: (month: string) => void }) {
  const id = createUniqueId();
  const thisMonth = fieldWorkMonth(new Date());
  const items = () => BASIC_SKILLS.map((code) => props.data.items.find((item) => item.code === code)).filter((item): item is Item => Boolean(item));
  return (
    <section class="panel" aria-labelledby="cc-basic-title">
      <h2 id="cc-basic-title">{props.t("cc.basicTitle")}</h2>
      <p class="muted">{props.t("cc.basicIntro")}</p>
      <div class="field cc-month no-print">
        <label class="field__label" for={`${id}-month`}>
          {props.t("cc.month")}
        </label>
        <input
          id={`${id}-month`}
          class="field__input"
          type="month"
          max={thisMonth}
          value={props.data.month}
          onChange={(event) => {
            const picked = event.currentTarget.value;
            if (MONTH_PATTERN.test(picked) && picked <= thisMonth) props.onMonth(picked);
          }}
        />
      </div>
      <ul class="cc-list" role="list">
        <For each={items()}>
          {(item) => (
            <li class="cc-item" classList={{ "cc-item--gap": Boolean(gapOf(item)) }}>
              <h3 class="cc-item__name">
                <Label code={item.code} />
              </h3>
              <Figure item={item} members={props.data.members} t={props.t} />
              <Show when={item.courses.length}>
                <h4 class="cc-courses__title">{props.t("cc.coursesTitle")}</h4>
                <Courses item={item} t={props.t} fold />
              </Show>
              <Helped item={item} month={props.data.month} t={props.t} />
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

function DigCompAreas(props: { data: CompetenceCoverage; t: Translate }) {
  const { language } = useI18n();
  const digcomp = createMemo(() => props.data.items.filter((item) => item.kind === "digcomp"));
  const areaOf = (item: Item) => DIGCOMP[item.code as DigComp]?.area;
  const inArea = (area: DigCompArea) =>
    digcomp()
      .filter((item) => areaOf(item) === area)
      .sort(byGap);
  const count = (gap: "no-course" | "unlearned") => formatNumber(digcomp().filter((item) => gapOf(item) === gap).length, language());
  return (
    <section class="panel" aria-labelledby="cc-digcomp-title">
      <h2 id="cc-digcomp-title">{props.t("cc.digcompTitle")}</h2>
      <p class="muted">{props.t("cc.digcompIntro")}</p>
      <ul class="cc-gaps" role="list">
        <li>{props.t("cc.gapsNoCourse", { count: count("no-course") })}</li>
        <li>{props.t("cc.gapsUnlearned", { count: count("unlearned") })}</li>
      </ul>
      <For each={[...DIGCOMP_AREAS]}>
        {(area) => (
          <section class="cc-area" aria-labelledby={`cc-area-${area}`}>
            <h3 id={`cc-area-${area}`}>{props.t("cc.area", { n: area, name: DIGCOMP_AREA_LABELS[area][language()] })}</h3>
            <ul class="cc-list" role="list">
              <For each={inArea(area)}>
                {(item) => (
                  <li class="cc-item" classList={{ "cc-item--gap": Boolean(gapOf(item)) }}>
                    <p class="cc-item__name">
                      <Label code={item.code} />
                    </p>
                    <Figure item={item} members={props.data.members} t={props.t} />
                    <Show when={item.courses.length}>
                      <details class="cc-details">
                        <summary>{props.t("cc.coursesCount", { count: formatNumber(item.courses.length, language()) })}</summary>
                        <Courses item={item} t={props.t} />
                      </details>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </section>
        )}
      </For>
    </section>
  );
}

function Label(props: { code: Competence }) {
  const { language } = useI18n();
  return <>{competenceLabel(props.code, language())}</>;
}

/** The share of members who learned it, as a bar and in words; a gap says so in words too (not by colour only). */
function Figure(props: { item: Item; members: number; t: Translate }) {
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  const gap = () => gapOf(props.item);
  return (
    <div class="cc-figure">
      <Show
        when={gap() !== "no-course"}
        fallback={
          <p class="cc-gap">
            <span aria-hidden="true">⚠ </span>
            {props.t("cc.noCourse")}
          </p>
        }
      >
        <Show when={props.item.percent !== null} fallback={<p class="muted">{props.t("cc.noMembers")}</p>}>
          <div class="cc-bar" aria-hidden="true">
            <span class="cc-bar__fill" style={{ width: `${props.item.percent ?? 0}%` }} />
          </div>
          <p class="cc-figure__text">
            <strong>{props.t("cc.percent", { percent: n(props.item.percent ?? 0) })}</strong>
            {" · "}
            {props.t("cc.learnedOf", { learned: n(props.item.learnedAtLeast), members: n(props.members) })}
          </p>
        </Show>
        <Show when={gap() === "unlearned"}>
          <p class="cc-gap">
            <span aria-hidden="true">⚠ </span>
            {props.t("cc.noneLearned")}
          </p>
        </Show>
      </Show>
    </div>
  );
}

/** A phone shows this many of a skill's courses (the most completed first, as the API sorts them); the rest fold away. */
const COURSES_SHOWN = 3;

/** The courses teaching it, with their completions in the unit; `fold` keeps a long list short on a phone. */
function Courses(props: { item: Item; t: Translate; fold?: boolean }) {
  const { language } = useI18n();
  const shown = () => (props.fold ? props.item.courses.slice(0, COURSES_SHOWN) : props.item.courses);
  const rest = () => (props.fold ? props.item.courses.slice(COURSES_SHOWN) : []);
  const list = (courses: Item["courses"]) => (
    <ul class="cc-courses">
      <For each={courses}>
        {(course) => (
          <li>
            <span class="cc-courses__name">{course.title}</span>{" "}
            <span class="cc-courses__count">{props.t("cc.completed", { count: formatNumber(course.completed, language()) })}</span>
            <Show when={course.audience === "citizens"}>
              {" "}
              <span class="cc-tag">{props.t("cc.citizensCourse")}</span>
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
  return (
    <>
      {list(shown())}
      <Show when={rest().length}>
        <details class="cc-details">
          <summary>{props.t("cc.moreCourses", { count: formatNumber(rest().length, language()) })}</summary>
          {list(rest())}
        </details>
      </Show>
    </>
  );
}

function Helped(props: { item: Item; month: string; t: Translate }) {
  const { language } = useI18n();
  const helped = () => props.item.helped ?? { people: 0, sessions: 0 };
  return (
    <p class="cc-helped">
      {helped().sessions
        ? props.t("cc.helped", {
            month: monthLabel(props.month),
            people: formatNumber(helped().people, language()),
            sessions: formatNumber(helped().sessions, language()),
          })
        : props.t("cc.helpedNone", { month: monthLabel(props.month) })}
    </p>
  );
}

import {
  EFFECTIVENESS_COMPONENTS,
  EFFECTIVENESS_RULES,
  type EffectivenessComponent,
  type EffectivenessWeights,
  type EffectivenessWeightsView,
  type TeamRanking,
  type TeamScore,
  weightsProblem,
} from "@kns/core/model";
import { useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages, usePageTitle } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { monthLabel } from "./components/team-badges";
import type { UnitWithChildren } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { rankingMessages, type RankingTranslate } from "./team-ranking-messages";
import "./team-ranking.css";

const at = (id: string) => encodeURIComponent(id);

/** /admin/units/:unitId/ranking — a commune's teams ranked by effectiveness, with reasons; the province's weights. */
export default function TeamRankingScreen() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <RankingPanel unit={unit()} />}</UnitFrame>;
}

function RankingPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(rankingMessages);
  const session = useSession();
  usePageTitle(() => t("ranking.pageTitle", { unit: props.unit.name }));
  const ranking = createLoader(
    () => props.unit.id,
    (id) => session.api.request<TeamRanking>(`/admin/units/${at(id)}/team-ranking`),
  );
  return (
    <Show
      when={ranking.data()}
      fallback={
        <Show when={ranking.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
          <LoadError error={ranking.error()} onRetry={() => void ranking.reload()} />
        </Show>
      }
    >
      {(data) => (
        <>
          <section class="panel" aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t("ranking.title")}</h2>
            <p class="muted">{t("ranking.intro", { days: EFFECTIVENESS_RULES.windowDays })}</p>
            <Show when={data().teams.length} fallback={<p class="empty">{t("ranking.none")}</p>}>
              <ol class="ranking-list" aria-label={t("ranking.caption", { unit: props.unit.name })}>
                <For each={data().teams}>{(team) => <TeamRow team={team} recognised={data().recognised} t={t} />}</For>
              </ol>
            </Show>
          </section>
          <Weights view={data().weights} t={t} onSaved={() => ranking.reload()} />
        </>
      )}
    </Show>
  );
}

function TeamRow(props: { team: TeamScore; recognised: TeamRanking["recognised"]; t: RankingTranslate }) {
  const t = () => props.t;
  const id = () => `team-${props.team.unitId}`;
  return (
    <li class="ranking-list__item" aria-labelledby={id()}>
      <h3 id={id()} class="ranking-list__name">
        <span class="ranking-list__rank">{t()("ranking.rank", { rank: props.team.rank })}</span> {props.team.name}
      </h3>
      <Show when={props.recognised.unitIds.includes(props.team.unitId)}>
        <p class="ranking-badge">
          <span aria-hidden="true">🏅 </span>
          {t()("ranking.recognised", { month: monthLabel(props.recognised.month) })}
        </p>
      </Show>
      <div class="ranking-score">
        <meter class="ranking-score__bar" min={0} max={100} value={props.team.score} aria-label={t()("ranking.scoreLabel", { score: props.team.score })} />
        <span class="ranking-score__value">{t()("ranking.score", { score: props.team.score })}</span>
      </div>
      <p class="muted">
        {t()("ranking.members", { members: props.team.members })} · {t()("ranking.group.learning", { points: props.team.learning })} ·{" "}
        {t()("ranking.group.outreach", { points: props.team.outreach })}
      </p>
      <dl class="ranking-components">
        <For each={[...EFFECTIVENESS_COMPONENTS]}>
          {(component) => {
            const part = () => props.team.components[component];
            return (
              <div class="ranking-components__row">
                <dt>
                  {t()(`ranking.component.${component}`)}{" "}
                  <span class="muted">{t()("ranking.componentScore", { score: part().score, weight: part().weight })}</span>
                </dt>
                <dd>{t()(`ranking.reason.${part().reason.code}`, { ...part().reason.params, days: EFFECTIVENESS_RULES.windowDays })}</dd>
              </div>
            );
          }}
        </For>
      </dl>
    </li>
  );
}

function Weights(props: { view: EffectivenessWeightsView; t: RankingTranslate; onSaved: () => Promise<void> }) {
  const t = () => props.t;
  const session = useSession();
  const [draft, setDraft] = createSignal<EffectivenessWeights>({ ...props.view.weights });
  const [problem, setProblem] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const sum = () => EFFECTIVENESS_COMPONENTS.reduce((total, c) => total + (Number.isFinite(draft()[c]) ? draft()[c] : 0), 0);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    setNotice(undefined);
    if (weightsProblem(draft())) return setProblem(t()("ranking.weightsRule"));
    setProblem(undefined);
    setBusy(true);
    try {
      await session.api.request(`/admin/units/${at(props.view.provinceId ?? "")}/effectiveness-weights`, { method: "PUT", body: draft() });
      await props.onSaved();
      setNotice(t()("ranking.weightsSaved"));
    } catch (error) {
      setProblem(describeError(error, t()));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="weights-title">
      <h2 id="weights-title">{t()("ranking.weightsTitle")}</h2>
      <p class="muted">{t()(props.view.source === "province" ? "ranking.weightsProvince" : "ranking.weightsDefault")}</p>
      <table class="ranking-weights">
        <caption class="visually-hidden">{t()("ranking.weightsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t()("ranking.weightsCol.component")}</th>
            <th scope="col">{t()("ranking.weightsCol.weight")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={[...EFFECTIVENESS_COMPONENTS]}>
            {(component) => (
              <tr>
                <th scope="row">{t()(`ranking.component.${component}`)}</th>
                <td>{props.view.weights[component]}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.view.editable && props.view.provinceId}>
        <form class="ranking-weights__form" onSubmit={(event) => void save(event)} novalidate>
          <h3>{t()("ranking.weightsEdit")}</h3>
          <p class="muted">{t()("ranking.weightsHint")}</p>
          <For each={[...EFFECTIVENESS_COMPONENTS]}>
            {(component: EffectivenessComponent) => (
              <FormField
                name={`weight-${component}`}
                label={t()(`ranking.component.${component}`)}
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                value={draft()[component]}
                onInput={(event) => setDraft({ ...draft(), [component]: event.currentTarget.valueAsNumber })}
              />
            )}
          </For>
          <p aria-live="polite">{t()("ranking.weightsSum", { sum: sum() })}</p>
          <Alert message={problem()} />
          <p role="status" class="notice-region">
            {notice()}
          </p>
          <Button type="submit" busy={busy()} busyLabel={t()("state.working")}>
            {t()("ranking.weightsSave")}
          </Button>
        </form>
      </Show>
    </section>
  );
}

import { BASIC_SKILLS, FIELD_OUTCOMES, FIELD_WORK_LIMITS, type FieldWorkMonth } from "@kns/core/model";
import { createSignal, For, Show } from "solid-js";
import { Button } from "../../../components/button";
import { FormField } from "../../../components/form-field";
import { useI18n, useMessages } from "../../../i18n";
import { formatNumber } from "../../../lib/format";
import { createLoader } from "../../../lib/load";
import { useSession } from "../../../lib/session";
import { fieldWorkMessages } from "../../field-work/messages";

/**
 * A unit's month of help given to residents (its whole subtree), by skill and outcome, against the team's
 * target; an admin over a team sets the target here. For the team's leader and admins.
 */
export function FieldWorkPanel(props: { unitId: string; team: boolean; canSetTarget: boolean }) {
  const t = useMessages(fieldWorkMessages);
  const { language } = useI18n();
  const session = useSession();
  const n = (value: number) => formatNumber(value, language());
  const month = createLoader(
    () => props.unitId,
    (unitId) => session.api.request<FieldWorkMonth>(`/admin/units/${encodeURIComponent(unitId)}/field-work`),
  );
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  async function saveTarget(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const peoplePerMonth = Number(new FormData(event.currentTarget).get("target"));
    setBusy(true);
    setSaved(false);
    try {
      await session.api.request(`/admin/units/${encodeURIComponent(props.unitId)}/field-work/target`, { method: "PUT", body: { peoplePerMonth } });
      setSaved(true);
      await month.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel field-work-panel" aria-labelledby="field-work-title">
      <Show when={month.data()} fallback={<p class="loading">{t("app.loading")}</p>}>
        {(data) => (
          <>
            <h2 id="field-work-title">{t("fw.month.title", { month: data().month })}</h2>
            <dl class="field-work-figures">
              <div>
                <dt>{t("fw.month.people")}</dt>
                <dd data-figure="people">{n(data().people)}</dd>
              </div>
              <div>
                <dt>{t("fw.month.sessions")}</dt>
                <dd>{n(data().sessions)}</dd>
              </div>
              <Show when={props.team}>
                <div>
                  <dt>{t("fw.month.target")}</dt>
                  <dd>
                    {data().target === null ? t("fw.month.noTarget") : n(data().target!)}
                    <Show when={data().target}>
                      {(target) => <span class="cell-note">{t("fw.month.ofTarget", { percent: n(Math.round((data().people / target()) * 100)) })}</span>}
                    </Show>
                  </dd>
                </div>
              </Show>
            </dl>
            <Show when={data().sessions} fallback={<p class="empty">{t("fw.month.none")}</p>}>
              <Breakdown title={t("fw.month.bySkill")} rows={BASIC_SKILLS.map((code) => [t(`skill.${code}`), data().bySkill[code]] as const)} />
              <Breakdown title={t("fw.month.byOutcome")} rows={FIELD_OUTCOMES.map((code) => [t(`outcome.${code}`), data().byOutcome[code]] as const)} />
            </Show>
            <Show when={props.team && props.canSetTarget}>
              <form class="field-work-target" onSubmit={saveTarget}>
                <FormField
                  name="target"
                  type="number"
                  inputmode="numeric"
                  min={0}
                  max={FIELD_WORK_LIMITS.targetMax}
                  label={t("fw.target.label")}
                  value={data().target ?? ""}
                  required
                />
                <Button type="submit" variant="secondary" busy={busy()}>
                  {t("fw.target.save")}
                </Button>
                <p role="status">{saved() ? t("fw.target.saved") : ""}</p>
              </form>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function Breakdown(props: { title: string; rows: readonly (readonly [string, { people: number; sessions: number } | undefined])[] }) {
  const t = useMessages(fieldWorkMessages);
  const { language } = useI18n();
  const shown = () => props.rows.filter(([, figures]) => figures?.sessions);
  return (
    <table class="field-work-table">
      <caption>{props.title}</caption>
      <thead>
        <tr>
          <th scope="col">{props.title}</th>
          <th scope="col" class="numeric">
            {t("fw.month.cellPeople")}
          </th>
          <th scope="col" class="numeric">
            {t("fw.month.cellSessions")}
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={shown()}>
          {([label, figures]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="numeric">{formatNumber(figures!.people, language())}</td>
              <td class="numeric">{formatNumber(figures!.sessions, language())}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

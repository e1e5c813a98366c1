import type { CampaignDetail, CampaignProgressRow, CampaignStanding } from "@kns/core/model";
import { A, useParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useMessages, usePageTitle } from "../../i18n";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { shortDate } from "./campaigns";
import { campaignMessages } from "./campaigns-messages";
import { ExportPanel } from "./components/export-panel";
import { LoadError, UnitFrame } from "./components/unit-frame";
import type { UnitWithChildren } from "./lib/admin-api";
import { isAdmin } from "./lib/roles";
import "./campaigns.css";

const at = (id: string) => encodeURIComponent(id);

/**
 * /admin/units/:unitId/campaigns/:campaignId — a campaign seen from a unit inside it: the unit's share against
 * the target with a forecast, each unit below it (the furthest behind first), and on a team's page the members
 * who have not finished, by name. Teams are compared by numbers only.
 */
export default function Campaign() {
  const params = useParams<{ unitId: string; campaignId: string }>();
  return (
    <UnitFrame unitId={params.unitId} subPage>
      {(unit) => <CampaignPanel unit={unit()} campaignId={params.campaignId} />}
    </UnitFrame>
  );
}

function Standing(props: { standing: CampaignStanding }) {
  const t = useMessages(campaignMessages);
  return <span class={`standing standing--${props.standing}`}>{t(`campaign.standing.${props.standing}`)}</span>;
}

function CampaignPanel(props: { unit: UnitWithChildren; campaignId: string }) {
  const t = useMessages(campaignMessages);
  const session = useSession();
  const detail = createLoader(
    () => [props.unit.id, props.campaignId] as const,
    ([unitId, id]) => session.api.request<CampaignDetail>(`/admin/campaigns/${at(id)}/units/${at(unitId)}`),
  );
  usePageTitle(() => t("campaign.pageTitle", { title: detail.data()?.title ?? "" }));
  const courseTitles = (ids: string[]) => ids.map((id) => detail.data()?.courses.find((c) => c.id === id)?.title ?? id).join(", ");

  return (
    <Show
      when={detail.data()}
      fallback={
        <Show when={detail.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
          <LoadError error={detail.error()} onRetry={() => void detail.reload()} />
        </Show>
      }
    >
      {(c) => (
        <>
          <section class="panel campaign-summary" aria-labelledby="campaign-title">
            <h2 id="campaign-title">{c().title}</h2>
            <p class="campaign-summary__figure">
              <Standing standing={c().standing} /> {t("campaign.summary", { percent: c().percent, target: c().targetPercent, date: shortDate(c().dueOn) })}
            </p>
            <div
              class="campaign-bar"
              role="img"
              aria-label={t("campaign.summary", { percent: c().percent, target: c().targetPercent, date: shortDate(c().dueOn) })}
            >
              <span class="campaign-bar__done" style={{ width: `${c().percent}%` }} />
              <span class="campaign-bar__target" style={{ left: `${c().targetPercent}%` }} />
            </div>
            <p>{c().forecastPercent === null ? t("campaign.noForecast") : t("campaign.forecast", { percent: c().forecastPercent! })}</p>
            <p class="muted">
              {t("campaign.courses", {
                courses: c()
                  .courses.map((course) => course.title)
                  .join(", "),
              })}
            </p>
            <p class="muted">{t("campaigns.byUnit", { unit: c().unitName })}</p>
          </section>
          <Show when={c().unfinishedMembers}>
            {(people) => (
              <section class="panel" aria-labelledby="unfinished-title">
                <h2 id="unfinished-title">{t("campaign.unfinishedTitle", { count: people().length })}</h2>
                <Show when={people().length} fallback={<p class="empty">{t("campaign.unfinishedNone")}</p>}>
                  <ul class="campaign-people" role="list">
                    <For each={people()}>
                      {(person) => (
                        <li>
                          <Show when={isAdmin(session.user())} fallback={<strong>{person.fullName}</strong>}>
                            <A href={`/admin/units/${at(props.unit.id)}/members/${at(person.userId)}`}>{person.fullName}</A>
                          </Show>
                          <span class="muted"> · {t("campaign.missing", { courses: courseTitles(person.missing) })}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
            )}
          </Show>
          <Show when={c().children.length || !c().unfinishedMembers}>
            <section class="panel" aria-labelledby="campaign-children-title">
              <h2 id="campaign-children-title">{t("campaign.childrenTitle")}</h2>
              <Show when={c().children.length} fallback={<p class="empty">{t("campaign.noChildren")}</p>}>
                <p class="muted">{t("campaign.childrenCaption", { unit: props.unit.name })}</p>
                <ul class="campaign-units" role="list">
                  <For each={c().children}>{(row) => <ChildRow row={row} campaignId={c().id} />}</For>
                </ul>
              </Show>
            </section>
          </Show>
          <Show when={isAdmin(session.user())}>
            <ExportPanel
              unitId={props.unit.id}
              unitName={props.unit.name}
              campaignId={c().id}
              courseTitle={c()
                .courses.map((course) => course.title)
                .join(", ")}
            />
          </Show>
        </>
      )}
    </Show>
  );
}

function ChildRow(props: { row: CampaignProgressRow; campaignId: string }) {
  const t = useMessages(campaignMessages);
  return (
    <li class="campaign-units__item" data-unit={props.row.unitId}>
      <h3 class="campaign-units__name">
        <A href={`/admin/units/${at(props.row.unitId)}/campaigns/${at(props.campaignId)}`}>{props.row.name}</A>
      </h3>
      <p class="campaign-units__figures">
        <Standing standing={props.row.standing} /> <strong data-figure="percent">{props.row.percent}%</strong>
        <span class="muted">
          {" · "}
          {props.row.forecastPercent === null ? t("campaign.rowNoForecast") : t("campaign.rowForecast", { percent: props.row.forecastPercent })}
        </span>
      </p>
      <div class="campaign-bar campaign-bar--small" aria-hidden="true">
        <span class="campaign-bar__done" style={{ width: `${props.row.percent}%` }} />
      </div>
      <p class="muted">
        {props.row.unfinished === null
          ? t("campaign.rowMembers", { members: props.row.members, completed: props.row.completed })
          : t("campaign.rowTeam", { members: props.row.members, unfinished: props.row.unfinished })}
      </p>
    </li>
  );
}

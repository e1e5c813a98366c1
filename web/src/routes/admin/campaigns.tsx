import { CAMPAIGN_LIMITS, type CampaignSummary, type ErrorCode, NOTIFY_LIMITS, vietnamDay } from "@kns/core/model";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { campaignMessages, type CampaignKey, type CampaignTranslate } from "./campaigns-messages";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { courseList } from "./lib/courses";
import { describeError } from "./lib/errors";
import { isAdmin } from "./lib/roles";
import { newUuid } from "./lib/uuid";
import "./campaigns.css";

const at = (id: string) => encodeURIComponent(id);

/** 2026-06-30 → 30/06/2026, as dates are written in Vietnam. */
export function shortDate(day: string) {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

const CAMPAIGN_ERRORS: Partial<Record<ErrorCode, CampaignKey>> = {
  "campaign.bad_dates": "campaigns.error.badDates",
  "campaign.course_unavailable": "campaigns.error.courseUnavailable",
};

function explain(error: unknown, t: CampaignTranslate) {
  const own = error instanceof ApiError ? CAMPAIGN_ERRORS[error.code as ErrorCode] : undefined;
  return own ? t(own, { days: CAMPAIGN_LIMITS.daysMax }) : describeError(error, t);
}

/** /admin/units/:unitId/campaigns — the campaigns that apply to a unit, and (for admins) a form to set one. */
export default function Campaigns() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <CampaignsPanel unit={unit()} />}</UnitFrame>;
}

function CampaignsPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(campaignMessages);
  const session = useSession();
  usePageTitle(() => t("campaigns.pageTitle", { unit: props.unit.name }));
  const list = createLoader(
    () => props.unit.id,
    (id) => session.api.request<{ items: CampaignSummary[] }>(`/admin/units/${at(id)}/campaigns`),
  );
  const [notice, setNotice] = createSignal<string>();
  const phase = (c: CampaignSummary) =>
    c.phase === "upcoming" ? t("campaigns.phase.upcoming", { date: shortDate(c.startsOn) }) : t(`campaigns.phase.${c.phase}`);

  return (
    <>
      <section class="panel" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">{t("campaigns.title")}</h2>
        <p class="muted">{t("campaigns.intro", { unit: props.unit.name })}</p>
        <p role="status" class="notice-region">
          {notice()}
        </p>
        <Show
          when={list.data()}
          fallback={
            <Show when={list.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
              <LoadError error={list.error()} onRetry={() => void list.reload()} />
            </Show>
          }
        >
          {(data) => (
            <Show when={data().items.length} fallback={<p class="empty">{t("campaigns.none")}</p>}>
              <ul class="campaign-list" role="list">
                <For each={data().items}>
                  {(c) => (
                    <li class="campaign-list__item">
                      <h3 class="campaign-list__title">
                        <A href={`/admin/units/${at(props.unit.id)}/campaigns/${at(c.id)}`}>{c.title}</A>
                      </h3>
                      <p>
                        <strong>{t("campaigns.due", { date: shortDate(c.dueOn) })}</strong> · {t("campaigns.target", { percent: c.targetPercent })}
                      </p>
                      <p class="muted">
                        {phase(c)} · {t("campaigns.byUnit", { unit: c.unitName })}
                      </p>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>
      <Show when={isAdmin(session.user())}>
        <Announcement unit={props.unit} />
        <NewCampaign
          unit={props.unit}
          onCreated={async (title) => {
            await list.reload();
            setNotice(t("campaigns.created", { title }));
          }}
        />
      </Show>
    </>
  );
}

function NewCampaign(props: { unit: UnitWithChildren; onCreated: (title: string) => Promise<void> }) {
  const t = useMessages(campaignMessages);
  const session = useSession();
  const api = useAdminApi();
  const courses = createLoader(
    () => session.user()?.id,
    (userId) => courseList(api, userId),
  );
  const today = vietnamDay(new Date());
  const [chosen, setChosen] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setAlert(undefined);
    if (!chosen().length) return void setAlert(t("campaigns.error.noCourse"));
    const title = String(form.get("title") ?? "").trim();
    setBusy(true);
    try {
      const body = {
        unitId: props.unit.id,
        courseIds: chosen(),
        startsOn: String(form.get("startsOn")),
        dueOn: String(form.get("dueOn")),
        targetPercent: Number(form.get("targetPercent")),
        ...(title ? { title } : {}),
      };
      await session.api.request<{ id: string }>("/admin/campaigns", { method: "POST", body });
      const titles = (courses.data() ?? []).filter((c) => chosen().includes(c.id)).map((c) => c.title);
      (event.target as HTMLFormElement).reset();
      setChosen([]);
      await props.onCreated(title || titles.join(", "));
    } catch (error) {
      setAlert(explain(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="new-campaign-title">
      <h2 id="new-campaign-title">{t("campaigns.newTitle")}</h2>
      <p class="muted">{t("campaigns.newIntro", { unit: props.unit.name })}</p>
      <form class="campaign-form" onSubmit={(e) => void submit(e)} noValidate={false}>
        <Alert message={alert()} />
        <fieldset class="campaign-form__courses">
          <legend>{t("campaigns.field.courses")}</legend>
          <For each={(courses.data() ?? []).filter((c) => c.curriculum !== "test")}>
            {(course) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="courseIds"
                  value={course.id}
                  checked={chosen().includes(course.id)}
                  onChange={(e) => setChosen((ids) => (e.currentTarget.checked ? [...ids, course.id] : ids.filter((id) => id !== course.id)))}
                />
                <span>{course.title}</span>
              </label>
            )}
          </For>
        </fieldset>
        <FormField label={t("campaigns.field.title")} name="title" maxLength={CAMPAIGN_LIMITS.titleMax} />
        <FormField label={t("campaigns.field.startsOn")} name="startsOn" type="date" required value={today} />
        <FormField label={t("campaigns.field.dueOn")} name="dueOn" type="date" required min={today} />
        <FormField label={t("campaigns.field.target")} name="targetPercent" type="number" inputmode="numeric" min={1} max={100} required value="80" />
        <Button type="submit" busy={busy()} busyLabel={t("state.working")}>
          {t("campaigns.create")}
        </Button>
      </form>
    </section>
  );
}

/**
 * An announcement to everyone in the unit's subtree (POST /admin/units/:unitId/broadcasts): short, rate-limited
 * per unit, audited; sent at once, or at 07:00 when it is quiet hours. The id made here makes a retry harmless.
 */
function Announcement(props: { unit: UnitWithChildren }) {
  const t = useMessages(campaignMessages);
  const session = useSession();
  const [text, setText] = createSignal("");
  const [id, setId] = createSignal(newUuid());
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();

  async function send(event: SubmitEvent) {
    event.preventDefault();
    setAlert(undefined);
    setNotice(undefined);
    if (!text().trim()) return void setAlert(t("broadcast.empty"));
    setBusy(true);
    try {
      const answer = await session.api.request<{ id: string; notBefore: string }>(`/admin/units/${at(props.unit.id)}/broadcasts`, {
        method: "POST",
        body: { id: id(), text: text().trim() },
      });
      const later = Date.parse(answer.notBefore) > Date.now() + 60_000;
      setNotice(later ? t("broadcast.waiting") : t("broadcast.sent"));
      setText("");
      setId(newUuid());
    } catch (error) {
      setAlert(
        error instanceof ApiError && error.code === "request.rate_limited"
          ? t("broadcast.limited", { count: NOTIFY_LIMITS.broadcastsPerUnitPerDay })
          : describeError(error, t),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="broadcast-title">
      <h2 id="broadcast-title">{t("broadcast.title")}</h2>
      <p class="muted">{t("broadcast.intro", { unit: props.unit.name, count: NOTIFY_LIMITS.broadcastsPerUnitPerDay })}</p>
      <form class="campaign-form" onSubmit={(e) => void send(e)}>
        <Alert message={alert()} />
        <div class="field">
          <label class="field__label" for="broadcast-text">
            {t("broadcast.label")}
          </label>
          <textarea
            id="broadcast-text"
            class="field__input"
            rows={3}
            maxLength={NOTIFY_LIMITS.broadcastTextMax}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <p class="field__hint">{t("broadcast.left", { count: NOTIFY_LIMITS.broadcastTextMax - text().length })}</p>
        </div>
        <Button type="submit" busy={busy()} busyLabel={t("state.working")}>
          {t("broadcast.send")}
        </Button>
        <p role="status" class="notice-region">
          {notice()}
        </p>
      </form>
    </section>
  );
}

import { type ActivityInput, type ActivityProblem, activityProblem, BASIC_SKILLS, FIELD_OUTCOMES, FIELD_WORK_LIMITS, type MyActivities } from "@kns/core/model";
import { createMemo, createSignal, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { LearnerPage } from "../../features/learner/learner-page";
import type { ActivityItem } from "../../features/offline/outbox";
import { outbox, outboxRevision, syncNow } from "../../features/offline/sync";
import vi from "./field-work.vi";
import { fieldWorkMessages } from "./messages";
import "./field-work.css";

/** Vietnam's date today (UTC+7, no daylight saving), as the date field shows it. */
const todayInVietnam = (now = new Date()) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** Today is "now"; an earlier day is its noon in Vietnam, so the month and day never shift with the time zone. */
const atOf = (day: string, now = new Date()) => (day === todayInVietnam(now) ? now.toISOString() : new Date(`${day}T12:00:00+07:00`).toISOString());

type Entry = {
  id: string;
  at: string;
  skill: string;
  outcome: string;
  people: number;
  place?: string;
  state: "waiting" | "sent" | "rejected";
  error?: string;
  item?: ActivityItem;
};

/** /field-work: record help given to residents in a few taps (offline first), and see what was recorded. */
export default function FieldWork() {
  const t = useMessages(fieldWorkMessages);
  const { language } = useI18n();
  const session = useSession();
  usePageTitle(() => t("fw.title"));

  const [day, setDay] = createSignal(todayInVietnam());
  const [skill, setSkill] = createSignal<string>();
  const [outcome, setOutcome] = createSignal<string>();
  const [people, setPeople] = createSignal(1);
  const [withResident, setWithResident] = createSignal(false);
  const [problem, setProblem] = createSignal<ActivityProblem>();
  const [status, setStatus] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const queued = createLoader(
    () => session.user()?.id,
    async (userId) => (await outbox.list(userId)).filter((item): item is ActivityItem => item.kind === "activity"),
    { refresh: outboxRevision },
  );
  // What the server holds (from this phone or another); offline, the phone's own list is enough.
  const recorded = createLoader(
    () => session.user()?.id,
    () => session.api.request<MyActivities>("/activities").catch(() => ({ items: [] }) as MyActivities),
    { refresh: outboxRevision },
  );
  const entries = createMemo<Entry[]>(() => {
    const byId = new Map<string, Entry>();
    for (const item of recorded.data()?.items ?? []) byId.set(item.id, { ...item, state: "sent" });
    for (const item of queued.data() ?? []) {
      if (item.state === "sent" && byId.has(item.id)) continue;
      byId.set(item.id, {
        ...item.activity,
        state: item.state === "rejected" ? "rejected" : item.state === "waiting" ? "waiting" : "sent",
        error: item.error?.code,
        item,
      });
    }
    return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 30);
  });

  const problemText = (code: string | undefined) => {
    const params = { days: FIELD_WORK_LIMITS.maxAgeDays, min: FIELD_WORK_LIMITS.peopleMin, max: FIELD_WORK_LIMITS.peopleMax };
    const key = `fw.problem.${code}` as const;
    return code && key in vi ? t(key as keyof typeof vi, params) : t("fw.problem.other");
  };

  async function save(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const user = session.user();
    if (!user) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const place = String(data.get("place") ?? "").trim();
    const name = String(data.get("residentName") ?? "").trim();
    const phone = String(data.get("residentPhone") ?? "").trim();
    const consent = data.get("consent") === "on";
    const activity: ActivityInput = {
      id: crypto.randomUUID(),
      at: atOf(day()),
      skill: skill() ?? "",
      outcome: outcome() ?? "",
      people: people(),
      ...(place ? { place } : {}),
      ...(name || phone ? { resident: { ...(name ? { name } : {}), ...(phone ? { phone } : {}), consent } } : {}),
    };
    setStatus(undefined);
    const found = activityProblem(activity, new Date());
    setProblem(found);
    if (found) return void form.querySelector<HTMLElement>("[aria-invalid='true'], .fw-problem")?.focus?.();
    setBusy(true);
    try {
      await outbox.recordActivity(user.id, activity);
      setStatus(t("fw.saved"));
      form.reset();
      setSkill(undefined);
      setOutcome(undefined);
      setPeople(1);
      setWithResident(false);
      setDay(todayInVietnam());
      if (navigator.onLine) {
        const sent = await syncNow(session);
        if (sent && !sent.stopped && (await outbox.get(user.id, activity.id))?.state === "sent") setStatus(t("fw.savedSent"));
      }
    } finally {
      setBusy(false);
    }
  }

  const invalid = (...codes: ActivityProblem[]) => (problem() && codes.includes(problem()!) ? "true" : undefined);

  return (
    <LearnerPage>
      <div class="page fw">
        <h1>{t("fw.title")}</h1>
        <p class="lead">{t("fw.intro")}</p>
        <form class="fw-form" onSubmit={save} novalidate aria-labelledby="fw-form-title">
          <h2 id="fw-form-title">{t("fw.formTitle")}</h2>
          <FormField
            name="day"
            type="date"
            label={t("fw.date")}
            value={day()}
            max={todayInVietnam()}
            onInput={(event) => setDay(event.currentTarget.value)}
            error={problem() === "activity.future_date" || problem() === "activity.too_old" ? problemText(problem()) : undefined}
            required
          />
          <fieldset class="fw-group" aria-invalid={invalid("activity.unknown_skill")}>
            <legend>{t("fw.skill")}</legend>
            <Show when={problem() === "activity.unknown_skill"}>
              <p class="field__error">{problemText(problem())}</p>
            </Show>
            <div class="fw-chips">
              <For each={BASIC_SKILLS}>
                {(code) => (
                  <label class="fw-chip" classList={{ "fw-chip--on": skill() === code }}>
                    <input type="radio" name="skill" value={code} checked={skill() === code} onChange={() => setSkill(code)} />
                    <span>{t(`skill.${code}`)}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <fieldset class="fw-group" aria-invalid={invalid("activity.unknown_outcome")}>
            <legend>{t("fw.outcome")}</legend>
            <Show when={problem() === "activity.unknown_outcome"}>
              <p class="field__error">{problemText(problem())}</p>
            </Show>
            <div class="fw-options">
              <For each={FIELD_OUTCOMES}>
                {(code) => (
                  <label class="fw-option">
                    <input type="radio" name="outcome" value={code} checked={outcome() === code} onChange={() => setOutcome(code)} />
                    <span>{t(`outcome.${code}`)}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <div class="field" classList={{ "field--invalid": problem() === "activity.people_out_of_range" }}>
            <label class="field__label" for="fw-people">
              {t("fw.people")}
            </label>
            <Show when={problem() === "activity.people_out_of_range"}>
              <p class="field__error" id="fw-people-error">
                {problemText(problem())}
              </p>
            </Show>
            <div class="fw-stepper">
              <button
                type="button"
                class="button button--secondary fw-step"
                aria-label={t("fw.fewer")}
                onClick={() => setPeople((n) => Math.max(FIELD_WORK_LIMITS.peopleMin, n - 1))}
              >
                −
              </button>
              <input
                id="fw-people"
                class="field__input fw-count"
                name="people"
                type="number"
                inputmode="numeric"
                min={FIELD_WORK_LIMITS.peopleMin}
                max={FIELD_WORK_LIMITS.peopleMax}
                value={people()}
                aria-invalid={invalid("activity.people_out_of_range")}
                aria-describedby={problem() === "activity.people_out_of_range" ? "fw-people-error" : undefined}
                onInput={(event) => setPeople(event.currentTarget.valueAsNumber)}
              />
              <button
                type="button"
                class="button button--secondary fw-step"
                aria-label={t("fw.more")}
                onClick={() => setPeople((n) => Math.min(FIELD_WORK_LIMITS.peopleMax, (n || 0) + 1))}
              >
                +
              </button>
            </div>
          </div>
          <FormField name="place" label={t("fw.place")} maxLength={FIELD_WORK_LIMITS.placeMax} autocomplete="off" />
          <label class="checkbox">
            <input type="checkbox" checked={withResident()} onChange={(event) => setWithResident(event.currentTarget.checked)} />
            <span>{t("fw.residentToggle")}</span>
          </label>
          <Show when={withResident()}>
            <div class="fw-resident">
              <p class="muted">{t("fw.residentNote")}</p>
              <FormField name="residentName" label={t("fw.residentName")} maxLength={FIELD_WORK_LIMITS.residentNameMax} autocomplete="off" />
              <FormField name="residentPhone" type="tel" inputmode="tel" label={t("fw.residentPhone")} maxLength={20} autocomplete="off" />
              <label class="checkbox" classList={{ "field--invalid": problem() === "activity.consent_required" }}>
                <input type="checkbox" name="consent" aria-invalid={invalid("activity.consent_required")} />
                <span>{t("fw.consent")}</span>
              </label>
              <Show when={problem() === "activity.consent_required"}>
                <p class="field__error fw-problem" tabindex="-1">
                  {problemText(problem())}
                </p>
              </Show>
            </div>
          </Show>
          <Button type="submit" busy={busy()}>
            {t("fw.save")}
          </Button>
          <p class="fw-status" role="status">
            {status()}
          </p>
        </form>

        <section aria-labelledby="fw-list-title">
          <h2 id="fw-list-title">{t("fw.listTitle")}</h2>
          <Show when={entries().length} fallback={<p class="empty">{t("fw.listEmpty")}</p>}>
            <ul class="fw-list" role="list">
              <For each={entries()}>
                {(entry) => (
                  <li class="fw-entry" classList={{ [`fw-entry--${entry.state}`]: true }}>
                    <p class="fw-entry__head">
                      <strong>{t("fw.peopleCount", { count: entry.people })}</strong> · {shortDate(entry.at, language())}
                      <span class={`tag tag--${entry.state}`}>{t(`fw.state.${entry.state}`)}</span>
                    </p>
                    <p>
                      {t(`skill.${entry.skill.split(".")[0] as (typeof BASIC_SKILLS)[number]}`)} —{" "}
                      {t(`outcome.${entry.outcome as (typeof FIELD_OUTCOMES)[number]}`)}
                    </p>
                    <Show when={entry.place}>
                      <p class="muted">{entry.place}</p>
                    </Show>
                    <Show when={entry.state === "rejected" && entry.item}>
                      {(item) => (
                        <>
                          <p class="notice notice--error">{problemText(entry.error)}</p>
                          <Button variant="secondary" onClick={() => void outbox.remove(item().userId, item().id)}>
                            {t("fw.discard")}
                          </Button>
                        </>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </div>
    </LearnerPage>
  );
}

import type { ErrorCode, JobStatus, MergePreview, Unit, UnitKind, UnitRef } from "@kns/core/model";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { ConfirmStep } from "../../components/confirm-step";
import { FormField } from "../../components/form-field";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { focusFirstInvalid, withoutError } from "../../lib/form";
import { formatNumber, shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { UnitPicker } from "./components/unit-picker";
import { UnitFrame } from "./components/unit-frame";
import { rememberUnits, unitInfo, useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { reorganisesFromAbove } from "./reorganise-frame";
import { reorganiseMessages, type ReorganiseKey, type ReorganiseTranslate } from "./reorganise-messages";
import "./reorganise.css";

const at = (id: string) => encodeURIComponent(id);

/** The reorganisation endpoints (packages/api/src/routes/admin-units.ts, docs/reorganisation.md). */
function useReorganiseApi() {
  const { api } = useSession();
  return {
    preview: (unitId: string, intoUnitId: string) => api.request<MergePreview>(`/admin/units/${at(unitId)}/merge?into=${at(intoUnitId)}`),
    merge: (unitId: string, intoUnitId: string) =>
      api.request<{ id: string; status: JobStatus["status"] }>(`/admin/units/${at(unitId)}/merge`, { method: "POST", body: { intoUnitId } }),
    job: (id: string) => api.request<JobStatus>(`/admin/jobs/${at(id)}`),
    archive: (unitId: string) => api.request<Unit>(`/admin/units/${at(unitId)}/archive`, { method: "POST", body: {} }),
    identity: (unitId: string, change: { name?: string; code?: string }) =>
      api.request<Unit>(`/admin/units/${at(unitId)}/identity`, { method: "PATCH", body: change }),
  };
}

const ERRORS: Partial<Record<ErrorCode, ReorganiseKey>> = {
  "unit.archived": "reorganise.error.archived",
  "unit.not_empty": "reorganise.error.notEmpty",
  "unit.merge_self": "reorganise.error.mergeSelf",
  "unit.merge_kind": "reorganise.error.mergeKind",
  "unit.merge_busy": "reorganise.error.mergeBusy",
  "unit.reorganise_own": "reorganise.error.own",
  "unit.reorganise_root": "reorganise.error.root",
  "unit.code_taken": "reorganise.error.codeTaken",
  "job.not_found": "reorganise.error.jobNotFound",
};

function explain(error: unknown, t: ReorganiseTranslate) {
  const own = error instanceof ApiError ? ERRORS[error.code as ErrorCode] : undefined;
  return own ? t(own) : describeError(error, t);
}

/** /admin/units/:unitId/reorganise — merge the unit into another, archive it when empty, rename or recode it. */
export default function Reorganise() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit, reload) => <ReorganisePanels unit={unit() as UnitWithChildren & Unit} reload={reload} />}</UnitFrame>;
}

function ReorganisePanels(props: { unit: UnitWithChildren & Unit; reload: () => Promise<void> }) {
  const t = useMessages(reorganiseMessages);
  const session = useSession();
  usePageTitle(() => t("reorganise.pageTitle", { unit: props.unit.name }));
  // Once a merge is asked for, the unit is on its way out: nothing else is offered for it.
  const [merging, setMerging] = createSignal(Boolean(props.unit.mergingInto));
  return (
    <div class="manage">
      <section class="panel" aria-labelledby="reorganise-title">
        <h2 id="reorganise-title">{t("reorganise.title")}</h2>
        <p class="muted">{t("reorganise.intro", { unit: props.unit.name })}</p>
      </section>
      <Show when={reorganisesFromAbove(session.user(), props.unit)} fallback={<p class="panel muted">{t("reorganise.notFromAbove")}</p>}>
        <MergePanel unit={props.unit} onStarted={() => setMerging(true)} />
        <Show when={!merging()}>
          <ArchivePanel unit={props.unit} reload={props.reload} />
          <IdentityPanel unit={props.unit} reload={props.reload} />
        </Show>
      </Show>
    </div>
  );
}

type MergeState =
  | { kind: "pick" }
  | { kind: "review"; preview: MergePreview }
  | { kind: "working"; into: UnitRef; progress: number; reconnecting: boolean }
  | { kind: "done"; into: UnitRef }
  | { kind: "failed"; into: UnitRef; message: string }
  | { kind: "elsewhere" };

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 4_000;

/**
 * Merge: choose a unit of the same kind, review what will move, confirm, then follow the job's progress. The
 * unit itself says when a merge is under way (`mergingInto`), so coming back to the page picks the job up again.
 */
function MergePanel(props: { unit: UnitWithChildren & Unit; onStarted: () => void }) {
  const t = useMessages(reorganiseMessages);
  const { language } = useI18n();
  const session = useSession();
  const admin = useAdminApi();
  const api = useReorganiseApi();
  const [target, setTarget] = createSignal<Unit>();
  const [state, setState] = createSignal<MergeState>({ kind: "pick" });
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const n = (value: number) => formatNumber(value, language());
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });

  // Same kind, not itself or below it; a unit the picker lists is open (archived units are never listed).
  const selectable = (unit: Unit) => unit.kind === props.unit.kind && !unit.path.startsWith(props.unit.path);
  // Walk down only through levels above the unit's kind: a commune's teams hold no commune.
  const canOpen = (unit: Unit) => unit.kind !== props.unit.kind && !unit.path.startsWith(props.unit.path);

  function follow(jobId: string, into: UnitRef, delay = FIRST_POLL_MS) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (stopped) return;
      try {
        const job = await api.job(jobId);
        if (stopped) return;
        if (job.status === "done") return setState({ kind: "done", into });
        if (job.status === "failed") return setState({ kind: "failed", into, message: t("reorganise.merge.failed") });
        setState({ kind: "working", into, progress: job.progress, reconnecting: false });
      } catch (error) {
        if (stopped) return;
        if (!(error instanceof NetworkError)) return setState({ kind: "failed", into, message: explain(error, t) });
        const last = state();
        setState({ kind: "working", into, progress: last.kind === "working" ? last.progress : 0, reconnecting: true });
      }
      follow(jobId, into, Math.min(MAX_POLL_MS, delay * 1.5));
    }, delay);
  }

  onMount(async () => {
    const lock = props.unit.mergingInto;
    if (!lock) return;
    const into = await unitInfo(admin, session.user()?.id ?? "", lock.unitId);
    if (!into) return setState({ kind: "elsewhere" });
    setState({ kind: "working", into, progress: 0, reconnecting: false });
    try {
      await api.job(lock.jobId);
      follow(lock.jobId, into, 0);
    } catch {
      // Only the admin who asked may follow a job: someone else's merge is just shown as under way.
      setState({ kind: "elsewhere" });
    }
  });

  async function review() {
    const chosen = target();
    if (!chosen) return;
    setBusy(true);
    setAlert(undefined);
    try {
      setState({ kind: "review", preview: await api.preview(props.unit.id, chosen.id) });
    } catch (error) {
      setAlert(explain(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function start(into: UnitRef) {
    setBusy(true);
    setAlert(undefined);
    try {
      const job = await api.merge(props.unit.id, into.id);
      props.onStarted();
      setState({ kind: "working", into, progress: 0, reconnecting: false });
      follow(job.id, into, job.status === "done" ? 0 : FIRST_POLL_MS);
    } catch (error) {
      // The review (or the failed merge) stays on screen with the reason, to cancel or try again.
      if (state().kind === "failed") setState({ kind: "failed", into, message: explain(error, t) });
      else setAlert(explain(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t("reorganise.merge.title")}</h2>
      <Switch>
        <Match when={state().kind === "pick"}>
          <p class="muted">{t("reorganise.merge.intro")}</p>
          <Alert message={alert()} />
          <UnitPicker
            rootId={session.user()?.unitId ?? props.unit.parentId ?? props.unit.id}
            legend={t("reorganise.merge.legend", { unit: props.unit.name })}
            hint={t("reorganise.merge.hint", { kind: t(`unitKind.${props.unit.kind as UnitKind}`) })}
            selectable={selectable}
            canOpen={canOpen}
            value={target()}
            onSelect={(unit) => {
              setTarget(unit);
              setAlert(undefined);
            }}
          />
          <Button disabled={!target()} busy={busy()} busyLabel={t("reorganise.merge.reviewing")} onClick={() => void review()}>
            {t("reorganise.merge.review")}
          </Button>
        </Match>
        <Match when={state().kind === "review" && (state() as Extract<MergeState, { kind: "review" }>).preview}>
          {(preview) => (
            <>
              <Alert message={alert()} />
              <ConfirmStep
                question={t("reorganise.merge.question", { unit: preview().unit.name, into: preview().into.name })}
                details={
                  <ul class="merge-summary">
                    <li>{t("reorganise.merge.children", { count: n(preview().children), into: preview().into.name })}</li>
                    <li>{t("reorganise.merge.members", { members: n(preview().members), completed: n(preview().completed) })}</li>
                    <Show when={preview().people}>
                      <li>{t("reorganise.merge.people", { count: n(preview().people) })}</li>
                    </Show>
                    <li>{t("reorganise.merge.codes", { codes: preview().codes.join(", "), into: preview().into.name })}</li>
                    <li>{t("reorganise.merge.archive", { unit: preview().unit.name })}</li>
                  </ul>
                }
              >
                <Button busy={busy()} busyLabel={t("reorganise.merge.starting")} onClick={() => void start(preview().into)}>
                  {t("reorganise.merge.confirm", { into: preview().into.name })}
                </Button>
                <Button variant="secondary" disabled={busy()} onClick={() => setState({ kind: "pick" })}>
                  {t("action.cancel")}
                </Button>
              </ConfirmStep>
            </>
          )}
        </Match>
        <Match when={state().kind === "working" && (state() as Extract<MergeState, { kind: "working" }>)}>
          {(working) => (
            <div class="export-progress">
              <label for="merge-progress">{t("reorganise.merge.working", { into: working().into.name, percent: n(working().progress) })}</label>
              <progress id="merge-progress" max="100" value={working().progress}>
                {working().progress}%
              </progress>
              <p role="status" class="muted">
                {working().reconnecting ? t("reorganise.merge.reconnecting") : t("reorganise.merge.workingHint")}
              </p>
            </div>
          )}
        </Match>
        <Match when={state().kind === "done" && (state() as Extract<MergeState, { kind: "done" }>).into}>
          {(into) => (
            <div class="export-done">
              <p role="status" class="notice">
                {t("reorganise.merge.done", { unit: props.unit.name, into: into().name })}
              </p>
              <A class="button button--primary" href={`/admin/units/${at(into().id)}`}>
                {t("reorganise.merge.open", { into: into().name })}
              </A>
            </div>
          )}
        </Match>
        <Match when={state().kind === "failed" && (state() as Extract<MergeState, { kind: "failed" }>)}>
          {(failed) => (
            <div class="export-done">
              <Alert message={failed().message} />
              <Button busy={busy()} busyLabel={t("reorganise.merge.starting")} onClick={() => void start(failed().into)}>
                {t("reorganise.merge.resume")}
              </Button>
            </div>
          )}
        </Match>
        <Match when={state().kind === "elsewhere"}>
          <p role="status">{t("reorganise.merge.elsewhere")}</p>
        </Match>
      </Switch>
    </section>
  );
}

/** Archive: offered only when the unit has no units below it and nobody in it; the server checks again (staff too). */
function ArchivePanel(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(reorganiseMessages);
  const admin = useAdminApi();
  const api = useReorganiseApi();
  const session = useSession();
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const empty = createLoader(
    () => props.unit.id,
    async (id) => {
      if (props.unit.children.length) return false;
      const { unit } = await admin.report(id);
      return unit.members + unit.pending + unit.citizens === 0;
    },
  );

  async function archive() {
    setBusy(true);
    setAlert(undefined);
    try {
      const archived = await api.archive(props.unit.id);
      rememberUnits(session.user()?.id ?? "", [archived]);
      await props.reload();
    } catch (error) {
      setAlert(explain(error, t));
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="archive-title">
      <h2 id="archive-title">{t("reorganise.archive.title")}</h2>
      <p class="muted">{t("reorganise.archive.intro")}</p>
      <Alert message={alert()} />
      <Show when={empty.data() !== undefined} fallback={<p class="loading">{t("reorganise.archive.checking")}</p>}>
        <Show when={empty.data()} fallback={<p>{t("reorganise.archive.notEmpty", { unit: props.unit.name })}</p>}>
          <Show
            when={confirming()}
            fallback={
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                {t("reorganise.archive.start", { unit: props.unit.name })}
              </Button>
            }
          >
            <ConfirmStep question={t("reorganise.archive.question", { unit: props.unit.name })}>
              <Button busy={busy()} busyLabel={t("state.saving")} onClick={() => void archive()}>
                {t("reorganise.archive.confirm")}
              </Button>
              <Button variant="secondary" disabled={busy()} onClick={() => setConfirming(false)}>
                {t("action.cancel")}
              </Button>
            </ConfirmStep>
          </Show>
        </Show>
      </Show>
    </section>
  );
}

/** Rename and recode in one form; the earlier names and codes (and codes that still lead here) are listed under it. */
function IdentityPanel(props: { unit: UnitWithChildren & Unit; reload: () => Promise<void> }) {
  const t = useMessages(reorganiseMessages);
  const { language } = useI18n();
  const api = useReorganiseApi();
  const [errors, setErrors] = createSignal<{ name?: string; code?: string }>({});
  const [alert, setAlert] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const earlier = () => [...(props.unit.history ?? [])].reverse();
  const otherCodes = () => (props.unit.aliases ?? []).filter((code) => code !== props.unit.code);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const code = String(data.get("code") ?? "")
      .trim()
      .toUpperCase();
    const change = { ...(name !== props.unit.name ? { name } : {}), ...(code !== props.unit.code ? { code } : {}) };
    setErrors({});
    setAlert(undefined);
    setNotice(undefined);
    if (!Object.keys(change).length) return setNotice(t("reorganise.identity.unchanged"));
    setBusy(true);
    try {
      const saved = await api.identity(props.unit.id, change);
      await props.reload();
      setNotice(t("reorganise.identity.saved", { name: saved.name, code: saved.code }));
    } catch (error) {
      const fieldOf = (err: ApiError) => err.details.find((issue) => issue.path === "name" || issue.path === "code")?.path as "name" | "code" | undefined;
      if (error instanceof ApiError && error.code === "unit.code_taken") setErrors({ code: explain(error, t) });
      else if (error instanceof ApiError && error.code === "request.invalid" && fieldOf(error))
        setErrors({ [fieldOf(error)!]: t(fieldOf(error) === "name" ? "reorganise.identity.nameRule" : "reorganise.identity.codeRule") });
      else setAlert(explain(error, t));
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="identity-title">
      <h2 id="identity-title">{t("reorganise.identity.title")}</h2>
      <Alert message={alert()} />
      <form class="form form--tight" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
        <FormField name="name" label={t("reorganise.identity.name")} value={props.unit.name} maxLength={120} required error={errors().name} />
        <FormField
          name="code"
          label={t("reorganise.identity.code")}
          hint={t("reorganise.identity.codeHint")}
          value={props.unit.code}
          autocapitalize="characters"
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
          required
          error={errors().code}
        />
        <Button type="submit" variant="secondary" busy={busy()} busyLabel={t("state.saving")}>
          {t("reorganise.identity.save")}
        </Button>
      </form>
      <p role="status" class="notice-region">
        {notice()}
      </p>
      <h3 class="reorganise-history">{t("reorganise.identity.historyTitle")}</h3>
      <Show when={earlier().length} fallback={<p class="muted">{t("reorganise.identity.noHistory")}</p>}>
        <ul class="result-list">
          <For each={earlier()}>
            {(entry) => (
              <li>
                <span class="result-list__name">{t("reorganise.identity.historyEntry", { name: entry.name, code: entry.code })}</span>
                <span class="cell-note">{t("reorganise.identity.historyUntil", { date: shortDate(entry.at, language()) })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={otherCodes().length}>
        <p class="muted">{t("reorganise.identity.aliases", { codes: otherCodes().join(", ") })}</p>
      </Show>
    </section>
  );
}

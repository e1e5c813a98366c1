import type { ExportStatus } from "@kns/core/model";
import { createSignal, createUniqueId, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { Button } from "../../../components/button";
import { useI18n, useMessages } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import { useSession } from "../../../lib/session";
import { readStorage, writeStorage } from "../../../lib/storage";
import { useAdminApi, type ExportRequest } from "../lib/admin-api";
import { describeCode, describeError, isNotFound } from "../lib/errors";
import { newUuid } from "../lib/uuid";
import { adminMessages } from "../messages";

type State =
  | { kind: "idle" }
  | { kind: "starting"; request: ExportRequest }
  | { kind: "working"; status?: ExportStatus; reconnecting: boolean }
  | { kind: "done"; status: ExportStatus; fetchedAt: number }
  | { kind: "failed"; message: string; retry?: ExportRequest };

const FIRST_POLL_MS = 600;
const MAX_POLL_MS = 5_000;
/** Download links live 15 minutes; ask for a fresh one a little before that. */
const LINK_FRESH_MS = 10 * 60_000;
/** A finished list found on coming back is shown again only while it is recent. */
const RESUME_MS = 60 * 60_000;

/**
 * Completion list export: the request carries an id made here, so pressing again after a dropped connection
 * finds the same job instead of starting a second one. Progress is polled with a growing pause; the job id is
 * kept on the device, so leaving the page and coming back (within the hour) picks the job up again.
 */
export function ExportPanel(props: { unitId: string; unitName: string; courseId?: string; courseTitle?: string; campaignId?: string }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const api = useAdminApi();
  const session = useSession();
  const formatId = createUniqueId();
  /**
   * Excel first: admins open these lists in Excel, and a comma CSV opens as one column in Excel under Vietnamese
   * regional settings; an .xlsx has real dates and numbers too. CSV stays, with ";" for Excel or "," for other tools.
   */
  const [format, setFormat] = createSignal<"xlsx" | "csv;" | "csv,">("xlsx");
  const [includePhones, setIncludePhones] = createSignal(false);
  const [state, setState] = createSignal<State>({ kind: "idle" });
  const storageKey = () => `kns.admin.export.${session.user()?.id ?? ""}.${props.unitId}${props.campaignId ? `.${props.campaignId}` : ""}`;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });

  function poll(id: string, delay = FIRST_POLL_MS, resumed = false) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (stopped) return;
      try {
        const status = await api.exportStatus(id);
        if (stopped) return;
        if (resumed && status.status !== "queued" && status.status !== "running" && Date.now() - Date.parse(status.createdAt) > RESUME_MS) reset();
        else if (status.status === "done" && status.downloadUrl) setState({ kind: "done", status, fetchedAt: Date.now() });
        else if (status.status === "failed") {
          writeStorage(storageKey(), null);
          // A list that cannot be made as asked says why (too long for an Excel sheet); anything else may pass.
          setState({ kind: "failed", message: describeCode(status.errorCode, t, language()) ?? t("export.failed") });
        } else {
          setState({ kind: "working", status, reconnecting: false });
          poll(id, Math.min(MAX_POLL_MS, delay * 1.5));
        }
      } catch (error) {
        if (stopped) return;
        if (error instanceof NetworkError) {
          const last = state();
          setState({ kind: "working", status: last.kind === "working" ? last.status : undefined, reconnecting: true });
          poll(id, Math.min(MAX_POLL_MS, delay * 1.5));
        } else {
          if (isNotFound(error) && resumed) return reset();
          if (isNotFound(error)) writeStorage(storageKey(), null);
          setState({ kind: "failed", message: describeError(error, t, language()) });
        }
      }
    }, delay);
  }

  onMount(() => {
    const pending = readStorage(storageKey());
    if (pending) {
      setState({ kind: "working", reconnecting: false });
      poll(pending, 0, true);
    }
  });

  async function start(request: ExportRequest) {
    setState({ kind: "starting", request });
    try {
      const { id } = await api.startExport(request);
      writeStorage(storageKey(), id);
      setState({ kind: "working", reconnecting: false });
      poll(id);
    } catch (error) {
      // The same request (same id) is offered again: if it did reach the server, retrying finds that job. Not when
      // the server refused the request itself (too long for a sheet, not found): the same request would be refused
      // again, and the admin needs the form back to choose otherwise.
      const refused = error instanceof ApiError && [400, 403, 404].includes(error.status);
      setState({ kind: "failed", message: describeError(error, t, language()), retry: refused ? undefined : request });
    }
  }

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const chosen = format();
    const file = chosen === "xlsx" ? { format: "xlsx" as const } : { format: "csv" as const, separator: chosen === "csv;" ? (";" as const) : ("," as const) };
    void start({ id: newUuid(), unitId: props.unitId, courseId: props.courseId, campaignId: props.campaignId, ...file, includePhones: includePhones() });
  }

  function reset() {
    writeStorage(storageKey(), null);
    setState({ kind: "idle" });
  }

  async function download(event: MouseEvent, current: Extract<State, { kind: "done" }>) {
    if (Date.now() - current.fetchedAt < LINK_FRESH_MS) return;
    event.preventDefault();
    try {
      const status = await api.exportStatus(current.status.id);
      if (status.downloadUrl) {
        setState({ kind: "done", status, fetchedAt: Date.now() });
        window.location.assign(status.downloadUrl);
      }
    } catch (error) {
      setState({ kind: "failed", message: describeError(error, t, language()) });
    }
  }

  const progress = () => {
    const current = state();
    return current.kind === "working" ? (current.status?.progress ?? 0) : 0;
  };

  return (
    <section class="panel export-panel" aria-labelledby="export-title">
      <h2 id="export-title">{t("export.title")}</h2>
      <p class="muted">{t("export.intro", { unit: props.unitName, course: props.courseTitle ?? t("course.all") })}</p>
      <Switch>
        <Match when={state().kind === "idle" || state().kind === "starting"}>
          <form class="form form--tight" onSubmit={submit}>
            <fieldset class="choice-group">
              <legend>{t("export.format")}</legend>
              <label class="checkbox">
                <input type="radio" name={`format-${formatId}`} value="xlsx" checked={format() === "xlsx"} onChange={() => setFormat("xlsx")} />
                <span>{t("export.xlsx")}</span>
              </label>
              <label class="checkbox">
                <input type="radio" name={`format-${formatId}`} value="csv;" checked={format() === "csv;"} onChange={() => setFormat("csv;")} />
                <span>{t("export.csvExcel")}</span>
              </label>
              <label class="checkbox">
                <input type="radio" name={`format-${formatId}`} value="csv," checked={format() === "csv,"} onChange={() => setFormat("csv,")} />
                <span>{t("export.csv")}</span>
              </label>
            </fieldset>
            <div>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={includePhones()}
                  onChange={(event) => setIncludePhones(event.currentTarget.checked)}
                  aria-describedby={`phones-${formatId}`}
                />
                <span>{t("export.includePhones")}</span>
              </label>
              <p class="field__hint" id={`phones-${formatId}`}>
                {t("export.includePhonesHint")}
              </p>
            </div>
            <Button type="submit" busy={state().kind === "starting"} busyLabel={t("export.starting")}>
              {t("export.start")}
            </Button>
          </form>
        </Match>
        <Match when={state().kind === "working"}>
          <div class="export-progress">
            <label for={`progress-${formatId}`}>{t("export.working", { percent: progress() })}</label>
            <progress id={`progress-${formatId}`} max="100" value={progress()}>
              {progress()}%
            </progress>
            <p role="status" class="muted">
              {(() => {
                const current = state();
                return current.kind === "working" && current.reconnecting ? t("export.reconnecting") : t("export.workingHint");
              })()}
            </p>
          </div>
        </Match>
        <Match when={state().kind === "done" && (state() as Extract<State, { kind: "done" }>)}>
          {(done) => (
            <div class="export-done">
              <p role="status">{t("export.ready", { rows: done().status.rows ?? 0 })}</p>
              <a class="button button--primary" href={done().status.downloadUrl} download="" onClick={(event) => void download(event, done())}>
                {done().status.params.format === "xlsx" ? t("export.downloadXlsx") : t("export.downloadCsv")}
              </a>
              <Show when={done().status.params.includePhones}>
                <p class="field__hint">{t("export.phonesWarning")}</p>
              </Show>
              <Button variant="secondary" onClick={reset}>
                {t("export.again")}
              </Button>
            </div>
          )}
        </Match>
        <Match when={state().kind === "failed" && (state() as Extract<State, { kind: "failed" }>)}>
          {(failed) => (
            <div class="export-done">
              <p class="alert" role="alert">
                {failed().message}
              </p>
              <Show
                when={failed().retry}
                fallback={
                  <Button variant="secondary" onClick={reset}>
                    {t("export.again")}
                  </Button>
                }
              >
                {(request) => <Button onClick={() => void start(request())}>{t("action.retry")}</Button>}
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

import { A, useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { authoring, downloadJson } from "./api";
import { Dialog } from "./dialog";
import { dateTime } from "../../lib/format";
import { trainerMessages } from "./messages";
import type { VersionInfo } from "./model";

/**
 * The earlier version whose certificate this one still gives (the first of its certificate line), or undefined
 * when this version started the line. Said this way rather than as a line number, which means nothing to a trainer.
 */
function lineStart(versions: readonly VersionInfo[], version: VersionInfo): number | undefined {
  const first = Math.min(...versions.filter((v) => v.line === version.line).map((v) => v.version));
  return first < version.version ? first : undefined;
}

/** Every published version, newest first, with what changed; a version can be withdrawn (learners move on). */
export default function History() {
  const params = useParams<{ courseId: string }>();
  const t = useMessages(trainerMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = authoring(session.api);
  const history = createLoader(
    () => params.courseId,
    async (id) => {
      const [draft, versions] = await Promise.all([api.draft(id), api.versions(id)]);
      return { title: draft.content.title, versions };
    },
  );
  usePageTitle(() => t("history.title", { name: history.data()?.title ?? params.courseId }));
  const [withdrawing, setWithdrawing] = createSignal<VersionInfo>();
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<string>();
  const loadProblem = (error: unknown) =>
    error instanceof ApiError && error.status === 404 ? t("editor.notFound") : error instanceof NetworkError ? t("error.network") : t("error.serverBusy");
  const current = () => history.data()?.versions.find((v) => !v.withdrawn)?.version;
  const mine = (v: VersionInfo) => v.publishedBy === session.user()?.id;

  async function withdraw(version: VersionInfo) {
    setBusy(true);
    setMessage(undefined);
    try {
      await api.withdraw(params.courseId, version.version);
      setWithdrawing(undefined);
      void history.reload();
    } catch (error) {
      setMessage(error instanceof NetworkError ? t("error.network") : error instanceof ApiError && error.status < 500 ? error.message : t("error.serverBusy"));
    } finally {
      setBusy(false);
    }
  }

  async function download(version: number) {
    try {
      downloadJson(await api.bundle(params.courseId, version), `${params.courseId}-v${version}.kns.json`);
    } catch (error) {
      setMessage(error instanceof NetworkError ? t("error.network") : t("error.serverBusy"));
    }
  }

  return (
    <div class="t-page">
      <A href={`/trainer/courses/${params.courseId}`} class="t-back">
        ← {t("history.back")}
      </A>
      <h1>{t("history.title", { name: history.data()?.title ?? params.courseId })}</h1>
      <p class="lead">{t("history.intro")}</p>
      <Show when={current()}>
        <p>
          <A class="button button--secondary t-action" href={`/trainer/courses/${params.courseId}/analytics`}>
            {t("analytics.link")}
          </A>
        </p>
      </Show>
      <Alert message={message()} />
      <Switch>
        <Match when={history.error()}>
          <p class="alert" role="alert">
            {loadProblem(history.error())}
          </p>
        </Match>
        <Match when={history.loading() && !history.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Match>
        <Match when={history.data()?.versions.length === 0}>
          <p class="empty">{t("history.empty")}</p>
        </Match>
        <Match when={history.data()}>
          {(loaded) => (
            <ol class="t-versions">
              <For each={loaded().versions}>
                {(version) => (
                  <li class="t-card t-version" classList={{ "t-version--withdrawn": version.withdrawn }}>
                    <div class="t-version__head">
                      <h2 class="t-version__title">{t("history.version", { n: version.version })}</h2>
                      <Show when={version.version === current()}>
                        <span class="t-status t-status--live">{t("history.current")}</span>
                      </Show>
                      <Show when={version.withdrawn}>
                        <span class="t-status t-status--withdrawn">{t("history.withdrawn")}</span>
                      </Show>
                      <Show when={version.requiresRecertification}>
                        <span class="t-status">{t("history.recertify")}</span>
                      </Show>
                    </div>
                    <p class="t-version__summary">{version.changeSummary}</p>
                    <p class="muted">
                      {t("history.published", { date: dateTime(version.publishedAt, language()) })}
                      <Show when={mine(version)}> · {t("history.byYou")}</Show>
                      <Show when={lineStart(loaded().versions, version)}>{(first) => ` · ${t("history.sameCertificate", { n: first() })}`}</Show>
                    </p>
                    <div class="t-row">
                      <Button variant="secondary" class="t-action" onClick={() => download(version.version)}>
                        {t("editor.download")}
                      </Button>
                      <Show when={!version.withdrawn}>
                        <Button variant="secondary" class="t-action t-action--danger" onClick={() => setWithdrawing(version)}>
                          {t("history.withdraw")}
                        </Button>
                      </Show>
                    </div>
                  </li>
                )}
              </For>
            </ol>
          )}
        </Match>
      </Switch>
      <Dialog open={Boolean(withdrawing())} title={t("history.withdrawTitle", { n: withdrawing()?.version ?? "" })} onClose={() => setWithdrawing(undefined)}>
        <p>{t("history.withdrawText")}</p>
        <div class="t-dialog__actions">
          <Button variant="secondary" onClick={() => setWithdrawing(undefined)}>
            {t("action.cancel")}
          </Button>
          <Button busy={busy()} busyLabel={t("history.withdrawing")} onClick={() => withdraw(withdrawing()!)}>
            {t("history.withdrawConfirm")}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

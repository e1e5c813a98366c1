import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { Button } from "../../components/button";
import { ConfirmStep } from "../../components/confirm-step";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { megabytes, shortDate } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { downloadedSize, listDownloads, removeDownload } from "../../features/offline/downloads";
import { saveSettings, settings } from "../../features/offline/preferences";

/** What is stored on this phone for offline learning, how much room it takes, and the data-saver switch. */
export default function DownloadsPage() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  usePageTitle(() => t("downloads.title"));
  const userId = () => session.user()?.id;
  const [revision, setRevision] = createSignal(0);
  const downloads = createLoader(userId, (id) => listDownloads(id), { refresh: revision });
  const [space, setSpace] = createSignal<{ usage: number; quota: number }>();
  const [removing, setRemoving] = createSignal<string>();
  /** The course whose removal is being asked about. */
  const [confirming, setConfirming] = createSignal<string>();

  async function estimate() {
    const result = await navigator.storage?.estimate?.().catch(() => undefined);
    if (result?.usage !== undefined && result.quota !== undefined) setSpace({ usage: result.usage, quota: result.quota });
  }
  onMount(() => void estimate());

  async function remove(courseId: string) {
    const id = userId();
    if (!id) return;
    setRemoving(courseId);
    try {
      await removeDownload(id, courseId);
    } finally {
      setRemoving(undefined);
      setRevision((n) => n + 1);
      void estimate();
    }
  }

  return (
    <LearnerPage>
      <div class="page">
        <h1>{t("downloads.title")}</h1>
        <Show when={userId()}>
          {(id) => (
            <label class="checkbox setting">
              <input
                type="checkbox"
                checked={settings(id()).dataSaver}
                onChange={(event) => saveSettings(id(), { ...settings(id()), dataSaver: event.currentTarget.checked })}
              />
              <span>
                <strong>{t("downloads.dataSaver")}</strong>
                <br />
                <span class="muted">{t("downloads.dataSaverHint")}</span>
              </span>
            </label>
          )}
        </Show>
        <Show when={space()}>
          {(current) => (
            <p class="muted">
              {t("downloads.space", {
                used: megabytes(current().usage, language()),
                free: megabytes(Math.max(0, current().quota - current().usage), language()),
              })}
            </p>
          )}
        </Show>
        <h2>{t("downloads.listTitle")}</h2>
        <Show when={downloads.data()}>
          <Show when={downloads.data()!.length} fallback={<p class="empty">{t("downloads.empty")}</p>}>
            <ul class="download-list" role="list">
              <For each={downloads.data()}>
                {(record) => (
                  <li class="download-item">
                    <h3 class="download-item__title">
                      <A href={`/courses/${encodeURIComponent(record.courseId)}`}>{record.title}</A>
                    </h3>
                    <p class="muted">
                      {record.state === "complete"
                        ? t("downloads.complete", { size: megabytes(downloadedSize(record), language()), date: shortDate(record.updatedAt, language()) })
                        : t("downloads.partial", { percent: Math.round((record.bytesDone / Math.max(1, record.bytesTotal)) * 100) })}
                    </p>
                    <Show
                      when={confirming() === record.courseId}
                      fallback={
                        <Button variant="secondary" onClick={() => setConfirming(record.courseId)}>
                          {t("downloads.remove")}
                        </Button>
                      }
                    >
                      <ConfirmStep question={t("download.removeQuestion", { title: record.title })}>
                        <Button
                          busy={removing() === record.courseId}
                          busyLabel={t("download.removing")}
                          onClick={async () => {
                            await remove(record.courseId);
                            setConfirming(undefined);
                          }}
                        >
                          {t("download.removeConfirm")}
                        </Button>
                        <Button variant="secondary" onClick={() => setConfirming(undefined)}>
                          {t("action.cancel")}
                        </Button>
                      </ConfirmStep>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </div>
    </LearnerPage>
  );
}

import type { CourseDetail } from "@kns/core/model";
import { createSignal, onCleanup, Show } from "solid-js";
import { Button } from "../../components/button";
import { ConfirmStep } from "../../components/confirm-step";
import { useI18n, useMessages } from "../../i18n";
import { NetworkError } from "../../lib/api";
import { useSession } from "../../lib/session";
import {
  downloadCourse,
  downloadedSize,
  downloadOf,
  isOutdated,
  removeDownload,
  StorageFullError,
  StorageUnavailableError,
  videoBytes,
  type DownloadProgress,
} from "../offline/downloads";
import { settings } from "../offline/preferences";
import { megabytes } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "./messages";
import { ProgressBar } from "./parts";

/**
 * "Download to learn offline": says the size first, shows progress, resumes after an interruption (what
 * is stored is skipped), and removes the copy to free space. With data saver on, videos stay out unless
 * the learner ticks them in.
 */
export function DownloadPanel(props: { course: CourseDetail; onChange?: () => void }) {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  const userId = () => session.user()?.id;
  const [revision, setRevision] = createSignal(0);
  const record = createLoader(
    () => userId() && { userId: userId()!, courseId: props.course.id },
    ({ userId: id, courseId }) => downloadOf(id, courseId),
    { refresh: revision },
  );
  const [progress, setProgress] = createSignal<DownloadProgress>();
  const [error, setError] = createSignal<string>();
  const [withVideo, setWithVideo] = createSignal(false);
  const [removing, setRemoving] = createSignal(false);
  const [confirmingRemove, setConfirmingRemove] = createSignal(false);
  let controller: AbortController | undefined;
  onCleanup(() => controller?.abort());

  const video = () => videoBytes(props.course);
  const dataSaver = () => (userId() ? settings(userId()!).dataSaver : true);
  const includeVideo = () => !dataSaver() || withVideo();
  const size = () => props.course.sizeBytes - (includeVideo() ? 0 : video());
  const mb = (bytes: number) => megabytes(bytes, language());
  const state = () => {
    const current = record.data();
    if (progress()) return "downloading" as const;
    if (!current) return "none" as const;
    if (isOutdated(current, props.course)) return "outdated" as const;
    return current.state;
  };

  async function download() {
    const id = userId();
    if (!id) return;
    controller = new AbortController();
    setError(undefined);
    setProgress({ bytesDone: 0, bytesTotal: size() });
    try {
      await downloadCourse(id, session.api, props.course.id, { includeVideo: includeVideo(), onProgress: setProgress, signal: controller.signal });
    } catch (err) {
      if (!controller.signal.aborted) {
        if (err instanceof NetworkError) setError(t("download.interrupted"));
        else if (err instanceof StorageFullError) setError(t("download.full"));
        else if (err instanceof StorageUnavailableError) setError(t("download.unavailable"));
        else setError(t("download.failed"));
      }
    } finally {
      controller = undefined;
      setProgress(undefined);
      setRevision((n) => n + 1);
      props.onChange?.();
    }
  }

  async function remove() {
    const id = userId();
    if (!id) return;
    setRemoving(true);
    try {
      await removeDownload(id, props.course.id);
    } finally {
      setRemoving(false);
      setRevision((n) => n + 1);
      props.onChange?.();
    }
  }

  return (
    <section class="download" aria-labelledby="download-title">
      <h2 id="download-title" class="download__title">
        {t("offline.learn")}
      </h2>
      <Show when={state() === "complete"}>
        <p class="download__done">
          <span aria-hidden="true">✓ </span>
          {t("download.complete", { size: mb(record.data() ? downloadedSize(record.data()!) : size()) })}
        </p>
        <Show when={record.data()?.skippedBytes}>
          <p class="muted">{t("download.videoSkipped", { size: mb(record.data()!.skippedBytes) })}</p>
          <Button
            variant="secondary"
            onClick={() => {
              setWithVideo(true);
              void download();
            }}
          >
            {t("download.addVideo", { size: mb(record.data()!.skippedBytes) })}
          </Button>
        </Show>
      </Show>
      <Show when={state() === "outdated"}>
        <p class="notice notice--warning">{t("download.outdated")}</p>
      </Show>
      <Show when={state() === "partial"}>
        <p>{t("download.partial", { percent: Math.round(((record.data()?.bytesDone ?? 0) / Math.max(1, record.data()?.bytesTotal ?? 1)) * 100) })}</p>
      </Show>
      <Show when={state() === "none"}>
        <p class="muted">{t("download.intro")}</p>
      </Show>
      <Show when={progress()}>
        {(current) => (
          <ProgressBar
            labelledBy="download-title"
            percent={(current().bytesDone / Math.max(1, current().bytesTotal)) * 100}
            label={t("download.progress", {
              done: mb((size() * current().bytesDone) / Math.max(1, current().bytesTotal)),
              total: mb(size()),
            })}
          />
        )}
      </Show>
      <Show when={error()}>
        <p class="notice notice--error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={state() !== "complete" && state() !== "downloading" && dataSaver() && video() > 0}>
        <label class="checkbox">
          <input type="checkbox" checked={withVideo()} onChange={(event) => setWithVideo(event.currentTarget.checked)} />
          <span>{t("download.includeVideo", { size: mb(video()) })}</span>
        </label>
      </Show>
      <div class="button-row">
        <Show when={state() === "downloading"}>
          <Button variant="secondary" onClick={() => controller?.abort()}>
            {t("download.stop")}
          </Button>
        </Show>
        <Show when={state() === "none"}>
          <Button onClick={download}>{t("download.start", { size: mb(size()) })}</Button>
        </Show>
        <Show when={state() === "partial"}>
          <Button onClick={download}>{t("download.resume")}</Button>
        </Show>
        <Show when={state() === "outdated"}>
          <Button onClick={download}>{t("download.update", { size: mb(size()) })}</Button>
        </Show>
        <Show when={(state() === "complete" || state() === "partial" || state() === "outdated") && !confirmingRemove()}>
          <Button variant="secondary" busy={removing()} onClick={() => setConfirmingRemove(true)}>
            {t("download.remove")}
          </Button>
        </Show>
      </div>
      <Show when={confirmingRemove()}>
        <ConfirmStep question={t("download.removeQuestion", { title: props.course.title })}>
          <Button
            busy={removing()}
            busyLabel={t("download.removing")}
            onClick={async () => {
              await remove();
              setConfirmingRemove(false);
            }}
          >
            {t("download.removeConfirm")}
          </Button>
          <Button variant="secondary" onClick={() => setConfirmingRemove(false)}>
            {t("action.cancel")}
          </Button>
        </ConfirmStep>
      </Show>
    </section>
  );
}

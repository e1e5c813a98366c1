import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { TOPICS } from "@kns/core/model";
import { shortDate } from "../../lib/format";
import { LearnerPage, usePhonePercent, useWaitingCount } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { LoadError, OfflineNote, ProgressBar } from "../../features/learner/parts";
import { loadCatalogue } from "../../features/offline/library";

/** My progress: every course with how far the learner got, finished ones with their date. */
export default function ProgressPage() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  usePageTitle(() => t("progress.title"));
  const catalogue = createLoader(
    () => session.user()?.id,
    (id, early) => loadCatalogue(id, session.api, early),
  );
  const waiting = useWaitingCount();

  const rows = () => {
    const data = catalogue.data()?.data;
    if (!data) return [];
    const order = (topic: string) => TOPICS.indexOf(topic as (typeof TOPICS)[number]);
    return [...data.items]
      .sort((a, b) => order(a.topic) - order(b.topic))
      .map((course) => ({ course, progress: data.progress.find((p) => p.courseId === course.id) }));
  };
  const phonePercent = usePhonePercent();
  const percentOf = (row: ReturnType<typeof rows>[number]) => phonePercent(row.course.id, row.progress?.percent ?? 0);
  const isDone = (row: ReturnType<typeof rows>[number]) => Boolean(row.progress?.completed || row.course.completed || percentOf(row) === 100);
  const completed = () => rows().filter(isDone).length;

  return (
    <LearnerPage>
      <div class="page">
        <h1>{t("progress.title")}</h1>
        <Show when={catalogue.data()?.offline}>
          <OfflineNote savedAt={catalogue.data()?.savedAt} />
        </Show>
        <Show when={catalogue.error() && !catalogue.data()}>
          <LoadError error={catalogue.error()} onRetry={() => void catalogue.reload()} />
        </Show>
        <Show when={catalogue.loading() && !catalogue.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Show>
        <Show when={catalogue.data()}>
          <p class="lead">{t("progress.summary", { done: completed(), total: rows().length })}</p>
          <Show when={waiting() > 0}>
            <p class="notice notice--warning">
              {t("progress.waiting", { count: waiting() })} <A href="/outbox">{t("progress.toOutbox")}</A>
            </p>
          </Show>
          <ul class="progress-list" role="list">
            <For each={rows()}>
              {(row) => {
                const done = () => isDone(row);
                const percent = () => (done() ? 100 : percentOf(row));
                return (
                  <li class="progress-item">
                    <h2 class="progress-item__title">
                      <A href={`/courses/${encodeURIComponent(row.course.id)}`}>{row.course.title}</A>
                    </h2>
                    <ProgressBar percent={percent()} label={done() ? t("status.completed") : t("progress.percent", { percent: percent() })} />
                    <p class="muted">
                      {done()
                        ? t("status.completedOn", { date: shortDate(row.progress?.completedAt, language()) })
                        : row.progress
                          ? t("progress.lastActivity", { date: shortDate(row.progress.lastActivityAt, language()) })
                          : percent() > 0
                            ? t("progress.onPhone")
                            : t("status.notStarted")}
                    </p>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </div>
    </LearnerPage>
  );
}

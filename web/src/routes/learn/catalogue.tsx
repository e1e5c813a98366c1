import type { CourseCard } from "@kns/core/model";
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { TOPICS } from "@kns/core/model";
import { megabytes } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { OfflineNote, ProgressBar } from "../../features/learner/parts";
import { listDownloads, loadCatalogue } from "../../features/offline/library";

/** The course catalogue by topic, each card with the learner's progress and whether it is on the phone. */
export function Catalogue() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  const userId = () => session.user()?.id;
  const catalogue = createLoader(userId, (id, early) => loadCatalogue(id, session.api, early));
  const downloads = createLoader(userId, (id) => listDownloads(id));

  const progressOf = (courseId: string) => catalogue.data()?.data.progress.find((p) => p.courseId === courseId);
  const downloaded = (courseId: string) => downloads.data()?.some((d) => d.courseId === courseId && d.state === "complete");
  const groups = () => {
    const items = catalogue.data()?.data.items ?? [];
    return TOPICS.map((topic) => ({ topic, items: items.filter((c) => (TOPICS.includes(c.topic) ? c.topic : "other") === topic) })).filter(
      (g) => g.items.length,
    );
  };

  function Card(props: { course: CourseCard }) {
    const progress = () => progressOf(props.course.id);
    const percent = () => progress()?.percent ?? 0;
    const done = () => props.course.completed || progress()?.completed;
    return (
      <li class="course-card">
        <Show when={props.course.cover}>
          {(cover) => (
            <img
              class="course-card__cover"
              src={cover().url}
              alt=""
              width={cover().width ?? 320}
              height={cover().height ?? 180}
              loading="lazy"
              decoding="async"
            />
          )}
        </Show>
        <div class="course-card__body">
          <h4 class="course-card__title">
            <A href={`/courses/${encodeURIComponent(props.course.id)}`} class="course-card__link">
              {props.course.title}
            </A>
          </h4>
          <p class="course-card__summary">{props.course.summary}</p>
          <p class="course-card__meta">
            {t("course.meta", {
              modules: props.course.moduleCount,
              minutes: props.course.estimatedMinutes,
              size: megabytes(props.course.sizeBytes, language()),
            })}
          </p>
          <ProgressBar percent={done() ? 100 : percent()} label={done() ? t("status.completed") : t("progress.percent", { percent: percent() })} />
          <Show when={downloaded(props.course.id)}>
            <p class="tag tag--offline">{t("download.onPhone")}</p>
          </Show>
        </div>
      </li>
    );
  }

  return (
    <section class="catalogue" aria-labelledby="catalogue-title" aria-busy={catalogue.loading()}>
      <h2 id="catalogue-title">{t("catalogue.title")}</h2>
      <Show when={catalogue.data()?.offline}>
        <OfflineNote savedAt={catalogue.data()?.savedAt} />
      </Show>
      <Show when={catalogue.error() && !catalogue.data()}>
        <div class="notice notice--error" role="alert">
          <p>{t("catalogue.loadFailed")}</p>
          <Button variant="secondary" onClick={() => void catalogue.reload()}>
            {t("action.retry")}
          </Button>
        </div>
      </Show>
      <Show when={catalogue.loading() && !catalogue.data()}>
        <p class="loading">{t("app.loading")}</p>
      </Show>
      <Show when={catalogue.data() && !groups().length}>
        <p class="empty">{t("catalogue.empty")}</p>
      </Show>
      <For each={groups()}>
        {(group) => (
          <section class="topic" aria-labelledby={`topic-${group.topic}`}>
            <h3 id={`topic-${group.topic}`} class="topic__title">
              {t(`topic.${group.topic}`)}
            </h3>
            <ul class="course-list" role="list">
              <For each={group.items}>{(course) => <Card course={course} />}</For>
            </ul>
          </section>
        )}
      </For>
    </section>
  );
}

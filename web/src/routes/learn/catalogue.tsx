import type { CourseCard } from "@kns/core/model";
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { TOPICS, type Topic } from "@kns/core/model";
import { megabytes } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { usePhonePercent } from "../../features/learner/learner-page";
import { OfflineNote, ProgressBar } from "../../features/learner/parts";
import { listDownloads } from "../../features/offline/downloads";
import { loadCatalogue } from "../../features/offline/library";
import { SearchBox } from "../../features/search/search-box";

/** Compares two titles as a reader would: case, spacing and composed or decomposed accents aside. */
const same = (a: string, b: string) => a.normalize("NFC").trim().toLocaleLowerCase("vi") === b.normalize("NFC").trim().toLocaleLowerCase("vi");

/** The course catalogue by topic, each card with the learner's progress and whether it is on the phone. */
export function Catalogue() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  const userId = () => session.user()?.id;
  const catalogue = createLoader(userId, (id, early) => loadCatalogue(id, session.api, early));
  const downloads = createLoader(userId, (id) => listDownloads(id));
  const phonePercent = usePhonePercent();

  const progressOf = (courseId: string) => catalogue.data()?.data.progress.find((p) => p.courseId === courseId);
  const downloaded = (courseId: string) => downloads.data()?.some((d) => d.courseId === courseId && d.state === "complete");
  const groups = () => {
    const items = catalogue.data()?.data.items ?? [];
    return TOPICS.map((topic) => ({ topic, items: items.filter((c) => (TOPICS.includes(c.topic) ? c.topic : "other") === topic) })).filter(
      (g) => g.items.length,
    );
  };

  /**
   * One course, compact: its title once (a cover picture repeats it in large letters and took half the screen,
   * so the list leaves covers out), two lines of summary, the facts and how far the learner got. `heading` is its title's level: 3 when it stands for its
   * topic (a topic whose one course has the topic's name, which would otherwise read twice).
   */
  function Card(props: { course: CourseCard; heading: 3 | 4; id?: string }) {
    const progress = () => progressOf(props.course.id);
    const percent = () => phonePercent(props.course.id, progress()?.percent ?? 0);
    const done = () => props.course.completed || progress()?.completed || percent() === 100;
    const link = () => (
      <A href={`/courses/${encodeURIComponent(props.course.id)}`} class="course-card__link">
        {props.course.title}
      </A>
    );
    return (
      <li class="course-card">
        <Show
          when={props.heading === 3}
          fallback={
            <h4 class="course-card__title" id={props.id}>
              {link()}
            </h4>
          }
        >
          <h3 class="course-card__title" id={props.id}>
            {link()}
          </h3>
        </Show>
        <p class="course-card__summary">{props.course.summary}</p>
        <p class="course-card__meta">
          {t("course.meta", {
            modules: props.course.moduleCount,
            minutes: props.course.estimatedMinutes,
            size: megabytes(props.course.sizeBytes, language()),
          })}
          <Show when={downloaded(props.course.id)}>
            {" · "}
            <span class="course-card__offline">{t("download.onPhone")}</span>
          </Show>
        </p>
        <ProgressBar percent={done() ? 100 : percent()} label={done() ? t("status.completed") : t("progress.percent", { percent: percent() })} />
      </li>
    );
  }

  /** A topic with one course of the same name: the course's title is the topic's heading. */
  const merged = (group: { topic: Topic; items: CourseCard[] }) =>
    group.items.length === 1 && same(group.items[0]!.title, t(`topic.${group.topic}`)) ? group.items[0] : undefined;

  return (
    <section class="catalogue" aria-labelledby="catalogue-title" aria-busy={catalogue.loading()}>
      <h2 id="catalogue-title">{t("catalogue.title")}</h2>
      <SearchBox downloaded={downloaded} />
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
            <Show
              when={merged(group)}
              fallback={
                <>
                  <h3 id={`topic-${group.topic}`} class="topic__title">
                    {t(`topic.${group.topic}`)}
                  </h3>
                  <ul class="course-list" role="list">
                    <For each={group.items}>{(course) => <Card course={course} heading={4} />}</For>
                  </ul>
                </>
              }
            >
              {(course) => (
                <ul class="course-list" role="list">
                  <Card course={course()} heading={3} id={`topic-${group.topic}`} />
                </ul>
              )}
            </Show>
          </section>
        )}
      </For>
    </section>
  );
}

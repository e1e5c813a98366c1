import type { CourseDetail } from "@kns/core/model";
import { A, useParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { readStorage, writeStorage } from "../../lib/storage";
import { learnerHome } from "../../lib/roles";
import { useSession } from "../../lib/session";
import { courseProgress, stepHref, steps, type CourseProgress } from "../../features/learner/course-progress";
import { DownloadPanel } from "../../features/learner/download-panel";
import { megabytes, shortDate } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { LoadError, OfflineNote, ProgressBar } from "../../features/learner/parts";
import { freshCourse } from "../../features/offline/library";
import { lastLesson } from "../../features/offline/preferences";
import { outbox, outboxRevision } from "../../features/offline/sync";

/** A newer version of the course exists: say what changed, once, until the learner has read it. */
function NewVersionNotice(props: { course: CourseDetail; userId: string }) {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const key = () => `kns.seenVersion.${props.userId}.${props.course.id}`;
  const newest = () => props.course.newerVersions.reduce((max, v) => Math.max(max, v.version), 0);
  const [seen, setSeen] = createSignal(Number(readStorage(key()) ?? 0));
  const [switching, setSwitching] = createSignal(false);
  const [switchFailed, setSwitchFailed] = createSignal(false);
  const { api } = useSession();
  return (
    <Show when={props.course.newerVersions.length}>
      <section class="notice notice--info new-version" aria-labelledby="new-version-title">
        <h2 id="new-version-title" class="notice__title">
          {t("version.title", { version: newest() })}
        </h2>
        <p>{t("version.yours", { version: props.course.version })}</p>
        <Show when={seen() < newest()}>
          <ul class="new-version__list">
            <For each={props.course.newerVersions}>
              {(version) => (
                <li>
                  <strong>{t("version.item", { version: version.version, date: shortDate(version.publishedAt, language()) })}</strong> {version.changeSummary}
                  <Show when={version.requiresRecertification}>
                    <span class="muted"> {t("version.recertify")}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <p class="muted">{t("version.howToGet")}</p>
          <p class="muted">{props.course.newerVersions.some((v) => v.requiresRecertification) ? t("version.switchRecertifyHint") : t("version.switchHint")}</p>
          <button
            type="button"
            class="button"
            disabled={switching()}
            onClick={async () => {
              setSwitching(true);
              setSwitchFailed(false);
              try {
                await api.request(`/courses/${encodeURIComponent(props.course.id)}/switch`, { method: "POST", body: { version: newest() } });
                writeStorage(key(), String(newest()));
                location.reload();
              } catch {
                setSwitchFailed(true);
                setSwitching(false);
              }
            }}
          >
            {switching() ? t("version.switching") : t("version.switch", { version: newest() })}
          </button>
          <Show when={switchFailed()}>
            <p role="alert">{t("version.switchFailed")}</p>
          </Show>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              writeStorage(key(), String(newest()));
              setSeen(newest());
            }}
          >
            {t("version.dismiss")}
          </button>
        </Show>
      </section>
    </Show>
  );
}

function ModuleList(props: { course: CourseDetail; progress: CourseProgress }) {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const base = () => `/courses/${encodeURIComponent(props.course.id)}`;
  return (
    <ol class="modules" role="list">
      <For each={props.course.modules}>
        {(module, index) => {
          const done = () => module.lessons.filter((l) => props.progress.lessonDone(l.id)).length;
          return (
            <li class="module">
              <h2 class="module__title">{t("module.title", { n: index() + 1, title: module.title })}</h2>
              <p class="module__meta">
                {t("module.meta", {
                  minutes: module.estimatedMinutes,
                  size: megabytes(module.sizeBytes, language()),
                  done: done(),
                  total: module.lessons.length,
                })}
              </p>
              <ul class="steps" role="list">
                <For each={module.lessons}>
                  {(lesson) => (
                    <li>
                      <A
                        class="step"
                        classList={{ "step--done": props.progress.lessonDone(lesson.id) }}
                        href={`${base()}/lessons/${encodeURIComponent(lesson.id)}`}
                      >
                        <span class="step__tick" aria-hidden="true">
                          {props.progress.lessonDone(lesson.id) ? "✓" : ""}
                        </span>
                        <span class="step__text">
                          <span class="step__title">{lesson.title}</span>
                          <span class="step__meta">
                            {t(`kind.${lesson.kind}`)} · {megabytes(lesson.sizeBytes, language())}
                            <span class="visually-hidden">
                              {" · "}
                              {props.progress.lessonDone(lesson.id) ? t("lesson.doneShort") : t("lesson.todoShort")}
                            </span>
                          </span>
                        </span>
                      </A>
                    </li>
                  )}
                </For>
                <li>
                  <A
                    class="step step--quiz"
                    classList={{ "step--done": props.progress.quizPassed(module.quizId) }}
                    href={`${base()}/quizzes/${encodeURIComponent(module.quizId)}`}
                  >
                    <span class="step__tick" aria-hidden="true">
                      {props.progress.quizPassed(module.quizId) ? "✓" : "?"}
                    </span>
                    <span class="step__text">
                      <span class="step__title">{t("quiz.stepTitle", { count: module.questionCount })}</span>
                      <span class="step__meta">
                        {props.progress.quizPassed(module.quizId)
                          ? t("quiz.passedBest", { percent: props.progress.bestPercent(module.quizId) ?? 100 })
                          : props.progress.quizWaiting(module.quizId)
                            ? t("quiz.waiting")
                            : props.progress.bestPercent(module.quizId) !== undefined
                              ? t("quiz.notPassedBest", { percent: props.progress.bestPercent(module.quizId)! })
                              : t("quiz.notTaken")}
                      </span>
                    </span>
                  </A>
                </li>
              </ul>
            </li>
          );
        }}
      </For>
    </ol>
  );
}

/** A course: progress, where to continue, download for offline, modules with their lessons and quiz. */
export default function CoursePage() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const params = useParams<{ courseId: string }>();
  const session = useSession();
  const userId = () => session.user()?.id;
  const course = createLoader(
    () => userId() && { userId: userId()!, courseId: params.courseId },
    ({ userId: id, courseId }, early) => freshCourse(id, session.api, courseId, early),
  );
  const items = createLoader(userId, (id) => outbox.list(id), { refresh: outboxRevision });
  usePageTitle(() => course.data()?.data.title ?? t("course.pageTitle"));

  const progress = createMemo(() => {
    const loaded = course.data()?.data;
    return loaded ? courseProgress(loaded, items.data() ?? []) : undefined;
  });

  /** Where "continue" goes: the lesson last opened, else the first step not yet done. */
  const next = () => {
    const loaded = course.data()?.data;
    const current = progress();
    if (!loaded || !current) return undefined;
    const all = steps(loaded);
    const last = userId() ? lastLesson(userId()!, loaded.id) : undefined;
    const resume = all.find((s) => s.kind === "lesson" && s.lessonId === last);
    const todo = all.find((s) => (s.kind === "lesson" ? !current.lessonDone(s.lessonId) : !current.quizPassed(s.quizId)));
    const step = resume && !(resume.kind === "lesson" && current.lessonDone(resume.lessonId)) ? resume : (todo ?? resume ?? all[0]);
    return step && { step, started: current.percent > 0 || Boolean(last) };
  };

  return (
    <LearnerPage>
      <div class="page course-page">
        <p class="back">
          <A href={learnerHome(session.user())}>{t("course.back")}</A>
        </p>
        <Show when={course.error() && !course.data()}>
          <LoadError error={course.error()} onRetry={() => void course.reload()} notFound={t("course.notFound")} />
        </Show>
        <Show when={course.loading() && !course.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Show>
        <Show when={course.data()}>
          {(loaded) => (
            <>
              <Show when={loaded().offline}>
                <OfflineNote savedAt={loaded().savedAt} />
              </Show>
              <header class="course-head">
                <h1>{loaded().data.title}</h1>
                <p class="lead">{loaded().data.summary}</p>
                <p class="muted">
                  {t("course.metaLong", {
                    modules: loaded().data.modules.length,
                    minutes: loaded().data.estimatedMinutes,
                    size: megabytes(loaded().data.sizeBytes, language()),
                    version: loaded().data.version,
                  })}
                </p>
                <Show when={progress()}>
                  {(current) => (
                    <ProgressBar
                      percent={current().complete ? 100 : current().percent}
                      label={current().complete ? t("status.completed") : t("progress.percent", { percent: current().percent })}
                    />
                  )}
                </Show>
              </header>
              <Show when={progress()?.complete}>
                <div class="notice notice--success" role="status">
                  <p>{t("course.completed")}</p>
                  <A href="/certificates" class="button button--secondary">
                    {t("course.seeCertificate")}
                  </A>
                </div>
              </Show>
              <Show when={next()}>
                {(target) => (
                  <A href={stepHref(loaded().data.id, target().step)} class="button button--primary continue">
                    {!target().started
                      ? t("course.start")
                      : target().step.kind === "quiz"
                        ? t("course.continueQuiz", { title: target().step.title })
                        : t("course.continue", { title: target().step.title })}
                  </A>
                )}
              </Show>
              <Show when={userId()}>{(id) => <NewVersionNotice course={loaded().data} userId={id()} />}</Show>
              <DownloadPanel course={loaded().data} />
              <Show when={progress()}>{(current) => <ModuleList course={loaded().data} progress={current()} />}</Show>
            </>
          )}
        </Show>
      </div>
    </LearnerPage>
  );
}

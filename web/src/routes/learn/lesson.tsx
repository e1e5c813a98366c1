import { LESSON_KIND_SPECS } from "@kns/core/model";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, on, onCleanup, Show, untrack } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { courseProgress, stepHref, steps } from "../../features/learner/course-progress";
import { megabytes } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-frame";
import { createLoader } from "../../lib/load";
import { learnerFrameMessages } from "../../features/learner/frame-messages";
import { LoadError, OfflineNote } from "../../features/learner/parts";
import { ReadAloud } from "../../features/learner/read-aloud";
import { recentCourse } from "../../features/offline/library";
import { rememberLesson, settings } from "../../features/offline/preferences";
import { dropStoredLesson, keepShownLesson } from "../../features/offline/stored-lesson";
import { lessonMedia, prefetchWhenIdle } from "../../features/offline/prefetch";
import { listOutbox, outboxCode, outboxRevision, syncNow } from "../../features/offline/outbox-later";
import { LessonView, lessonText } from "../../features/player/lesson-view";
import type { ScenarioPlay } from "../../features/simulator/scenario-player";

/**
 * One lesson: the player, read aloud, "Hoàn thành", and the way to the previous and next step. A lesson that is
 * completed by playing it (a scenario of the scam simulator) has no "Hoàn thành": each play goes to the outbox,
 * and one that ends safe completes it.
 */
export default function LessonPage() {
  const t = useMessages(learnerFrameMessages);
  const { language } = useI18n();
  const params = useParams<{ courseId: string; lessonId: string }>();
  const navigate = useNavigate();
  const session = useSession();
  const userId = () => session.user()?.id;
  const course = createLoader(
    () => userId() && { userId: userId()!, courseId: params.courseId },
    ({ userId: id, courseId }, early) => recentCourse(id, session.api, courseId, early),
  );
  const items = createLoader(userId, listOutbox, { refresh: outboxRevision });

  const place = createMemo(() => {
    const loaded = course.data()?.data;
    if (!loaded) return undefined;
    const all = steps(loaded);
    const index = all.findIndex((s) => s.kind === "lesson" && s.lessonId === params.lessonId);
    if (index < 0) return undefined;
    const moduleIndex = all[index]!.moduleIndex;
    const module = loaded.modules[moduleIndex]!;
    const lesson = module.lessons.find((l) => l.id === params.lessonId)!;
    return {
      course: loaded,
      module,
      moduleIndex,
      lesson,
      position: module.lessons.indexOf(lesson) + 1,
      previous: all[index - 1],
      next: all[index + 1],
    };
  });
  const done = () => {
    const current = place();
    return current ? courseProgress(current.course, items.data() ?? []).lessonDone(current.lesson.id) : false;
  };
  usePageTitle(() => place()?.lesson.title ?? t("lesson.pageTitle"));
  // The copy the boot script showed from the phone (features/offline/stored-lesson.ts) gives way to this screen
  // once it shows the lesson, or why it cannot.
  createEffect(() => {
    if (course.data() || course.error()) dropStoredLesson();
  });
  // (Leaving the lesson changes the address, and the layout removes it then.) The page on screen is kept for that
  // copy, the next time the app opens on it: after it is painted (a copy of the page is work the first frame should
  // not wait for), and again when what it shows changes (the outbox read, and with it the lesson done; the language).
  createEffect(() => {
    const current = place();
    const id = userId();
    items.data();
    language();
    if (!current || !id) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => keepShownLesson(id, current.course.id, current.lesson.id));
    });
    onCleanup(() => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    });
  });

  /**
   * Whether the lesson was already done when it opened. The button's label follows this, not `done()`: reading
   * to the end completes a lesson by itself after a few seconds, and "Hoàn thành" turning into "Bài tiếp theo"
   * under a finger on its way to it made people tap the wrong thing. Both go to the next step anyway.
   */
  const [doneOnArrival, setDoneOnArrival] = createSignal<boolean>();
  /** The lesson on screen, once the outbox has been read: changes only when another lesson opens. */
  const arrived = createMemo(() => (items.data() !== undefined ? place()?.lesson.id : undefined));
  createEffect(on(arrived, (lessonId) => setDoneOnArrival(lessonId ? untrack(done) : undefined)));

  let heading: HTMLHeadingElement | undefined;
  createEffect(
    on(
      () => place()?.lesson.id,
      (lessonId) => {
        const id = userId();
        if (!lessonId || !id) return;
        rememberLesson(id, params.courseId, lessonId);
        // A new lesson is a new page for a screen reader: start reading at its title. After the frame is painted:
        // focusing forces a layout, which in the middle of rendering made the lesson show ~50 ms later on a slow phone.
        requestAnimationFrame(() => setTimeout(() => heading?.focus({ preventScroll: true })));
      },
    ),
  );

  /**
   * The next step, fetched ahead while this lesson is read: a lesson's media, a quiz's screen code. Once per
   * lesson on screen, and only from the network's course (a stored copy may be about to change).
   */
  createEffect(
    on(
      () => (course.data()?.refreshing ? undefined : place()),
      (current) => {
        const next = current?.next;
        const id = userId();
        if (!current || !next || !id) return;
        // The quiz screen's chunk, the same one its route loads lazily (routes.ts).
        if (next.kind === "quiz") return void import("./quiz").catch(() => undefined);
        const lesson = current.course.modules[next.moduleIndex]?.lessons.find((l) => l.id === next.lessonId);
        if (lesson) onCleanup(prefetchWhenIdle(lessonMedia(lesson, settings(id))));
      },
    ),
  );

  /** Whether the lesson on screen is completed by a graded play rather than by reading it. */
  const byPlaying = () => {
    const current = place();
    return current ? LESSON_KIND_SPECS[current.lesson.kind].completes === "played" : false;
  };

  async function complete() {
    const current = place();
    const id = userId();
    if (!current || !id || done() || byPlaying()) return;
    const { outbox } = await outboxCode();
    await outbox.completeLesson({
      userId: id,
      courseId: current.course.id,
      courseTitle: current.course.title,
      lessonId: current.lesson.id,
      title: current.lesson.title,
    });
    void syncNow(session);
  }

  /** Every play is kept and sent (the server grades it again); a safe one ticks the lesson at once, offline too. */
  async function recordPlay(play: ScenarioPlay) {
    const current = place();
    const id = userId();
    const ending = current?.lesson.scenario?.endings.find((e) => e.id === play.outcome.endingId);
    if (!current || !id || !ending) return;
    const { outbox } = await outboxCode();
    await outbox.recordPlay({
      userId: id,
      courseId: current.course.id,
      courseTitle: current.course.title,
      lessonId: current.lesson.id,
      title: current.lesson.title,
      play: { id: play.id, path: play.path, version: current.course.version },
      ending: { id: ending.id, outcome: ending.outcome, title: ending.title },
    });
    void syncNow(session);
  }

  const nextHref = () => {
    const current = place();
    if (!current) return `/courses/${encodeURIComponent(params.courseId)}`;
    return current.next ? stepHref(current.course.id, current.next) : `/courses/${encodeURIComponent(current.course.id)}`;
  };

  async function completeAndContinue() {
    await complete();
    const current = place();
    navigate(current?.next ? stepHref(current.course.id, current.next) : `/courses/${encodeURIComponent(params.courseId)}`);
  }

  const nextLabel = () => {
    const next = place()?.next;
    if (!next) return t("lesson.backToCourse");
    return next.kind === "quiz" ? t("lesson.toQuiz") : t("lesson.next");
  };

  return (
    <LearnerPage>
      <div class="page lesson-page">
        <p class="back">
          <A href={`/courses/${encodeURIComponent(params.courseId)}`}>{place() ? t("lesson.backTo", { title: place()!.course.title }) : t("course.back")}</A>
        </p>
        <Show when={course.error() && !course.data()}>
          <LoadError error={course.error()} onRetry={() => void course.reload()} notFound={t("course.notFound")} />
        </Show>
        <Show when={course.loading() && !course.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Show>
        <Show when={course.data() && !place()}>
          <LoadError error={undefined} notFound={t("lesson.notFound")} />
        </Show>
        <Show when={place()}>
          {(current) => (
            <article aria-labelledby="lesson-title">
              <Show when={course.data()?.offline}>
                <OfflineNote savedAt={course.data()?.savedAt} />
              </Show>
              <p class="eyebrow">
                {t("lesson.position", { module: current().moduleIndex + 1, n: current().position, total: current().module.lessons.length })}
              </p>
              <h1 id="lesson-title" ref={heading} tabindex="-1">
                {current().lesson.title}
              </h1>
              <p class="lesson-meta muted">
                {t(`kind.${current().lesson.kind}`)} · {megabytes(current().lesson.sizeBytes, language())}
                <Show when={done()}>
                  {" · "}
                  <span class="done-text">{t("lesson.done")}</span>
                </Show>
              </p>
              {/* A scenario reads aloud its own step (features/simulator). */}
              <Show when={!byPlaying()}>
                <ReadAloud text={() => lessonText(current().lesson)} />
              </Show>
              {/* A scenario's ending offers "Chơi lại" only: the way on is this page's, just below. */}
              <LessonView lesson={current().lesson} onReachedEnd={() => void complete()} onPlayed={(play) => void recordPlay(play)} />
              <nav class="lesson-nav" aria-label={t("lesson.navLabel")}>
                <Show when={doneOnArrival() || byPlaying()} fallback={<Button onClick={() => void completeAndContinue()}>{t("lesson.complete")}</Button>}>
                  <A class="button" classList={{ "button--primary": done(), "button--secondary": !done() }} href={nextHref()}>
                    {nextLabel()}
                  </A>
                </Show>
                <Show when={current().previous}>
                  {(previous) => (
                    <A class="button button--secondary" href={stepHref(current().course.id, previous())}>
                      {t("lesson.previous")}
                    </A>
                  )}
                </Show>
              </nav>
            </article>
          )}
        </Show>
      </div>
    </LearnerPage>
  );
}

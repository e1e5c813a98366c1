import type { AttemptResult, LearnerQuiz as Quiz } from "@kns/core/model";
import { ANSWER_SECONDS_MAX, QUESTION_KINDS } from "@kns/core/model";
import { A, useBeforeLeave, useLocation, useParams, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { Button } from "../../components/button";
import { useMessages, usePageTitle } from "../../i18n";
import { useOnline } from "../../lib/online";
import { useSession } from "../../lib/session";
import { courseProgress, stepHref, steps } from "../../features/learner/course-progress";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { refusalMessage, SendNow, StateTag } from "../../features/learner/outbox-parts";
import { LoadError, OfflineNote, ProgressBar } from "../../features/learner/parts";
import { loadQuiz, recentCourse } from "../../features/offline/library";
import type { AttemptItem } from "../../features/offline/outbox";
import { loadDraft, saveDraft, type QuizDraft } from "../../features/offline/preferences";
import { outbox, outboxRevision, syncNow } from "../../features/offline/sync";
import { QuestionView } from "../../features/player/question-view";

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * The questions of one attempt, as the quiz asks: for a quiz with a pool, one of the question sets the server
 * drew for this learner (a different one from the last attempt when there are several; they come with the
 * downloaded quiz, so this works offline), in random order when it shuffles; options shuffled too, except
 * true/false (kept in reading order) and spot-the-scam (the regions are on the picture).
 */
export function newDraft(quiz: Quiz, previous?: Pick<QuizDraft, "drawToken">): QuizDraft {
  let ids = quiz.questions.map((q) => q.id);
  let drawToken: string | undefined;
  if (quiz.draws?.length) {
    const others = quiz.draws.filter((draw) => draw.token !== previous?.drawToken);
    const choices = others.length ? others : quiz.draws;
    const draw = choices[crypto.getRandomValues(new Uint32Array(1))[0]! % choices.length]!;
    drawToken = draw.token;
    const drawn = new Set(draw.questionIds);
    ids = ids.filter((id) => drawn.has(id));
  }
  if (quiz.shuffleQuestions) ids = shuffled(ids);
  const optionOrder: Record<string, string[]> = {};
  for (const question of quiz.questions) {
    const own = question.options.map((o) => o.id);
    optionOrder[question.id] = quiz.shuffleOptions && QUESTION_KINDS[question.kind].shuffles ? shuffled(own) : own;
  }
  return { questionIds: ids, ...(drawToken ? { drawToken } : {}), optionOrder, answers: {}, index: -1, startedAt: new Date().toISOString() };
}

/**
 * Whether a saved attempt (a reload, a power cut) still fits the quiz. Its question set stays valid even when
 * the quiz came back with other draws: each draw is signed for this learner, and the server checks it.
 */
function draftFits(draft: QuizDraft | undefined, quiz: Quiz): draft is QuizDraft {
  if (!draft) return false;
  const known = new Set(quiz.questions.map((q) => q.id));
  if (!draft.questionIds.every((id) => known.has(id))) return false;
  if (quiz.draws?.length) return Boolean(draft.drawToken) && draft.questionIds.length === quiz.draws[0]!.questionIds.length;
  return draft.questionIds.length === quiz.questions.length;
}

/** One quiz: an intro, one question per screen, submit through the outbox, then the graded result. */
export default function QuizPage() {
  const t = useMessages(learnerMessages);
  const params = useParams<{ courseId: string; quizId: string }>();
  const [search, setSearch] = useSearchParams<{ attempt?: string }>();
  const session = useSession();
  const userId = () => session.user()?.id;

  const course = createLoader(
    () => userId() && { userId: userId()!, courseId: params.courseId },
    ({ userId: id, courseId }, early) => recentCourse(id, session.api, courseId, early),
  );
  const quiz = createLoader(
    () => userId() && { userId: userId()!, quizId: params.quizId },
    ({ userId: id, quizId }, early) => loadQuiz(id, session.api, quizId, early),
  );
  const items = createLoader(userId, (id) => outbox.list(id), { refresh: outboxRevision });
  const module = () => course.data()?.data.modules.find((m) => m.quizId === params.quizId);
  usePageTitle(() => (module() ? t("quiz.pageTitle", { title: module()!.title }) : t("quiz.pageTitleShort")));

  const [draft, setDraftSignal] = createSignal<QuizDraft>();
  const setDraft = (next: QuizDraft | undefined) => {
    setDraftSignal(next);
    const id = userId();
    if (id) saveDraft(id, params.quizId, next);
  };
  // A quiz in progress continues where it was (reload, power cut); otherwise a fresh draw.
  createEffect(() => {
    const loaded = quiz.data()?.data;
    const id = userId();
    if (!loaded || !id || draft() || search.attempt) return;
    const saved = loadDraft(id, loaded.id);
    setDraftSignal(draftFits(saved, loaded) ? saved : newDraft(loaded));
  });

  const questions = createMemo(() => {
    const loaded = quiz.data()?.data;
    const current = draft();
    if (!loaded || !current) return [];
    const byId = new Map(loaded.questions.map((q) => [q.id, q]));
    return current.questionIds.map((id) => byId.get(id)).filter((q): q is Quiz["questions"][number] => Boolean(q));
  });
  const attempt = () => (search.attempt ? items.data()?.find((item): item is AttemptItem => item.kind === "attempt" && item.id === search.attempt) : undefined);
  const progress = () => {
    const loaded = course.data()?.data;
    return loaded ? courseProgress(loaded, items.data() ?? []) : undefined;
  };
  const attemptsLeft = () => {
    const loaded = quiz.data()?.data;
    if (!loaded || loaded.attemptsAllowed === null) return null;
    const server = course.data()?.data.progress.quizzes[loaded.id]?.attempts ?? 0;
    const local = (items.data() ?? []).filter(
      (i) => i.kind === "attempt" && i.quizId === loaded.id && (i.state === "waiting" || (i.state === "graded" && i.result && i.result.attemptNumber > server)),
    ).length;
    return Math.max(0, loaded.attemptsAllowed - server - local);
  };

  let counter: HTMLParagraphElement | undefined;
  const goTo = (index: number) => {
    const current = draft();
    if (!current) return;
    setDraft({ ...current, index });
    setConfirming(false);
    queueMicrotask(() => counter?.focus({ preventScroll: false }));
  };
  // Time on each question, for the trainers' median (question analytics): a visit runs while the question is on
  // screen and the app in front; a question's time is its ended visits plus the open one, up to the last change
  // of answer. Kept in the draft, so a reload or power cut loses only the open visit.
  let visit: { id: string; at: number } | undefined;
  const spent = (current: QuizDraft, id: string) => (current.spentMs?.[id] ?? 0) + (visit?.id === id ? Date.now() - visit.at : 0);
  const closeVisit = () => {
    const current = draft();
    if (current && visit) setDraft({ ...current, spentMs: { ...current.spentMs, [visit.id]: spent(current, visit.id) } });
    visit = undefined;
  };
  const [hidden, setHidden] = createSignal(document.hidden);
  const onVisibility = () => setHidden(document.hidden);
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => {
    document.removeEventListener("visibilitychange", onVisibility);
    closeVisit();
  });
  createEffect(
    on(
      () => (hidden() ? undefined : questions()[draft()?.index ?? -1]?.id),
      (id) => {
        if (visit?.id === id) return;
        closeVisit();
        if (id) visit = { id, at: Date.now() };
      },
    ),
  );

  const answer = (questionId: string, optionIds: string[]) => {
    const current = draft();
    if (!current) return;
    const seconds = Math.min(ANSWER_SECONDS_MAX, Math.round(spent(current, questionId) / 1000));
    setDraft({ ...current, answers: { ...current.answers, [questionId]: optionIds }, seconds: { ...current.seconds, [questionId]: seconds } });
  };
  /** The numbers (from 1) of the questions still without an answer, as the learner counts them. */
  const unansweredNumbers = () => questions().flatMap((q, index) => (draft()?.answers[q.id]?.length ? [] : [index + 1]));
  const unanswered = () => unansweredNumbers().length;
  const [confirming, setConfirming] = createSignal(false);
  const [submitting, setSubmitting] = createSignal(false);
  /** The set the last attempt answered, so "try again" asks another one when the quiz has several. */
  let lastDraw: Pick<QuizDraft, "drawToken"> | undefined;

  async function submit() {
    const id = userId();
    const current = draft();
    const loaded = quiz.data()?.data;
    if (!id || !current || !loaded) return;
    if (unanswered() > 0 && !confirming()) {
      setConfirming(true);
      return;
    }
    setSubmitting(true);
    try {
      const request = {
        attemptId: crypto.randomUUID(),
        answers: questions().map((q) => {
          const optionIds = current.answers[q.id] ?? [];
          const seconds = current.seconds?.[q.id];
          return { questionId: q.id, optionIds, ...(optionIds.length && seconds !== undefined ? { seconds } : {}) };
        }),
        answeredAt: new Date().toISOString(),
        ...(current.drawToken ? { drawToken: current.drawToken } : {}),
      };
      await outbox.submitAttempt({
        userId: id,
        courseId: loaded.courseId,
        courseTitle: course.data()?.data.title ?? "",
        quizId: loaded.id,
        title: module()?.title ?? loaded.title,
        request,
        optionOrder: Object.fromEntries(current.questionIds.flatMap((id) => (current.optionOrder[id] ? [[id, current.optionOrder[id]!]] : []))),
      });
      setSearch({ attempt: request.attemptId }, { replace: true });
      lastDraw = { drawToken: current.drawToken };
      setDraft(undefined);
      setConfirming(false);
      void syncNow(session);
    } finally {
      setSubmitting(false);
    }
  }

  function retry() {
    const loaded = quiz.data()?.data;
    if (!loaded) return;
    setDraft({ ...newDraft(loaded, lastDraw), index: 0 });
    setSearch({ attempt: undefined }, { replace: true });
  }

  // Android's back button (or any link) in the middle of a quiz: ask first. The answers stay on the phone either
  // way ("Làm tiếp" resumes), but leaving by accident should not look like losing them.
  const here = useLocation();
  useBeforeLeave((event) => {
    const current = draft();
    if (event.defaultPrevented || !current || current.index < 0 || search.attempt) return;
    if (typeof event.to === "string" && event.to.split(/[?#]/)[0] === here.pathname) return;
    if (!window.confirm(t("quiz.leaveConfirm"))) event.preventDefault();
  });

  const afterQuiz = () => {
    const loaded = course.data()?.data;
    if (!loaded) return `/courses/${encodeURIComponent(params.courseId)}`;
    const all = steps(loaded);
    const index = all.findIndex((s) => s.kind === "quiz" && s.quizId === params.quizId);
    const next = all[index + 1];
    return next ? stepHref(loaded.id, next) : `/courses/${encodeURIComponent(loaded.id)}`;
  };

  return (
    <LearnerPage>
      <div class="page quiz-page">
        <p class="back">
          <A href={`/courses/${encodeURIComponent(params.courseId)}`}>
            {course.data() ? t("lesson.backTo", { title: course.data()!.data.title }) : t("course.back")}
          </A>
        </p>
        <Show when={quiz.error() && !quiz.data()}>
          <LoadError error={quiz.error()} onRetry={() => void quiz.reload()} notFound={t("quiz.notFound")} />
        </Show>
        <Show when={quiz.loading() && !quiz.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Show>
        <Show when={quiz.data()}>
          {(loaded) => (
            <Switch>
              <Match when={search.attempt}>
                <AttemptView
                  item={attempt()}
                  loading={items.loading() && !items.data()}
                  quiz={loaded().data}
                  attemptsLeft={attemptsLeft()}
                  onRetry={retry}
                  nextHref={afterQuiz()}
                  courseHref={`/courses/${encodeURIComponent(params.courseId)}`}
                />
              </Match>
              <Match when={draft() && draft()!.index < 0}>
                <section class="quiz-intro" aria-labelledby="quiz-title">
                  <Show when={loaded().offline}>
                    <OfflineNote savedAt={loaded().savedAt} />
                  </Show>
                  <p class="eyebrow">{t("quiz.eyebrow")}</p>
                  <h1 id="quiz-title">{module()?.title ?? loaded().data.title}</h1>
                  <ul class="facts" role="list">
                    <li>{t("quiz.questionCount", { count: questions().length })}</li>
                    <li>{t("quiz.passMark", { percent: loaded().data.passPercent })}</li>
                    <li>{attemptsLeft() === null ? t("quiz.unlimited") : t("quiz.attemptsLeft", { count: attemptsLeft()! })}</li>
                    <Show when={progress()?.bestPercent(loaded().data.id) !== undefined}>
                      <li>
                        {progress()!.quizPassed(loaded().data.id)
                          ? t("quiz.passedBest", { percent: progress()!.bestPercent(loaded().data.id)! })
                          : t("quiz.notPassedBest", { percent: progress()!.bestPercent(loaded().data.id)! })}
                      </li>
                    </Show>
                  </ul>
                  <Show when={progress()?.quizWaiting(loaded().data.id)}>
                    <p class="notice notice--warning">{t("quiz.hasWaiting")}</p>
                  </Show>
                  <Show when={attemptsLeft() !== 0} fallback={<p class="notice notice--error">{t("quiz.noAttemptsLeft")}</p>}>
                    <Button onClick={() => goTo(0)}>{Object.keys(draft()!.answers).length ? t("quiz.resume") : t("quiz.start")}</Button>
                  </Show>
                </section>
              </Match>
              <Match when={draft() && questions()[draft()!.index]}>
                {(question) => (
                  <section class="quiz-question" aria-labelledby="quiz-count">
                    <p id="quiz-count" class="quiz__count" ref={counter} tabindex="-1">
                      {t("quiz.questionOf", { n: draft()!.index + 1, total: questions().length })}
                    </p>
                    <ProgressBar percent={((draft()!.index + 1) / questions().length) * 100} label="" labelledBy="quiz-count" />
                    <QuestionView
                      question={question()}
                      order={draft()!.optionOrder[question().id]}
                      selected={draft()!.answers[question().id] ?? []}
                      onChange={(ids) => answer(question().id, ids)}
                    />
                    <Show when={confirming() && unanswered() > 0}>
                      <UnansweredWarning numbers={unansweredNumbers()} onGo={(n) => goTo(n - 1)} />
                    </Show>
                    <div class="quiz-nav">
                      <Show
                        when={draft()!.index < questions().length - 1}
                        fallback={
                          <Button busy={submitting()} busyLabel={t("quiz.submitting")} onClick={() => void submit()}>
                            {confirming() ? t("quiz.submitAnyway") : t("quiz.submit")}
                          </Button>
                        }
                      >
                        <Button onClick={() => goTo(draft()!.index + 1)}>{t("quiz.next")}</Button>
                      </Show>
                      <Show when={draft()!.index > 0}>
                        <Button variant="secondary" onClick={() => goTo(draft()!.index - 1)}>
                          {t("quiz.previous")}
                        </Button>
                      </Show>
                    </div>
                  </section>
                )}
              </Match>
            </Switch>
          )}
        </Show>
      </div>
    </LearnerPage>
  );
}

function AttemptView(props: {
  item: AttemptItem | undefined;
  loading: boolean;
  quiz: Quiz;
  attemptsLeft: number | null;
  onRetry: () => void;
  nextHref: string;
  courseHref: string;
}) {
  const t = useMessages(learnerMessages);
  const online = useOnline();
  return (
    <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
      <Match when={!props.item && !props.loading}>
        <div class="notice notice--error" role="alert">
          <p>{t("quiz.attemptMissing")}</p>
        </div>
        <A class="button button--secondary" href={props.courseHref}>
          {t("lesson.backToCourse")}
        </A>
      </Match>
      <Match when={props.item?.state === "waiting" && props.item}>
        {(item) => (
          <section class="attempt attempt--waiting" aria-labelledby="attempt-title">
            <h1 id="attempt-title">{t("quiz.savedTitle")}</h1>
            <p>
              <StateTag state={item().state} />
            </p>
            <Show when={online()} fallback={<p class="notice notice--warning">{t("quiz.gradeWhenOnline")}</p>}>
              <p>{t("quiz.sendingToGrade")}</p>
            </Show>
            <p>{t("quiz.savedBody")}</p>
            <SendNow />
            <A class="button button--secondary" href={props.courseHref}>
              {t("lesson.backToCourse")}
            </A>
          </section>
        )}
      </Match>
      <Match when={props.item?.state === "rejected" && props.item}>
        {(item) => (
          <section class="attempt" aria-labelledby="attempt-title">
            <h1 id="attempt-title">{t("quiz.rejectedTitle")}</h1>
            <p class="notice notice--error" role="alert">
              {refusalMessage(t, item().error?.code)}
            </p>
            <A class="button button--secondary" href={props.courseHref}>
              {t("lesson.backToCourse")}
            </A>
          </section>
        )}
      </Match>
      <Match when={props.item?.result && props.item}>
        {(item) => (
          <Result
            item={item()}
            result={item().result!}
            quiz={props.quiz}
            attemptsLeft={props.attemptsLeft}
            onRetry={props.onRetry}
            nextHref={props.nextHref}
            courseHref={props.courseHref}
          />
        )}
      </Match>
    </Switch>
  );
}

function Result(props: {
  item: AttemptItem;
  result: AttemptResult;
  quiz: Quiz;
  attemptsLeft: number | null;
  onRetry: () => void;
  nextHref: string;
  courseHref: string;
}) {
  const t = useMessages(learnerMessages);
  const byId = () => new Map(props.quiz.questions.map((q) => [q.id, q]));
  const reviewOf = (questionId: string) => props.result.results.find((r) => r.questionId === questionId);
  const canRetry = () => (props.result.attemptsLeft ?? props.attemptsLeft) !== 0;
  let heading: HTMLHeadingElement | undefined;
  createEffect(() => heading?.focus());
  return (
    <section class="attempt" aria-labelledby="attempt-title">
      <h1 id="attempt-title" ref={heading} tabindex="-1">
        {t("quiz.resultTitle", { percent: props.result.scorePercent })}
      </h1>
      <p class="result-badge" classList={{ "result-badge--passed": props.result.passed }}>
        {props.result.passed ? t("quiz.passed", { percent: props.quiz.passPercent }) : t("quiz.failed", { percent: props.quiz.passPercent })}
      </p>
      <p>{t("quiz.correctCount", { correct: props.result.correctCount, total: props.result.questionCount })}</p>
      <Show when={props.result.attemptsLeft !== null}>
        <p class="muted">{t("quiz.attemptsLeft", { count: props.result.attemptsLeft! })}</p>
      </Show>
      <Show when={props.result.courseCompleted && props.result.certificateCode}>
        <div class="notice notice--success" role="status">
          <p>{t("quiz.courseCompleted")}</p>
          <A href="/certificates" class="button button--primary">
            {t("course.seeCertificate")}
          </A>
        </div>
      </Show>
      <div class="button-row">
        <Show when={props.result.passed}>
          <A href={props.nextHref} class="button button--primary">
            {t("quiz.continue")}
          </A>
        </Show>
        <Show when={!props.result.passed && canRetry()}>
          <Button onClick={() => props.onRetry()}>{t("quiz.retry")}</Button>
        </Show>
        <Show when={props.result.passed && canRetry()}>
          <Button variant="secondary" onClick={() => props.onRetry()}>
            {t("quiz.retryAgain")}
          </Button>
        </Show>
        <A href={props.courseHref} class="button button--secondary">
          {t("lesson.backToCourse")}
        </A>
      </div>
      <h2 class="review-title">{t("quiz.reviewTitle")}</h2>
      <Show when={!props.result.passed}>
        <p class="muted">{t("quiz.answersAfterPass")}</p>
      </Show>
      <ol class="review" role="list">
        <For each={props.item.request.answers}>
          {(answer, index) => (
            <Show when={byId().get(answer.questionId)}>
              {(question) => (
                <li class="review__item">
                  <p class="eyebrow">{t("quiz.questionOf", { n: index() + 1, total: props.item.request.answers.length })}</p>
                  <QuestionView
                    question={question()}
                    order={props.item.optionOrder?.[answer.questionId]}
                    selected={answer.optionIds}
                    review={reviewOf(answer.questionId) ?? { correct: false }}
                    level={3}
                  />
                </li>
              )}
            </Show>
          )}
        </For>
      </ol>
    </section>
  );
}

/** "2, 3 và 4": the numbers of a list as a sentence says them. */
function spokenList(numbers: number[], and: string): string {
  if (numbers.length < 2) return numbers.join("");
  return `${numbers.slice(0, -1).join(", ")} ${and} ${numbers.at(-1)}`;
}

/** Before submitting with gaps: which questions have no answer, each a button that goes to it. */
function UnansweredWarning(props: { numbers: number[]; onGo: (n: number) => void }) {
  const t = useMessages(learnerMessages);
  let box: HTMLDivElement | undefined;
  // In view together with the submit button under it when they fit on the screen, and the warning's start first.
  createEffect(() => {
    box?.parentElement?.querySelector(".quiz-nav")?.scrollIntoView?.({ block: "nearest" });
    box?.scrollIntoView?.({ block: "nearest" });
  });
  return (
    <div class="notice notice--warning quiz-gaps" role="alert" ref={box}>
      <p>
        {props.numbers.length === 1
          ? t("quiz.unansweredOne", { n: props.numbers[0]! })
          : t("quiz.unansweredMany", { list: spokenList(props.numbers, t("quiz.and")) })}{" "}
        {t("quiz.unansweredCount")}
      </p>
      <p class="quiz-gaps__label" id="quiz-gaps-label">
        {t("quiz.goToLabel")}
      </p>
      <ul class="quiz-gaps__list" role="list" aria-labelledby="quiz-gaps-label">
        <For each={props.numbers}>
          {(n) => (
            <li>
              <Button variant="secondary" onClick={() => props.onGo(n)}>
                {t("quiz.goTo", { n })}
              </Button>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}

import { A, useParams } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { QUESTION_ANALYTICS_RULES, type QuestionAnalytics } from "@kns/core/model";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { formatNumber } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { authoring } from "./api";
import { trainerMessages } from "./messages";

/** The questions of a course grouped by quiz, in the course's order. */
function byQuiz(questions: readonly QuestionAnalytics[]) {
  const quizzes = new Map<string, { quizId: string; title: string; questions: QuestionAnalytics[] }>();
  for (const question of questions) {
    const quiz = quizzes.get(question.quizId) ?? { quizId: question.quizId, title: question.moduleTitle, questions: [] };
    quiz.questions.push(question);
    quizzes.set(question.quizId, quiz);
  }
  return [...quizzes.values()];
}

/**
 * Question analytics of a course's current version (issue 19): per quiz and question, how many answered, the
 * share right, discrimination and each option's share, with the questions worth a second look flagged. Counts
 * only: no learner is ever named here.
 */
export default function Analytics() {
  const params = useParams<{ courseId: string }>();
  const t = useMessages(trainerMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = authoring(session.api);
  const analytics = createLoader(
    () => params.courseId,
    (id) => api.analytics(id),
  );
  usePageTitle(() => t("analytics.title", { name: analytics.data()?.title ?? params.courseId }));
  const loadProblem = (error: unknown) =>
    error instanceof ApiError && error.status === 404
      ? t("editor.notFound")
      : error instanceof ApiError && error.status === 403
        ? t("analytics.forbidden")
        : error instanceof NetworkError
          ? t("error.network")
          : t("error.serverBusy");
  const number = (value: number) => formatNumber(value, language());
  const flagged = () => analytics.data()?.questions.filter((q) => q.flags.length > 0).length ?? 0;

  return (
    <div class="t-page t-analytics">
      <A href="/trainer" class="t-back">
        ← {t("analytics.back")}
      </A>
      <h1>{t("analytics.title", { name: analytics.data()?.title ?? params.courseId })}</h1>
      <Switch>
        <Match when={analytics.error()}>
          <p class="alert" role="alert">
            {loadProblem(analytics.error())}
          </p>
        </Match>
        <Match when={analytics.loading() && !analytics.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Match>
        <Match when={analytics.data()?.version === null}>
          <p class="empty">{t("analytics.empty")}</p>
        </Match>
        <Match when={analytics.data()}>
          {(loaded) => (
            <>
              <p class="lead">{t("analytics.intro", { n: loaded().version ?? "" })}</p>
              <p class="muted">
                {t("analytics.discriminationHint")} {t("analytics.noMedian")}
              </p>
              <Show when={flagged() > 0}>
                <p class="t-status t-status--warning">{t("analytics.flagged", { n: flagged() })}</p>
              </Show>
              <For each={byQuiz(loaded().questions)}>
                {(quiz) => (
                  <section class="t-analytics__quiz" aria-labelledby={`quiz-${quiz.quizId}`}>
                    <h2 id={`quiz-${quiz.quizId}`} class="t-section-title">
                      {quiz.title}
                    </h2>
                    <ol class="t-analytics__questions">
                      <For each={quiz.questions}>
                        {(question, index) => (
                          <li class="t-card t-analytics__question" classList={{ "t-analytics__question--flagged": question.flags.length > 0 }}>
                            <h3 class="t-subheading">{t("analytics.question", { n: index() + 1 })}</h3>
                            <p class="t-analytics__prompt">{question.prompt}</p>
                            <p class="muted t-analytics__figures">
                              {t("analytics.attempts", { n: number(question.attempts) })}
                              <Show when={question.attempts > 0}>
                                {" · "}
                                {t("analytics.correct", { n: number(question.correctPercent) })}
                              </Show>
                              {" · "}
                              {question.discrimination === null
                                ? t("analytics.discriminationNone")
                                : t("analytics.discrimination", { n: number(question.discrimination) })}
                            </p>
                            <Show when={question.attempts < QUESTION_ANALYTICS_RULES.minAttempts}>
                              <p class="muted">{t("analytics.tooFew", { n: QUESTION_ANALYTICS_RULES.minAttempts })}</p>
                            </Show>
                            <Show when={question.flags.length > 0}>
                              <ul class="t-analytics__flags">
                                <For each={question.flags}>{(flag) => <li class="t-status t-status--warning">{t(`analytics.flag.${flag}`)}</li>}</For>
                              </ul>
                            </Show>
                            <Show when={question.options.length > 0} fallback={<p class="muted">{t("analytics.ordering")}</p>}>
                              <ul class="t-analytics__options">
                                <For each={question.options}>
                                  {(option) => (
                                    <li class="t-analytics__option" classList={{ "t-analytics__option--correct": option.correct }}>
                                      <span class="t-analytics__option-text">
                                        <Show when={option.correct}>
                                          <span aria-hidden="true">✓ </span>
                                        </Show>
                                        {option.text}
                                        <Show when={option.correct}>
                                          <span class="t-analytics__right"> ({t("analytics.correctOption")})</span>
                                        </Show>
                                      </span>
                                      <span class="t-analytics__bar" aria-hidden="true">
                                        <span class="t-analytics__fill" style={{ width: `${option.chosenPercent}%` }} />
                                      </span>
                                      <span class="t-analytics__share">{t("analytics.chosen", { n: number(option.chosenPercent) })}</span>
                                    </li>
                                  )}
                                </For>
                              </ul>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </section>
                )}
              </For>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}

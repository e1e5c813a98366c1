import { QUESTION_ANALYTICS_RULES, type CourseQuestionAnalytics, type QuestionAnalytics, type ScenarioAnalytics } from "@kns/core/model";
import { For, type JSX, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { type Translate, useI18n, useMessages } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { type AnalyticsKey, analyticsMessages } from "./messages";
import "./analytics.css";

type Level = 2 | 3;
type T = Translate<AnalyticsKey>;

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

/** "45 giây", "2 phút", "1 phút 5 giây": a median as a person says it. */
function duration(seconds: number, t: T, n: (value: number) => string) {
  if (seconds < 60) return t("qa.seconds", { n: n(seconds) });
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s ? t("qa.minutesSeconds", { m: n(m), s: n(s) }) : t("qa.minutes", { m: n(m) });
}

/**
 * A course's question and scenario analytics, as counted (CourseQuestionAnalytics): per quiz and question the
 * answers, share right, discrimination, median time and each option's share, flagged questions marked; per scam
 * simulation the plays, its endings, and at each step which choice learners made and where it led. Counts only:
 * no learner is ever named. The trainer's screen and the admin's show it under their own title (`level` is the
 * rank of its section headings).
 */
export function CourseAnalytics(props: { analytics: CourseQuestionAnalytics; level?: Level }) {
  const t = useMessages(analyticsMessages);
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  const level = () => props.level ?? 2;
  const flagged = () => props.analytics.questions.filter((q) => q.flags.length > 0).length;
  return (
    <div class="qa">
      <p class="muted">
        {t("qa.hint")} {t("qa.medianHint")}
      </p>
      <Show when={flagged() > 0}>
        <p class="qa-chip qa-chip--warning">{t("qa.flagged", { n: n(flagged()) })}</p>
      </Show>
      <Show when={props.analytics.questions.length === 0}>
        <p class="empty">{t("qa.noQuestions")}</p>
      </Show>
      <For each={byQuiz(props.analytics.questions)}>
        {(quiz) => (
          <section class="qa-section" aria-labelledby={`qa-quiz-${quiz.quizId}`}>
            <Dynamic component={`h${level()}`} id={`qa-quiz-${quiz.quizId}`} class="qa-section__title">
              {quiz.title}
            </Dynamic>
            <ol class="qa-list">
              <For each={quiz.questions}>{(question, index) => <QuestionCard question={question} number={index() + 1} level={level()} t={t} n={n} />}</For>
            </ol>
          </section>
        )}
      </For>
      <Show when={props.analytics.scenarios.length > 0}>
        <section class="qa-section" aria-labelledby="qa-scenarios">
          <Dynamic component={`h${level()}`} id="qa-scenarios" class="qa-section__title">
            {t("qa.scenarios")}
          </Dynamic>
          <p class="muted">{t("qa.scenariosIntro")}</p>
          <ul class="qa-list">
            <For each={props.analytics.scenarios}>{(scenario) => <ScenarioCard scenario={scenario} level={level()} t={t} n={n} />}</For>
          </ul>
        </section>
      </Show>
    </div>
  );
}

/** One share as a bar (decoration: the figure beside it says the same). */
function ShareBar(props: { percent: number; tone?: "right" | "danger" }) {
  return (
    <span class="qa-bar" aria-hidden="true">
      <span class="qa-bar__fill" classList={{ [`qa-bar__fill--${props.tone}`]: Boolean(props.tone) }} style={{ width: `${props.percent}%` }} />
    </span>
  );
}

function QuestionCard(props: { question: QuestionAnalytics; number: number; level: Level; t: T; n: (value: number) => string }) {
  const q = () => props.question;
  const { t, n } = props;
  return (
    <li class="qa-card" classList={{ "qa-card--flagged": q().flags.length > 0 }}>
      <Dynamic component={`h${props.level + 1}`} class="qa-card__title">
        {t("qa.question", { n: props.number })}
      </Dynamic>
      <p class="qa-card__prompt">{q().prompt}</p>
      <p class="muted qa-card__figures">
        {t("qa.attempts", { n: n(q().attempts) })}
        <Show when={q().attempts > 0}>
          {" · "}
          {t("qa.correct", { n: n(q().correctPercent) })}
        </Show>
        {" · "}
        {q().discrimination === null ? t("qa.discriminationNone") : t("qa.discrimination", { n: n(q().discrimination!) })}
      </p>
      <p class="muted qa-card__figures">{q().medianSeconds === null ? t("qa.medianNone") : t("qa.median", { time: duration(q().medianSeconds!, t, n) })}</p>
      <Show when={q().attempts < QUESTION_ANALYTICS_RULES.minAttempts}>
        <p class="muted">{t("qa.tooFew", { n: QUESTION_ANALYTICS_RULES.minAttempts })}</p>
      </Show>
      <Show when={q().flags.length > 0}>
        <ul class="qa-flags">
          <For each={q().flags}>{(flag) => <li class="qa-chip qa-chip--warning">{t(`qa.flag.${flag}`)}</li>}</For>
        </ul>
      </Show>
      <Show when={q().options.length > 0} fallback={<p class="muted">{t("qa.ordering")}</p>}>
        <ul class="qa-shares">
          <For each={q().options}>
            {(option) => (
              <li class="qa-share" classList={{ "qa-share--right": option.correct }}>
                <span class="qa-share__text">
                  <Show when={option.correct}>
                    <span aria-hidden="true">✓ </span>
                  </Show>
                  {option.text}
                  <Show when={option.correct}>
                    <span class="qa-share__note"> ({t("qa.correctOption")})</span>
                  </Show>
                </span>
                <ShareBar percent={option.chosenPercent} tone={option.correct ? "right" : undefined} />
                <span class="qa-share__figure">{t("qa.chosen", { n: n(option.chosenPercent) })}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </li>
  );
}

function ScenarioCard(props: { scenario: ScenarioAnalytics; level: Level; t: T; n: (value: number) => string }) {
  const s = () => props.scenario;
  const { t, n } = props;
  const heading = (offset: 1 | 2, children: JSX.Element) => (
    <Dynamic component={`h${props.level + offset}`} class={offset === 1 ? "qa-card__title" : "qa-card__subtitle"}>
      {children}
    </Dynamic>
  );
  return (
    <li class="qa-card">
      {heading(1, s().title)}
      <p class="muted qa-card__figures">
        {s().moduleTitle} · {t("qa.plays", { n: n(s().plays) })}
        <Show when={s().plays > 0}>
          {" · "}
          {t("qa.safe", { n: n(s().safePercent) })}
        </Show>
      </p>
      <Show when={s().plays > 0} fallback={<p class="muted">{t("qa.noPlays")}</p>}>
        {heading(2, t("qa.endings"))}
        <ul class="qa-endings">
          <For each={s().endings}>
            {(ending) => (
              <li>
                <span class={`qa-chip qa-chip--${ending.outcome === "scammed" ? "danger" : "safe"}`}>{t(`qa.outcome.${ending.outcome}`)}</span>{" "}
                {t("qa.ending", { title: ending.title, n: n(ending.count) })}
              </li>
            )}
          </For>
        </ul>
        <ol class="qa-steps">
          <For each={s().steps}>
            {(step, index) => (
              <li class="qa-step">
                {heading(2, t("qa.step", { n: index() + 1 }))}
                <p class="qa-card__prompt">{step.text}</p>
                <p class="muted qa-card__figures">{t("qa.reached", { n: n(step.reached) })}</p>
                <ul class="qa-shares">
                  <For each={step.choices}>
                    {(choice) => (
                      <li class="qa-share" classList={{ "qa-share--scammed": choice.leadsTo === "scammed" }}>
                        <span class="qa-share__text">
                          {choice.text} <span class="qa-share__note">({t(`qa.action.${choice.action}`)})</span>
                          <span class="qa-share__leads">
                            <Show when={choice.leadsTo === "scammed"} fallback={t(`qa.leadsTo.${choice.leadsTo}`)}>
                              <span class="qa-chip qa-chip--danger">
                                <span aria-hidden="true">⚠ </span>
                                {t("qa.leadsTo.scammed")}
                              </span>
                            </Show>
                          </span>
                        </span>
                        <ShareBar percent={choice.chosenPercent} tone={choice.leadsTo === "scammed" ? "danger" : undefined} />
                        <span class="qa-share__figure">{t("qa.choiceCount", { n: n(choice.chosenPercent), count: n(choice.count) })}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </li>
  );
}

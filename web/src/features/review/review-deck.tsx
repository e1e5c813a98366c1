import { dueCards, ratingFor, answersCard, REVIEW_LIMITS, vietnamDay, weekDays, type ReviewCard, type ReviewRating } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { LearnerPage } from "../learner/learner-page";
import { LoadError, OfflineNote } from "../learner/parts";
import { outbox, outboxRevision, syncNow } from "../offline/sync";
import { QuestionView } from "../player/question-view";
import { daysThisWeek, loadDeck, saveReview } from "./deck-store";
import { reviewMessages } from "./messages";
import { schedule } from "./scheduler";
import "./review.css";

/** Monday first, as the week is written in Vietnam: the short name shown, the full name read aloud. */
const DAYS = [
  ["review.day.short.0", "review.day.0"],
  ["review.day.short.1", "review.day.1"],
  ["review.day.short.2", "review.day.2"],
  ["review.day.short.3", "review.day.3"],
  ["review.day.short.4", "review.day.4"],
  ["review.day.short.5", "review.day.5"],
  ["review.day.short.6", "review.day.6"],
] as const;

/**
 * The week, Monday first, with the days the learner reviewed on: a rhythm, never a streak. Nothing is lost for
 * a day missed, and the screen says so.
 */
export function WeekRhythm(props: { days: readonly string[]; today: string }) {
  const t = useMessages(reviewMessages);
  const week = () => weekDays(props.today);
  const count = () => week().filter((day) => props.days.includes(day)).length;
  return (
    <section class="review-week" aria-labelledby="review-week-title">
      <h2 id="review-week-title">{t("review.week.title")}</h2>
      <p class="review-week__count">
        {count() === 0 ? t("review.week.none") : count() === 1 ? t("review.week.countOne") : t("review.week.count", { count: count() })}
      </p>
      <ol class="review-week__days" role="list">
        <For each={week()}>
          {(day, i) => {
            const done = () => props.days.includes(day);
            const name = () => (day === props.today ? t("review.week.today", { day: t(DAYS[i()]![1]) }) : t(DAYS[i()]![1]));
            return (
              <li class="review-week__day" classList={{ "review-week__day--done": done(), "review-week__day--today": day === props.today }}>
                <span class="review-week__name" aria-hidden="true">
                  {t(DAYS[i()]![0])}
                </span>
                <span class="review-week__mark" aria-hidden="true">
                  {done() ? "✓" : ""}
                </span>
                <span class="visually-hidden">{done() ? t("review.week.done", { day: name() }) : t("review.week.notDone", { day: name() })}</span>
              </li>
            );
          }}
        </For>
      </ol>
      <p class="muted">{t("review.week.forgiving")}</p>
    </section>
  );
}

interface Checked {
  right: boolean;
}

/**
 * "2 phút ôn tập": up to ten due cards, one at a time. The learner answers (tap), checks, sees right or wrong,
 * the right answer and the explanation, and goes on: wrong is FSRS's "again", right is "good", or "easy" if
 * they say so. FSRS runs here (ts-fsrs, this chunk only); each review goes to the outbox and into the stored
 * deck at once, so the deck works with no network. The sitting ends after its cards, or after the card in hand
 * once two minutes have passed, with the week's rhythm.
 */
export default function ReviewPage() {
  const t = useMessages(reviewMessages);
  const session = useSession();
  const { language } = useI18n();
  const userId = () => session.user()?.id;
  usePageTitle(() => t("review.title"));
  const deck = createLoader(userId, (id, early) => loadDeck(id, session.api, early));
  const outboxItems = createLoader(userId, (id) => outbox.list(id), { refresh: outboxRevision });

  const [sitting, setSitting] = createSignal<ReviewCard[]>();
  const [index, setIndex] = createSignal(0);
  const [selected, setSelected] = createSignal<string[]>([]);
  const [checked, setChecked] = createSignal<Checked>();
  const [reviewed, setReviewed] = createSignal<{ id: string; right: boolean }[]>([]);
  const [finished, setFinished] = createSignal(false);
  const [nudge, setNudge] = createSignal(false);
  const [saving, setSaving] = createSignal(false);
  let startedAt = Date.now();
  let counter: HTMLParagraphElement | undefined;
  let verdict: HTMLParagraphElement | undefined;
  let doneTitle: HTMLHeadingElement | undefined;

  const today = () => vietnamDay(new Date());
  // The sitting is the cards due when the deck first shows; a fresher deck may replace it until the learner starts.
  createEffect(() => {
    const loaded = deck.data()?.deck;
    if (!loaded || reviewed().length || checked() || selected().length || finished()) return;
    setSitting(dueCards(loaded.cards, new Date()).slice(0, REVIEW_LIMITS.cardsPerSitting));
  });
  const card = () => sitting()?.[index()];
  const days = () => {
    const known = daysThisWeek(deck.data()?.deck, today());
    return reviewed().length && !known.includes(today()) ? [...known, today()] : known;
  };
  const waiting = () => {
    const mine = new Set(reviewed().map((r) => r.id));
    return (outboxItems.data() ?? []).filter((item) => item.kind === "review" && item.state === "waiting" && mine.has(item.id)).length;
  };
  const nextDue = () => {
    const upcoming = (deck.data()?.deck.cards ?? []).flatMap((c) => (c.state ? [c.state.due] : [])).sort()[0];
    return upcoming ? shortDate(upcoming, language()) : undefined;
  };

  function check(giveUp: boolean) {
    const current = card();
    if (!current) return;
    if (!giveUp && !selected().length) {
      setNudge(true);
      return;
    }
    setNudge(false);
    setChecked({ right: !giveUp && answersCard(current, selected()) });
    // The button pressed gives way to "Tiếp tục" and the options are disabled: focus goes to the verdict, from
    // which the marked answers, the explanation and the way on follow in reading order.
    queueMicrotask(() => verdict?.focus());
  }

  async function rate(rating: ReviewRating) {
    const current = card();
    const id = userId();
    if (!current || !id || saving()) return;
    setSaving(true);
    try {
      const state = schedule(current.state, rating, new Date());
      const review = { id: crypto.randomUUID(), cardId: current.id, rating, at: state.lastReview, state };
      await outbox.recordReview({ userId: id, courseId: current.courseId, courseTitle: current.courseTitle, title: current.question.prompt, review });
      const updated = await saveReview(id, current.id, state, vietnamDay(new Date(state.lastReview))).catch(() => undefined);
      const shown = deck.data();
      if (updated && shown) deck.set({ ...shown, deck: updated });
      setReviewed((list) => [...list, { id: review.id, right: checked()?.right ?? false }]);
      void syncNow(session);
    } finally {
      setSaving(false);
    }
    const outOfTime = Date.now() - startedAt > REVIEW_LIMITS.sittingSeconds * 1000;
    setChecked(undefined);
    setSelected([]);
    if (index() + 1 >= (sitting()?.length ?? 0) || outOfTime) {
      setFinished(true);
      queueMicrotask(() => doneTitle?.focus());
    } else {
      setIndex(index() + 1);
      queueMicrotask(() => counter?.focus());
    }
  }

  function again() {
    const loaded = deck.data()?.deck;
    if (!loaded) return;
    setSitting(dueCards(loaded.cards, new Date()).slice(0, REVIEW_LIMITS.cardsPerSitting));
    setIndex(0);
    setReviewed([]);
    setFinished(false);
    startedAt = Date.now();
    queueMicrotask(() => counter?.focus());
  }
  /** After checking: right or wrong, the right answer and the explanation (QuestionView marks them). */
  const revealed = (current: ReviewCard) => {
    const result = checked();
    return result ? { correct: result.right, correctOptionIds: current.correctOptionIds, explanation: current.explanation || undefined } : undefined;
  };
  const note = () => {
    const result = checked();
    if (result) return result.right ? t("review.rightNote") : t("review.wrongNote");
    return nudge() ? t("review.pickFirst") : "";
  };
  const moreDue = () => dueCards(deck.data()?.deck.cards ?? [], new Date()).length;

  return (
    <LearnerPage>
      <div class="page review">
        <h1>{t("review.title")}</h1>
        <Show when={deck.data()?.offline}>
          <OfflineNote savedAt={deck.data()?.savedAt} />
        </Show>
        <Show when={deck.error() && !deck.data()}>
          <LoadError error={deck.error()} onRetry={() => void deck.reload()} />
        </Show>
        <Show when={sitting()}>
          {(cards) => (
            <Show
              when={finished() ? undefined : card()}
              keyed
              fallback={
                <Show
                  when={finished()}
                  fallback={
                    <>
                      <p class="lead" role="status">
                        {t("review.nothingDue")}
                      </p>
                      <Show when={nextDue()} fallback={<p>{t("review.emptyDeck")}</p>}>
                        {(date) => <p>{t("review.nextDue", { date: date() })}</p>}
                      </Show>
                      <WeekRhythm days={days()} today={today()} />
                      <A class="button button--secondary" href="/">
                        {t("review.backHome")}
                      </A>
                    </>
                  }
                >
                  <section class="review-done" aria-labelledby="review-done-title">
                    <h2 id="review-done-title" tabindex="-1" ref={doneTitle}>
                      {t("review.doneTitle")}
                    </h2>
                    <p>
                      {reviewed().length === 1
                        ? t("review.doneSummaryOne", { right: reviewed().filter((r) => r.right).length })
                        : t("review.doneSummary", { count: reviewed().length, right: reviewed().filter((r) => r.right).length })}
                    </p>
                    <p class="notice" role="status">
                      {waiting() ? (waiting() === 1 ? t("review.waitingOne") : t("review.waiting", { count: waiting() })) : t("review.sent")}
                    </p>
                  </section>
                  <WeekRhythm days={days()} today={today()} />
                  <div class="review__actions">
                    <Show when={moreDue()}>
                      <Button onClick={again}>{t("review.more")}</Button>
                    </Show>
                    <A class="button button--secondary" href="/">
                      {t("review.backHome")}
                    </A>
                  </div>
                </Show>
              }
            >
              {(current) => (
                <article class="review-card" aria-labelledby="review-counter">
                  <Show when={index() === 0 && !checked()}>
                    <p class="muted">{t("review.intro")}</p>
                  </Show>
                  <p id="review-counter" class="review-card__counter" tabindex="-1" ref={counter}>
                    {t("review.counter", { n: index() + 1, total: cards().length })}
                  </p>
                  <p class="review-card__course">{t("review.course", { title: current.courseTitle })}</p>
                  <QuestionView
                    question={current.question}
                    selected={selected()}
                    onChange={(ids) => {
                      setSelected(ids);
                      setNudge(false);
                    }}
                    review={revealed(current)}
                    verdictRef={(element) => {
                      verdict = element;
                    }}
                  />
                  <p class="review-card__note" role="status">
                    {note()}
                  </p>
                  <div class="review__actions">
                    <Show
                      when={checked()}
                      keyed
                      fallback={
                        <>
                          <Button onClick={() => check(false)}>{t("review.check")}</Button>
                          <Button variant="secondary" onClick={() => check(true)}>
                            {t("review.dontKnow")}
                          </Button>
                        </>
                      }
                    >
                      {(result) => (
                        <>
                          <Button busy={saving()} onClick={() => void rate(ratingFor(result.right))}>
                            {t("review.next")}
                          </Button>
                          <Show when={result.right}>
                            <Button variant="secondary" disabled={saving()} onClick={() => void rate(ratingFor(true, true))}>
                              {t("review.easy")}
                            </Button>
                          </Show>
                        </>
                      )}
                    </Show>
                  </div>
                </article>
              )}
            </Show>
          )}
        </Show>
      </div>
    </LearnerPage>
  );
}

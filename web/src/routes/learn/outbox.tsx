import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { dateTime } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { refusalMessage, SendNow, StateTag } from "../../features/learner/outbox-parts";
import type { OutboxItem } from "../../features/offline/outbox";
import { outbox, outboxRevision } from "../../features/offline/sync";

/** The outbox: what the phone still has to send, what was sent, and the grades of quizzes taken offline. */
export default function OutboxPage() {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  usePageTitle(() => t("outbox.title"));
  const items = createLoader(
    () => session.user()?.id,
    (userId) => outbox.list(userId),
    { refresh: outboxRevision },
  );
  const newestFirst = () => [...(items.data() ?? [])].reverse();
  const waiting = () => (items.data() ?? []).filter((item) => item.state === "waiting").length;

  function Item(props: { item: OutboxItem }) {
    const item = () => props.item;
    const graded = () => {
      const current = item();
      return current.kind === "attempt" && current.state === "graded" ? current.result : undefined;
    };
    const resultHref = () => {
      const current = item();
      return current.kind === "attempt"
        ? `/courses/${encodeURIComponent(current.courseId)}/quizzes/${encodeURIComponent(current.quizId)}?attempt=${current.id}`
        : "";
    };
    return (
      <li class="outbox-item" classList={{ [`outbox-item--${item().state}`]: true }}>
        <p class="outbox-item__kind">{t(`outbox.kind.${item().kind}`)}</p>
        {(() => {
          const current = item();
          return current.kind === "activity" ? (
            <h2 class="outbox-item__title">{t("outbox.activityTitle", { people: current.activity.people })}</h2>
          ) : (
            <>
              <h2 class="outbox-item__title">{current.title}</h2>
              <p class="muted">{current.courseTitle}</p>
            </>
          );
        })()}
        <p class="outbox-item__state">
          <StateTag state={item().state} /> <span class="muted">{t("outbox.at", { time: dateTime(item().createdAt, language()) })}</span>
        </p>
        {(() => {
          const current = item();
          // A scenario play: how it ended decides whether the lesson is done, so say it.
          return current.kind === "play" ? (
            <p>
              <Show when={current.ending.title}>{t("outbox.playEnding", { title: current.ending.title })} </Show>
              {current.ending.outcome === "safe" ? t("outbox.playSafe") : t("outbox.playScammed")}
            </p>
          ) : undefined;
        })()}
        <Show when={graded()}>
          {(result) => (
            <p>
              {result().passed ? t("outbox.gradedPassed", { percent: result().scorePercent }) : t("outbox.gradedFailed", { percent: result().scorePercent })}{" "}
              <A href={resultHref()}>{t("outbox.seeResult")}</A>
            </p>
          )}
        </Show>
        <Show when={item().state === "rejected"}>
          <p class="notice notice--error">{refusalMessage(t, item().error?.code)}</p>
          <Button variant="secondary" onClick={() => void outbox.remove(item().userId, item().id)}>
            {t("outbox.discard")}
          </Button>
        </Show>
        <Show when={item().state === "waiting" && item().tries > 0}>
          <p class="muted">{t("outbox.tries", { count: item().tries })}</p>
        </Show>
      </li>
    );
  }

  return (
    <LearnerPage>
      <div class="page">
        <h1>{t("outbox.title")}</h1>
        <p class="lead">{t("outbox.intro")}</p>
        <p class="outbox-summary" role="status">
          {waiting() ? t("outbox.waitingCount", { count: waiting() }) : t("outbox.nothingWaiting")}
        </p>
        <SendNow />
        <Show when={items.data()}>
          <Show when={newestFirst().length} fallback={<p class="empty">{t("outbox.empty")}</p>}>
            <ul class="outbox-list" role="list">
              <For each={newestFirst()}>{(item) => <Item item={item} />}</For>
            </ul>
          </Show>
        </Show>
      </div>
    </LearnerPage>
  );
}

import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { dateTime } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { StateTag } from "../../features/learner/parts";
import type { OutboxItem } from "../../features/offline/outbox";
import { outbox, outboxRevision, syncNow } from "../../features/offline/sync";

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
  const [sending, setSending] = createSignal(false);
  const [status, setStatus] = createSignal<string>();

  async function sendNow() {
    setSending(true);
    setStatus(undefined);
    try {
      const outcome = await syncNow(session);
      if (outcome?.stopped === "offline") setStatus(t("outbox.stillOffline"));
      else if (outcome?.stopped === "server") setStatus(t("outbox.serverBusy"));
      else if (outcome?.stopped === "signed-out") setStatus(t("outbox.signedOut"));
      else setStatus(t("outbox.allSent"));
    } finally {
      setSending(false);
    }
  }

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
        <p class="outbox-item__kind">{item().kind === "lesson" ? t("outbox.kind.lesson") : t("outbox.kind.attempt")}</p>
        <h2 class="outbox-item__title">{item().title}</h2>
        <p class="muted">{item().courseTitle}</p>
        <p class="outbox-item__state">
          <StateTag state={item().state} /> <span class="muted">{t("outbox.at", { time: dateTime(item().createdAt, language()) })}</span>
        </p>
        <Show when={graded()}>
          {(result) => (
            <p>
              {result().passed ? t("outbox.gradedPassed", { percent: result().scorePercent }) : t("outbox.gradedFailed", { percent: result().scorePercent })}{" "}
              <A href={resultHref()}>{t("outbox.seeResult")}</A>
            </p>
          )}
        </Show>
        <Show when={item().state === "rejected"}>
          <p class="notice notice--error">{item().error?.code === "quiz.no_attempts_left" ? t("quiz.noAttemptsLeft") : (item().error?.message ?? "")}</p>
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
        <Button busy={sending()} busyLabel={t("outbox.sending")} onClick={() => void sendNow()}>
          {t("outbox.sendNow")}
        </Button>
        <Show when={status()}>
          <p class="notice notice--info" role="status">
            {status()}
          </p>
        </Show>
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

import { createEffect, createSignal } from "solid-js";
import { Button } from "../../components/button";
import { useMessages, type AreaKey, type Translate } from "../../i18n";
import { useSession } from "../../lib/session";
import type { OutboxState } from "../offline/outbox";
import { syncNow } from "../offline/outbox-later";
import { learnerMessages } from "./messages";

/*
 * The outbox's parts that the outbox and quiz screens share: an item's state, why the server refused one, and
 * "Gửi ngay". Apart from ./parts.tsx, which a lesson's first load needs, so that load carries neither them nor
 * their strings.
 */

export function StateTag(props: { state: OutboxState }) {
  const t = useMessages(learnerMessages);
  return <span class={`tag tag--${props.state}`}>{t(`outbox.state.${props.state}`)}</span>;
}

type LearnerKey = AreaKey<typeof learnerMessages>;

/**
 * Why the server would not take an outbox item, in the learner's words, from its code (the server's sentence is
 * English for programs: "Option … is not an option of question …" means nothing to a member).
 */
export function refusalMessage(t: Translate<LearnerKey>, code: string | undefined): string {
  switch (code) {
    case "quiz.no_attempts_left":
      return t("quiz.noAttemptsLeft");
    case "quiz.unknown_question":
    case "quiz.unknown_option":
    case "quiz.duplicate_answer":
    case "quiz.duplicate_option":
    case "quiz.too_many_options":
    case "quiz.draw_invalid":
      return t("refused.quizChanged");
    case "quiz.attempt_id_reused":
      return t("refused.alreadySent");
    case "quiz.not_found":
    case "course.not_found":
      return t("refused.gone");
    case "progress.unknown_lesson":
    case "progress.version_older":
      return t("refused.lessonGone");
    case "progress.not_started":
      return t("refused.notStarted");
    case "review.unknown_card":
      return t("refused.reviewGone");
    case "review.future_date":
      return t("refused.reviewClock");
    case "progress.scenario_path":
      return t("refused.scenarioChanged");
    case "progress.needs_play":
    case "progress.not_scenario":
      return t("refused.lessonGone");
    default:
      return t("refused.other");
  }
}

/**
 * "Gửi ngay": sends what is waiting, and always says what happened right under the button, offline included
 * (it answers at once then, rather than after a request that cannot go).
 */
export function SendNow(props: { variant?: "primary" | "secondary" }) {
  const t = useMessages(learnerMessages);
  const session = useSession();
  const [sending, setSending] = createSignal(false);
  const [status, setStatus] = createSignal<{ text: string; ok: boolean }>();
  let line: HTMLParagraphElement | undefined;
  createEffect(() => {
    if (status()) line?.scrollIntoView?.({ block: "nearest" });
  });

  async function send() {
    setStatus(undefined);
    if (!navigator.onLine) return void setStatus({ text: t("outbox.stillOffline"), ok: false });
    setSending(true);
    try {
      const outcome = await syncNow(session);
      if (outcome?.stopped === "offline") setStatus({ text: t("outbox.stillOffline"), ok: false });
      else if (outcome?.stopped === "server") setStatus({ text: t("outbox.serverBusy"), ok: false });
      else if (outcome?.stopped === "signed-out") setStatus({ text: t("outbox.signedOut"), ok: false });
      else if (outcome?.rejected) setStatus({ text: t("outbox.someRefused", { count: outcome.rejected }), ok: false });
      else setStatus({ text: t("outbox.allSent"), ok: true });
    } finally {
      setSending(false);
    }
  }

  return (
    <div class="send-now">
      <Button variant={props.variant} busy={sending()} busyLabel={t("outbox.sending")} onClick={() => void send()}>
        {t("outbox.sendNow")}
      </Button>
      <p
        class="send-now__status"
        classList={{ "send-now__status--ok": status()?.ok, "send-now__status--wait": status() && !status()!.ok }}
        role="status"
        ref={line}
      >
        {status()?.text}
      </p>
    </div>
  );
}

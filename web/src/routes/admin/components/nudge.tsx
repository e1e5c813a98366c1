import { createSignal, createUniqueId, Show } from "solid-js";
import { useI18n, useMessages } from "../../../i18n";
import { adminMessages } from "../messages";

/**
 * A reminder the leader sends from their own phone, written in Vietnamese (the members' language) whatever
 * language the leader reads the app in; an English reader sees what it says below it: the system share sheet (Zalo, Messenger, SMS…) where the
 * browser has one, an SMS draft otherwise, and copying as a last resort. Nothing goes through our server, and
 * the message is shown first so the leader knows exactly what will be sent.
 */
export function Nudge(props: { title: string; message: string; translation?: string }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const id = createUniqueId();
  const [status, setStatus] = createSignal<string>();
  const canShare = typeof navigator !== "undefined" && typeof navigator.share === "function";

  async function share() {
    setStatus(undefined);
    try {
      await navigator.share({ text: props.message });
    } catch (error) {
      // Closing the share sheet is not a failure.
      if ((error as Error).name !== "AbortError") setStatus(t("nudge.shareFailed"));
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.message);
      setStatus(t("nudge.copied"));
    } catch {
      setStatus(t("nudge.copyFailed"));
    }
  }

  return (
    <section class="panel nudge" aria-labelledby={`nudge-${id}`}>
      <h2 id={`nudge-${id}`}>{props.title}</h2>
      <p class="muted">{t("nudge.intro")}</p>
      <blockquote class="nudge__message" lang="vi">
        {props.message}
      </blockquote>
      <Show when={language() !== "vi" && props.translation}>{(translation) => <p class="muted">{t("nudge.translation", { text: translation() })}</p>}</Show>
      <div class="button-row">
        <Show when={canShare}>
          <button type="button" class="button button--primary" onClick={() => void share()}>
            {t("nudge.share")}
          </button>
        </Show>
        <a class={canShare ? "button button--secondary" : "button button--primary"} href={`sms:?&body=${encodeURIComponent(props.message)}`}>
          {t("nudge.sms")}
        </a>
        <button type="button" class="button button--secondary" onClick={() => void copy()}>
          {t("nudge.copy")}
        </button>
      </div>
      <p role="status" class="muted">
        {status()}
      </p>
    </section>
  );
}

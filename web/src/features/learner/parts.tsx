import { Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { dateTime } from "../../lib/format";
import { learnerFrameMessages } from "./frame-messages";

/**
 * A bar with its value in words beside it (the words are what screen readers and small screens rely on). Its
 * name says what it measures: the element `labelledBy` names, or else the learner's progress.
 */
export function ProgressBar(props: { percent: number; label: string; labelledBy?: string }) {
  const t = useMessages(learnerFrameMessages);
  const value = () => Math.max(0, Math.min(100, Math.round(props.percent)));
  return (
    <div class="progress">
      <div
        class="progress__track"
        role="progressbar"
        aria-label={props.labelledBy ? undefined : t("progress.title")}
        aria-labelledby={props.labelledBy}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow={value()}
        aria-valuetext={props.label || undefined}
      >
        <div class="progress__fill" style={{ width: `${value()}%` }} />
      </div>
      <span class="progress__label">{props.label}</span>
    </div>
  );
}

/** Says that what is shown is the copy on the phone, and from when. */
export function OfflineNote(props: { savedAt?: string }) {
  const t = useMessages(learnerFrameMessages);
  const { language } = useI18n();
  return (
    <p class="notice notice--offline" role="status">
      {props.savedAt ? t("offline.savedCopyAt", { time: dateTime(props.savedAt, language()) }) : t("offline.savedCopy")}
    </p>
  );
}

/** Why something could not load, in plain Vietnamese, with a way to try again. */
export function LoadError(props: { error: unknown; onRetry?: () => void; notFound?: string }) {
  const t = useMessages(learnerFrameMessages);
  const message = () => {
    const error = props.error;
    if (error instanceof NetworkError) return t("error.notOnPhone");
    if (error instanceof ApiError && error.status === 404) return props.notFound ?? t("error.notFound");
    if (error instanceof ApiError && error.status < 500 && error.status !== 401) return error.message;
    return t("error.serverBusy");
  };
  return (
    <div class="notice notice--error" role="alert">
      <p>{message()}</p>
      <Show when={props.onRetry}>
        <Button variant="secondary" onClick={() => props.onRetry?.()}>
          {t("action.retry")}
        </Button>
      </Show>
    </div>
  );
}

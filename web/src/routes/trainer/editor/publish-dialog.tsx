import { CONTENT_LIMITS as L } from "@kns/core/model";
import { createSignal, Show } from "solid-js";
import { Alert } from "../../../components/alert";
import { Button } from "../../../components/button";
import { useMessages } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import type { Authoring } from "../api";
import { issuesCertificates, type PublishRequestState } from "../model";
import { Dialog } from "../dialog";
import { trainerMessages } from "../messages";
import { countProblems, ProblemsList } from "./problems";
import { useEditor } from "./state";

/**
 * Publishing: a change summary learners will read (required), whether holders of a certificate must take the
 * course again, and, when something is still missing, the list of what, each entry leading to its place.
 */
export function PublishDialog(props: {
  open: boolean;
  onClose: () => void;
  api: Authoring;
  publishedBefore: boolean;
  onPublished: (version: number) => void;
  onRequested: (request: PublishRequestState) => void;
}) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const [summary, setSummary] = createSignal("");
  const [recertify, setRecertify] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [summaryError, setSummaryError] = createSignal<string>();

  const count = () => countProblems(editor.findings(), editor.serverProblems());
  // A course that issues certificates is published by four eyes: the author asks, a second person approves.
  const needsReview = () => issuesCertificates(editor.content);
  const canPublish = () => count() === 0;

  function goTo(path: string) {
    props.onClose();
    editor.reveal(path);
  }

  async function publish(event: SubmitEvent) {
    event.preventDefault();
    setError(undefined);
    setSummaryError(undefined);
    editor.setAttempted(true);
    if (summary().trim().length < 3) {
      setSummaryError(t("publish.summaryRequired"));
      document.getElementById("publish-summary")?.focus();
      return;
    }
    if (!canPublish()) return;
    setBusy(true);
    try {
      if (editor.dirty() && !(await editor.save())) {
        setError(t("publish.saveFirst"));
        return;
      }
      const input = { changeSummary: summary().trim(), requiresRecertification: recertify(), draftRevision: editor.revision() };
      if (needsReview()) {
        const request = await props.api.requestPublish(editor.courseId, input);
        setSummary("");
        setRecertify(false);
        props.onRequested(request);
        return;
      }
      const published = await props.api.publish(editor.courseId, input);
      setSummary("");
      setRecertify(false);
      props.onPublished(published.version);
    } catch (err) {
      if (err instanceof ApiError && err.code === "course.not_publishable") {
        editor.applyDraft(await props.api.draft(editor.courseId), true);
        setError(t("publish.notPublishable"));
      } else if (err instanceof ApiError && err.code === "course.draft_changed") {
        editor.setConflict(true);
        setError(t("publish.draftChanged"));
      } else if (err instanceof ApiError && err.details.some((d) => d.path === "changeSummary")) {
        setSummaryError(t("publish.summaryRequired"));
      } else if (err instanceof NetworkError) {
        setError(t("error.network"));
      } else if (err instanceof ApiError && err.status < 500) {
        setError(err.message);
      } else {
        setError(t("error.serverBusy"));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={props.open} title={needsReview() ? t("publish.requestTitle") : t("publish.title")} onClose={props.onClose} wide>
      <form class="form t-dialog__form" onSubmit={publish} noValidate>
        <Alert message={error()} />
        <Show when={needsReview()}>
          <p>{t("publish.requestLead")}</p>
        </Show>
        <Show
          when={canPublish()}
          fallback={
            <div class="t-publish__blocked">
              <p class="t-publish__blocked-lead">{t("publish.blocked", { n: count() })}</p>
              <ProblemsList content={editor.content} media={editor.media()} serverProblems={editor.serverProblems()} onSelect={goTo} headingLevel={3} />
            </div>
          }
        >
          <p class="muted">{editor.dirty() ? t("publish.willSave") : t("publish.ready", { n: editor.revision() })}</p>
        </Show>
        <div class="field" classList={{ "field--invalid": Boolean(summaryError()) }}>
          <label class="field__label" for="publish-summary">
            {t("publish.summary")}
          </label>
          <p class="field__hint" id="publish-summary-hint">
            {props.publishedBefore ? t("publish.summaryHint") : t("publish.summaryHintFirst")}
          </p>
          <Show when={summaryError()}>
            <p class="field__error" id="publish-summary-error">
              {summaryError()}
            </p>
          </Show>
          <textarea
            id="publish-summary"
            class="field__input t-textarea"
            rows={3}
            maxLength={L.changeSummary}
            value={summary()}
            aria-invalid={summaryError() ? "true" : undefined}
            aria-describedby={summaryError() ? "publish-summary-hint publish-summary-error" : "publish-summary-hint"}
            onInput={(event) => setSummary(event.currentTarget.value)}
          />
        </div>
        <Show when={props.publishedBefore}>
          <div class="t-check">
            <label class="checkbox" for="publish-recertify">
              <input
                id="publish-recertify"
                type="checkbox"
                checked={recertify()}
                aria-describedby="publish-recertify-hint"
                onChange={(event) => setRecertify(event.currentTarget.checked)}
              />
              <span>{t("publish.recertify")}</span>
            </label>
            <p class="field__hint t-check__hint" id="publish-recertify-hint">
              {t("publish.recertifyHint")}
            </p>
          </div>
        </Show>
        <div class="t-dialog__actions">
          <Button type="button" variant="secondary" onClick={props.onClose}>
            {t("action.cancel")}
          </Button>
          <Button type="submit" busy={busy()} busyLabel={needsReview() ? t("publish.requestBusy") : t("publish.busy")} disabled={!canPublish()}>
            {needsReview() ? t("publish.requestSubmit") : t("publish.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

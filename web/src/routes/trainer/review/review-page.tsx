import { A, useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Alert } from "../../../components/alert";
import { Button } from "../../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import { dateTime } from "../../../lib/format";
import { createLoader } from "../../../lib/load";
import { useSession } from "../../../lib/session";
import { authoring } from "../api";
import { trainerMessages } from "../messages";
import type { DiffQuestion, PublishRequestDetail } from "../model";
import { reviewMessages } from "./messages";
import "./review.css";

type ChangeKind = "added" | "removed" | "changed";

/** One publish request: the change summary, the diff of questions and answers, approve or return with a comment. */
export default function ReviewPage() {
  const params = useParams<{ requestId: string }>();
  const t = useMessages(reviewMessages);
  const tt = useMessages(trainerMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = authoring(session.api);
  const request = createLoader(
    () => params.requestId,
    (id) => api.publishRequest(id),
  );
  usePageTitle(() => t("review.detailTitle", { title: request.data()?.courseTitle ?? "" }));
  const [comment, setComment] = createSignal("");
  const [commentError, setCommentError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [done, setDone] = createSignal<string>();
  const [busy, setBusy] = createSignal<"approve" | "return">();

  const problem = (err: unknown) => {
    if (err instanceof NetworkError) return tt("error.network");
    if (err instanceof ApiError) {
      if (err.code === "publish_request.stale") return t("review.errorStale");
      if (err.code === "publish_request.own_request") return t("review.errorOwn");
      if (err.code === "publish_request.closed") return t("review.errorClosed");
      if (err.status === 404) return t("review.errorNotFound");
      if (err.status < 500) return err.message;
    }
    return tt("error.serverBusy");
  };

  async function act(kind: "approve" | "return", detail: PublishRequestDetail) {
    setError(undefined);
    setDone(undefined);
    setCommentError(undefined);
    if (kind === "return" && comment().trim().length < 3) {
      setCommentError(t("review.commentRequired"));
      document.getElementById("review-comment")?.focus();
      return;
    }
    setBusy(kind);
    try {
      if (kind === "approve") {
        const approved = await api.approve(detail.id);
        setDone(t("review.approved", { n: approved.version }));
      } else {
        await api.returnRequest(detail.id, comment().trim());
        setDone(t("review.returned"));
      }
      await request.reload();
    } catch (err) {
      setError(problem(err));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div class="t-page r-page">
      <A href="/trainer/reviews" class="t-back">
        ← {t("review.back")}
      </A>
      <Switch>
        <Match when={request.error()}>
          <h1>{t("review.title")}</h1>
          <p class="alert" role="alert">
            {problem(request.error())}
          </p>
        </Match>
        <Match when={request.data()}>
          {(detail) => {
            const own = () => detail().requestedBy === session.user()?.id;
            return (
              <>
                <h1>{t("review.detailTitle", { title: detail().courseTitle })}</h1>
                <p class="muted">{t("review.by", { name: detail().requesterName ?? t("review.someone"), date: dateTime(detail().requestedAt, language()) })}</p>
                <section class="t-card" aria-labelledby="review-summary">
                  <h2 id="review-summary">{t("review.summary")}</h2>
                  <p class="r-summary">{detail().changeSummary}</p>
                  <Show when={detail().requiresRecertification}>
                    <p>
                      <strong>{t("review.recertify")}</strong>
                    </p>
                  </Show>
                </section>
                <p role="status" class="r-outcome">
                  {done()}
                </p>
                <Switch>
                  <Match when={detail().status === "approved"}>
                    <p class="r-note r-note--ok">{t("review.statusApproved", { n: detail().version ?? 0 })}</p>
                  </Match>
                  <Match when={detail().status === "returned"}>
                    <p class="r-note">{t("review.statusReturned", { comment: detail().comment ?? "" })}</p>
                  </Match>
                  <Match when={detail().status === "replaced"}>
                    <p class="r-note">{t("review.statusReplaced")}</p>
                  </Match>
                  <Match when={detail().stale}>
                    <p class="r-note r-note--warn">{t("review.stale", { asked: detail().draftRevision, now: detail().currentRevision })}</p>
                  </Match>
                  <Match when={own()}>
                    <p class="r-note">{t("review.own")}</p>
                  </Match>
                </Switch>
                <Diff detail={detail()} />
                <Show when={detail().status === "pending" && !own()}>
                  <section class="t-card r-decide" aria-label={t("review.title")}>
                    <Alert message={error()} />
                    <Show when={!detail().stale}>
                      <Button
                        busy={busy() === "approve"}
                        busyLabel={t("review.approveBusy")}
                        disabled={Boolean(busy())}
                        onClick={() => act("approve", detail())}
                      >
                        {t("review.approve")}
                      </Button>
                    </Show>
                    <div class="field" classList={{ "field--invalid": Boolean(commentError()) }}>
                      <label class="field__label" for="review-comment">
                        {t("review.comment")}
                      </label>
                      <Show when={commentError()}>
                        <p class="field__error" id="review-comment-error">
                          {commentError()}
                        </p>
                      </Show>
                      <textarea
                        id="review-comment"
                        class="field__input t-textarea"
                        rows={3}
                        maxLength={1000}
                        value={comment()}
                        aria-invalid={commentError() ? "true" : undefined}
                        aria-describedby={commentError() ? "review-comment-error" : undefined}
                        onInput={(event) => setComment(event.currentTarget.value)}
                      />
                    </div>
                    <Button
                      variant="secondary"
                      busy={busy() === "return"}
                      busyLabel={t("review.returnBusy")}
                      disabled={Boolean(busy())}
                      onClick={() => act("return", detail())}
                    >
                      {t("review.return")}
                    </Button>
                  </section>
                </Show>
              </>
            );
          }}
        </Match>
        <Match when={request.loading()}>
          <p class="loading">{tt("app.loading")}</p>
        </Match>
      </Switch>
    </div>
  );
}

/** The readable diff: course title, parts and lessons added or removed, and every changed question in full. */
function Diff(props: { detail: PublishRequestDetail }) {
  const t = useMessages(reviewMessages);
  const diff = () => props.detail.diff;
  const badge = (change: ChangeKind) => <span class={`r-change r-change--${change}`}>{t(`change.${change}`)}</span>;
  return (
    <section class="r-diff" aria-labelledby="review-diff">
      <h2 id="review-diff">{t("diff.heading")}</h2>
      <p class="muted">{diff().baseVersion > 0 ? t("diff.base", { n: diff().baseVersion }) : t("diff.first")}</p>
      <Show when={diff().title}>{(title) => <p>{t("diff.courseTitle", { before: title().before, after: title().after })}</p>}</Show>
      <Show when={diff().baseVersion > 0 && (diff().modules.length > 0 || diff().lessons.length > 0)}>
        <h3>{t("diff.structure")}</h3>
        <ul class="r-lines">
          <For each={diff().modules}>
            {(m) => (
              <li>
                {badge(m.change)} {t("diff.moduleLine", { title: m.title })}
              </li>
            )}
          </For>
          <For each={diff().lessons}>
            {(l) => (
              <li>
                {badge(l.change)} {t("diff.lessonLine", { title: l.title })}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={diff().questions.length > 0} fallback={<p>{t("diff.none")}</p>}>
        <ol class="r-questions">
          <For each={diff().questions}>
            {(q) => (
              <li class="t-card r-question" classList={{ [`r-question--${q.change}`]: true }}>
                <p class="r-question__head">
                  {badge(q.change)} <span class="muted">{t("diff.inModule", { title: q.moduleTitle })}</span>
                </p>
                <Show when={q.change === "changed"} fallback={<QuestionView question={(q.after ?? q.before)!} />}>
                  <div class="r-sides">
                    <div>
                      <h4>{t("diff.before")}</h4>
                      <QuestionView question={q.before!} />
                    </div>
                    <div>
                      <h4>{t("diff.after")}</h4>
                      <QuestionView question={q.after!} />
                    </div>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

/** A question with every option; right answers are marked in words and by a tick, never by colour alone. */
function QuestionView(props: { question: DiffQuestion }) {
  const t = useMessages(reviewMessages);
  return (
    <div class="r-q">
      <p class="r-q__prompt">
        <strong>{props.question.prompt}</strong> <span class="t-badge">{t(`qkind.${props.question.kind}` as "qkind.single")}</span>
      </p>
      <ul class="r-options">
        <For each={props.question.options}>
          {(option) => (
            <li classList={{ "r-option--correct": option.correct && option.position === undefined }}>
              <Show
                when={option.position !== undefined}
                fallback={
                  <span class="r-option__mark" aria-label={option.correct ? t("diff.correct") : t("diff.wrong")} role="img">
                    {option.correct ? "✓" : "·"}
                  </span>
                }
              >
                <span class="r-option__mark">{t("diff.step", { n: option.position ?? 0 })}</span>
              </Show>{" "}
              {option.text}
            </li>
          )}
        </For>
      </ul>
      <p class="muted">{t("diff.explanation", { text: props.question.explanation })}</p>
    </div>
  );
}

import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { Button } from "../../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../../i18n";
import { NetworkError } from "../../../lib/api";
import { dateTime } from "../../../lib/format";
import { createLoader } from "../../../lib/load";
import { authors } from "../../../lib/roles";
import { useSession } from "../../../lib/session";
import { authoring } from "../api";
import { trainerMessages } from "../messages";
import { reviewMessages } from "./messages";
import "./review.css";

/** The review queue: every pending publish request of the courses this person reviews, oldest first. */
export default function ReviewQueue() {
  const t = useMessages(reviewMessages);
  const tt = useMessages(trainerMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = authoring(session.api);
  usePageTitle(() => t("review.title"));
  const queue = createLoader(
    () => session.user()?.id,
    () => api.reviewQueue(),
  );
  return (
    <div class="t-page">
      {/* Admins come from the admin area (they have no course list): back there. */}
      <Show
        when={authors(session.user())}
        fallback={
          <A href="/admin" class="t-back">
            ← {tt("nav.admin")}
          </A>
        }
      >
        <A href="/trainer" class="t-back">
          ← {tt("nav.backToList")}
        </A>
      </Show>
      <h1>{t("review.title")}</h1>
      <p class="lead">{t("review.intro")}</p>
      <Switch>
        <Match when={queue.error()}>
          <div class="t-card">
            <p class="alert" role="alert">
              {queue.error() instanceof NetworkError ? tt("error.network") : tt("error.serverBusy")}
            </p>
            <Button variant="secondary" onClick={() => void queue.reload()}>
              {tt("action.retry")}
            </Button>
          </div>
        </Match>
        <Match when={queue.loading() && !queue.data()}>
          <p class="loading">{tt("app.loading")}</p>
        </Match>
        <Match when={queue.data()?.length === 0}>
          <p class="empty">{t("review.empty")}</p>
        </Match>
        <Match when={queue.data()}>
          {(items) => (
            <ul class="r-queue">
              <For each={items()}>
                {(request) => (
                  <li class="t-card r-queue__item">
                    <h2 class="r-queue__title">{request.courseTitle}</h2>
                    <p class="muted">
                      {t("review.by", { name: request.requesterName ?? t("review.someone"), date: dateTime(request.requestedAt, language()) })}
                    </p>
                    <p class="r-summary">{request.changeSummary}</p>
                    <A class="button button--primary" href={`/trainer/reviews/${request.id}`}>
                      {t("review.open", { title: request.courseTitle })}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </div>
  );
}

import { A, useParams } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { CourseAnalytics } from "../../features/analytics/course-analytics";
import { useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { authoring } from "./api";
import { trainerMessages } from "./messages";

/**
 * Question analytics of a course's current version (issue 19), from every learner's attempts: the figures per
 * question and per scam simulation (features/analytics, shared with the admin's screen). Counts only: no learner
 * is ever named here.
 */
export default function Analytics() {
  const params = useParams<{ courseId: string }>();
  const t = useMessages(trainerMessages);
  const session = useSession();
  const api = authoring(session.api);
  const analytics = createLoader(
    () => params.courseId,
    (id) => api.analytics(id),
  );
  usePageTitle(() => t("analytics.title", { name: analytics.data()?.title ?? params.courseId }));
  const loadProblem = (error: unknown) =>
    error instanceof ApiError && error.status === 404
      ? t("editor.notFound")
      : error instanceof ApiError && error.status === 403
        ? t("analytics.forbidden")
        : error instanceof NetworkError
          ? t("error.network")
          : t("error.serverBusy");

  return (
    <div class="t-page">
      <A href="/trainer" class="t-back">
        ← {t("analytics.back")}
      </A>
      <h1>{t("analytics.title", { name: analytics.data()?.title ?? params.courseId })}</h1>
      <Switch>
        <Match when={analytics.error()}>
          <p class="alert" role="alert">
            {loadProblem(analytics.error())}
          </p>
        </Match>
        <Match when={analytics.loading() && !analytics.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Match>
        <Match when={analytics.data()?.version === null}>
          <p class="empty">{t("analytics.empty")}</p>
        </Match>
        <Match when={analytics.data()}>
          {(loaded) => (
            <>
              <p class="lead">{t("analytics.intro", { n: loaded().version ?? "" })}</p>
              <CourseAnalytics analytics={loaded()} />
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}

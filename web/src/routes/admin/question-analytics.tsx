import { useParams, useSearchParams } from "@solidjs/router";
import { createUniqueId, For, Match, Show, Switch } from "solid-js";
import { CourseAnalytics } from "../../features/analytics/course-analytics";
import { useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { courseList } from "./lib/courses";
import { questionAnalyticsMessages } from "./question-analytics-messages";

/**
 * /admin/units/:unitId/analytics?course= — question analytics of a course for the members of the nation or a
 * province (issue 19): which questions they get wrong, so a province sees which topics need more guidance. The
 * same view as the trainer's (features/analytics); counts only, nobody is named.
 */
export default function QuestionAnalyticsScreen() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <AnalyticsPanel unit={unit()} />}</UnitFrame>;
}

function AnalyticsPanel(props: { unit: UnitWithChildren }) {
  const t = useMessages(questionAnalyticsMessages);
  const session = useSession();
  const api = useAdminApi();
  const id = `qa-course-${createUniqueId()}`;
  const [search, setSearch] = useSearchParams<{ course?: string }>();
  usePageTitle(() => t("qaAdmin.pageTitle", { unit: props.unit.name }));

  const courses = createLoader(
    () => session.user()?.id,
    (userId) => courseList(api, userId),
  );
  // The course in the address, else the first one: the admin sees figures at once and picks another.
  const courseId = () => search.course ?? courses.data()?.[0]?.id;
  const analytics = createLoader(
    () => (courseId() ? { unitId: props.unit.id, courseId: courseId()! } : undefined),
    ({ unitId, courseId }) => api.questionAnalytics(unitId, courseId),
  );
  const atUnitLevel = (error: unknown) => error instanceof ApiError && error.code === "analytics.unit_level";

  return (
    <section class="panel" aria-labelledby="qa-admin-title">
      <h2 id="qa-admin-title">{t("qaAdmin.title")}</h2>
      <p class="muted">{t("qaAdmin.intro", { unit: props.unit.name })}</p>
      <Show when={courses.error()}>{(error) => <LoadError error={error()} onRetry={() => void courses.reload()} />}</Show>
      <Show when={courses.data()?.length === 0}>
        <p class="empty">{t("qaAdmin.noCourses")}</p>
      </Show>
      <Show when={courses.data()?.length}>
        <div class="field course-filter no-print">
          <label class="field__label" for={id}>
            {t("qaAdmin.course")}
          </label>
          <select id={id} class="field__input" value={courseId() ?? ""} onChange={(event) => setSearch({ course: event.currentTarget.value })}>
            <For each={courses.data()}>{(course) => <option value={course.id}>{course.title}</option>}</For>
          </select>
        </div>
      </Show>
      <Switch>
        <Match when={analytics.error()}>
          {(error) =>
            atUnitLevel(error()) ? <p class="notice">{t("qaAdmin.unitLevel")}</p> : <LoadError error={error()} onRetry={() => void analytics.reload()} />
          }
        </Match>
        <Match when={analytics.loading() && !analytics.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Match>
        <Match when={analytics.data()?.version === null}>
          <p class="empty">{t("qaAdmin.notPublished")}</p>
        </Match>
        <Match when={analytics.data()}>
          {(loaded) => (
            <div aria-busy={analytics.loading() ? "true" : undefined}>
              <p>{t("qaAdmin.version", { n: loaded().version ?? "" })}</p>
              <CourseAnalytics analytics={loaded()} level={3} />
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

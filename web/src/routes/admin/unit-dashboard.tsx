import type { ReportRow, UnitReport } from "@kns/core/model";
import { A, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createMemo, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { BarChart } from "./components/bar-chart";
import { CourseFilter } from "./components/course-filter";
import { ExportPanel } from "./components/export-panel";
import { FieldWorkPanel } from "./components/field-work-panel";
import { LineChart } from "./components/line-chart";
import { MonthlyReportPanel } from "./components/monthly-report-panel";
import { SortableTable, type Column } from "./components/sortable-table";
import { UnitStats } from "./components/unit-stats";
import { TeamView } from "./components/team-view";
import { UnitSearchBox } from "./components/unit-search-box";
import { TeamsPanel } from "./teams-panel";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { courseList, courseTitle } from "./lib/courses";
import { formatNumber, shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { holdsMembers, isAdmin } from "./lib/roles";
import { adminMessages } from "./messages";

/** /admin/units/:unitId — a unit's dashboard, or for a team its members and effectiveness. */
export default function UnitDashboard() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => (holdsMembers(unit().kind) ? <TeamView unit={unit()} /> : <UnitOverview unit={unit()} />)}</UnitFrame>;
}

function UnitOverview(props: { unit: UnitWithChildren }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const api = useAdminApi();
  const [search, setSearch] = useSearchParams<{ course?: string }>();
  usePageTitle(() => t("dashboard.pageTitle", { unit: props.unit.name }));

  const courses = createLoader(
    () => session.user()?.id,
    (userId) => courseList(api, userId),
  );
  const report = createLoader(
    () => ({ unitId: props.unit.id, courseId: search.course }),
    ({ unitId, courseId }) => api.report(unitId, courseId),
    // Another course keeps the figures on screen until the new ones arrive; another unit starts afresh.
    { startAfresh: (before, after) => before.unitId !== after.unitId },
  );
  const selectedTitle = () => (search.course ? courseTitle(courses.data(), search.course) : undefined);
  const navigate = useNavigate();

  return (
    <div class="dashboard">
      <Show when={isAdmin(session.user())}>
        <UnitSearchBox onSearch={(q) => navigate(`/admin/units/${encodeURIComponent(props.unit.id)}/units?q=${encodeURIComponent(q)}`)} />
      </Show>
      <CourseFilter courses={courses.data() ?? []} value={search.course} onChange={(course) => setSearch({ course })} />
      <Show
        when={report.data()}
        fallback={
          <Show when={report.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
            {(error) => <LoadError error={error()} onRetry={() => void report.reload()} />}
          </Show>
        }
      >
        {(data) => (
          <div aria-busy={report.loading() ? "true" : undefined}>
            <UnitStats row={data().unit} courseTitle={selectedTitle()} />
            <div class="dashboard__grid">
              <section class="dashboard__table" aria-labelledby="children-title">
                <h2 id="children-title">{t("dashboard.childrenTitle")}</h2>
                <p class="muted">{search.course ? t("dashboard.percentOne", { course: selectedTitle() ?? "" }) : t("dashboard.percentAll")}</p>
                <Show when={data().children.length} fallback={<p class="empty">{t("dashboard.noChildren")}</p>}>
                  <ChildrenTable report={data()} courseId={search.course} />
                </Show>
              </section>
              <div class="dashboard__charts">
                <BarChart
                  title={t("chart.byUnit")}
                  bars={[...data().children].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)).map((row) => ({ label: row.name, value: row.percent }))}
                  limit={30}
                />
                <LineChart title={t("chart.perDay")} points={data().series} />
              </div>
            </div>
            <FieldWorkPanel unitId={props.unit.id} team={false} canSetTarget={false} />
            <Show when={isAdmin(session.user())}>
              <div class="dashboard__tools">
                <MonthlyReportPanel unit={props.unit} />
                <ExportPanel unitId={props.unit.id} unitName={props.unit.name} courseId={search.course} courseTitle={selectedTitle()} />
                <section class="panel" aria-labelledby="import-link-title">
                  <h2 id="import-link-title">{t("import.title")}</h2>
                  <p class="muted">{t("import.linkIntro")}</p>
                  <A class="button button--secondary" href="/admin/import">
                    {t("import.open")}
                  </A>
                </section>
                <Show when={props.unit.kind === "commune"}>
                  <TeamsPanel unit={props.unit} />
                </Show>
              </div>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}

function ChildrenTable(props: { report: UnitReport; courseId?: string }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const n = (value: number) => formatNumber(value, language());
  const href = (row: ReportRow) => `/admin/units/${encodeURIComponent(row.unitId)}${props.courseId ? `?course=${encodeURIComponent(props.courseId)}` : ""}`;
  const columns = createMemo<Column<ReportRow>[]>(() => [
    {
      id: "name",
      label: t("col.unit"),
      value: (row) => row.name,
      cell: (row) => (
        <>
          <A href={href(row)}>{row.name}</A>
          <span class="cell-note">{row.code}</span>
        </>
      ),
    },
    // The rate right after the name: on a phone the table scrolls sideways, and this is what an admin looks for.
    { id: "percent", label: t("col.percent"), value: (row) => row.percent, numeric: true, cell: (row) => t("format.percent", { value: n(row.percent) }) },
    // People helped (field work), all time, whole subtree: a short label and number, so it fits beside the rate.
    { id: "helped", label: t("col.helped"), value: (row) => row.helped, numeric: true, cell: (row) => n(row.helped) },
    { id: "members", label: t("col.members"), value: (row) => row.members, numeric: true, cell: (row) => n(row.members) },
    { id: "pending", label: t("col.pending"), value: (row) => row.pending, numeric: true, cell: (row) => n(row.pending) },
    // Residents registered as citizens: apart from the members, in no rate.
    { id: "citizens", label: t("col.citizens"), value: (row) => row.citizens, numeric: true, cell: (row) => n(row.citizens) },
    { id: "active", label: t("col.active"), value: (row) => row.activeThisMonth, numeric: true, cell: (row) => n(row.activeThisMonth) },
    { id: "completed", label: t("col.completed"), value: (row) => row.completed, numeric: true, cell: (row) => n(row.completed) },
    {
      id: "score",
      label: t("col.score"),
      value: (row) => row.averageScore,
      numeric: true,
      cell: (row) => (row.averageScore === null ? "—" : t("format.percent", { value: n(row.averageScore) })),
    },
    {
      id: "last",
      label: t("col.lastActivity"),
      value: (row) => row.lastActivityAt,
      firstDirection: "descending",
      cell: (row) => (row.lastActivityAt ? shortDate(row.lastActivityAt, language()) : "—"),
    },
    { id: "rank", label: t("col.rank"), value: (row) => row.rank, numeric: true, firstDirection: "ascending", cell: (row) => (row.rank ? n(row.rank) : "—") },
  ]);
  return (
    <SortableTable
      caption={t("dashboard.childrenCaption")}
      columns={columns()}
      rows={props.report.children}
      rowKey={(row) => row.unitId}
      initialSort={{ column: "rank", direction: "ascending" }}
    />
  );
}

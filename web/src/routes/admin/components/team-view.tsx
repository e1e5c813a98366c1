import { TeamBadges } from "./team-badges";
import type { TeamMembers, UnitReport } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createMemo, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../../i18n";
import { useSession } from "../../../lib/session";
import { useAdminApi, type TeamMember, type UnitWithChildren } from "../lib/admin-api";
import { daysSince, formatNumber, shortDate } from "../../../lib/format";
import { createLoader } from "../../../lib/load";
import { isAdmin } from "../lib/roles";
import { reminderText, adminMessages, type AdminTranslate } from "../messages";
import { BarChart } from "./bar-chart";
import { ExportPanel } from "./export-panel";
import { FieldWorkPanel } from "./field-work-panel";
import { LineChart } from "./line-chart";
import { Nudge } from "./nudge";
import { SortableTable, type Column } from "./sortable-table";
import { LoadError } from "./unit-frame";
import { UnitStats } from "./unit-stats";

type CourseProgress = TeamMember["courses"][string];

/** 2 = completed, 1 = started, 0 = not started: sorts a course column from most to least done. */
function courseState(progress: CourseProgress | undefined) {
  return progress?.completed ? 2 : progress && progress.lessons > 0 ? 1 : 0;
}

export function CourseStatus(props: { progress: CourseProgress | undefined }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  return (
    <Show
      when={courseState(props.progress) === 2}
      fallback={
        <Show when={courseState(props.progress) === 1} fallback={<span class="status status--none">{t("status.notStarted")}</span>}>
          <span class="status status--started">{t("status.started", { lessons: props.progress!.lessons })}</span>
        </Show>
      }
    >
      <span class="status status--done">
        <span aria-hidden="true">✓ </span>
        {props.progress?.completedAt ? t("status.completedOn", { date: shortDate(props.progress.completedAt, language()) }) : t("status.completed")}
      </span>
    </Show>
  );
}

/** The member's average of their best quiz scores over the courses they have scores in. */
export function memberScore(member: TeamMember): number | null {
  const scores = Object.values(member.courses)
    .map((course) => course.averageScore)
    .filter((score): score is number => score !== null);
  return scores.length ? Math.round(scores.reduce((sum, score) => sum + score, 0) / scores.length) : null;
}

export function lastActivityText(t: AdminTranslate, iso: string | null) {
  if (!iso) return t("activity.never");
  const days = daysSince(iso);
  return days === 0 ? t("activity.today") : t("activity.daysAgo", { days });
}

/**
 * A team: how effective it is (completion per core course, average score, days since anyone learned, its
 * rank among the sibling teams) and each member's progress, with a reminder the leader can send.
 */
export function TeamView(props: { unit: UnitWithChildren }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = useAdminApi();
  usePageTitle(() => t("team.pageTitle", { unit: props.unit.name }));
  const report = createLoader(
    () => props.unit.id,
    (unitId) => api.report(unitId),
  );
  const members = createLoader(
    () => props.unit.id,
    (unitId) => api.members(unitId),
  );
  // The rank among sibling teams comes from the parent's report, which only admins above the team may read.
  const siblings = createLoader(
    () => (isAdmin(session.user()) && props.unit.parentId ? props.unit.parentId : undefined),
    (parentId) => api.report(parentId).catch(() => undefined),
  );
  const rank = createMemo(() => {
    const row = siblings.data()?.children.find((child) => child.unitId === props.unit.id);
    return row?.rank ? { rank: row.rank, of: siblings.data()!.children.length, parent: siblings.data()!.unit.name } : undefined;
  });

  return (
    <div class="dashboard">
      <Show
        when={report.data()}
        fallback={
          <Show when={report.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
            {(error) => <LoadError error={error()} onRetry={() => void report.reload()} />}
          </Show>
        }
      >
        {(data) => (
          <>
            <TeamBadges unitId={props.unit.id} />
            <section aria-labelledby="effect-title">
              <h2 id="effect-title">{t("team.effectiveness")}</h2>
              <UnitStats
                row={data().unit}
                extra={[
                  {
                    label: t("stats.lastActivity"),
                    value: lastActivityText(t, data().unit.lastActivityAt),
                    note: data().unit.lastActivityAt ? shortDate(data().unit.lastActivityAt!, language()) : undefined,
                  },
                  ...(rank()
                    ? [
                        {
                          label: t("stats.rank"),
                          value: t("stats.rankValue", { rank: rank()!.rank, of: rank()!.of }),
                          note: t("stats.rankAmong", { parent: rank()!.parent }),
                        },
                      ]
                    : []),
                ]}
              />
            </section>
            <FieldWorkPanel unitId={props.unit.id} team canSetTarget={isAdmin(session.user())} />
            <div class="dashboard__grid">
              <section class="dashboard__table" aria-labelledby="members-title">
                <h2 id="members-title">{t("team.membersTitle")}</h2>
                <Show
                  when={members.data()}
                  fallback={
                    <Show when={members.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
                      {(error) => <LoadError error={error()} onRetry={() => void members.reload()} />}
                    </Show>
                  }
                >
                  {(team) => <MembersTable team={team()} unitId={props.unit.id} />}
                </Show>
              </section>
              <div class="dashboard__charts">
                <CourseBars report={data()} members={members.data()} />
                <LineChart title={t("chart.perDay")} points={data().series} />
              </div>
            </div>
            <Show when={members.data()}>{(team) => <TeamNudge team={team()} report={data()} />}</Show>
            <Show when={isAdmin(session.user())}>
              <div class="dashboard__tools">
                <ExportPanel unitId={props.unit.id} unitName={props.unit.name} />
              </div>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

function CourseBars(props: { report: UnitReport; members: TeamMembers | undefined }) {
  const t = useMessages(adminMessages);
  const bars = createMemo(() => {
    const titles = new Map(props.members?.courses.map((course) => [course.id, course.title]));
    const members = props.report.unit.members;
    return props.report.courses.map((id) => ({
      label: titles.get(id) ?? id,
      value: members ? Math.round(((props.report.unit.completedByCourse[id] ?? 0) / members) * 100) : 0,
    }));
  });
  return <BarChart title={t("chart.byCourse")} bars={bars()} />;
}

function MembersTable(props: { team: TeamMembers; unitId: string }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const columns = createMemo<Column<TeamMember>[]>(() => [
    {
      id: "name",
      label: t("col.name"),
      value: (member) => member.fullName,
      cell: (member) => (
        <>
          <A href={`/admin/units/${encodeURIComponent(props.unitId)}/members/${encodeURIComponent(member.id)}`}>{member.fullName}</A>
          <span class="cell-note">
            {[
              member.phone,
              member.roles.includes("team-leader") ? t("role.team-leader") : "",
              !member.active ? t("member.inactive") : "",
              member.pending ? t("member.pending") : "",
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </>
      ),
    },
    ...props.team.courses.map(
      (course): Column<TeamMember> => ({
        id: `course-${course.id}`,
        label: course.title,
        value: (member) => courseState(member.courses[course.id]),
        firstDirection: "descending",
        wide: true,
        cell: (member) => <CourseStatus progress={member.courses[course.id]} />,
      }),
    ),
    {
      id: "score",
      label: t("col.score"),
      value: memberScore,
      numeric: true,
      cell: (member) => {
        const score = memberScore(member);
        return score === null ? "—" : t("format.percent", { value: formatNumber(score, language()) });
      },
    },
    {
      id: "last",
      label: t("col.lastActivity"),
      value: (member) => member.lastActivityAt,
      firstDirection: "descending",
      cell: (member) => lastActivityText(t, member.lastActivityAt),
    },
  ]);
  return (
    <Show when={props.team.members.length} fallback={<p class="empty">{t("team.noMembers")}</p>}>
      <SortableTable
        caption={t("team.membersCaption")}
        columns={columns()}
        rows={props.team.members}
        rowKey={(member) => member.id}
        initialSort={{ column: "name", direction: "ascending" }}
      />
    </Show>
  );
}

function TeamNudge(props: { team: TeamMembers; report: UnitReport }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const unfinished = createMemo(
    () => props.team.members.filter((member) => member.active && props.team.courses.some((course) => !member.courses[course.id]?.completed)).length,
  );
  const params = () => ({
    team: props.team.unit.name,
    percent: props.report.unit.percent,
    link: `${window.location.origin}/`,
    sender: session.user()?.fullName ?? "",
  });
  return (
    <Show when={unfinished() > 0}>
      <Nudge
        title={t("nudge.teamTitle", { count: unfinished() })}
        message={reminderText("nudge.teamMessage", params())}
        translation={t("nudge.teamMessage", params())}
      />
    </Show>
  );
}

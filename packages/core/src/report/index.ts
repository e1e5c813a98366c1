export * as Report from "./index";

import { Course } from "../course";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { User } from "../user";
import { maskPhone } from "../user/phone";
import { row } from "./row";

export type { Row } from "./row";
export { monthlyWorkbook } from "./monthly";
export { competenceCoverage } from "./competences";

/** Days in a unit's completions chart. */
const SERIES_DAYS = 90;

function lastDays(byDay: Record<string, number>, days: number, today = new Date()) {
  const out: { day: string; completed: number }[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(today.getTime() - i * 86400_000).toISOString().slice(0, 10);
    out.push({ day, completed: byDay[day] ?? 0 });
  }
  return out;
}

/**
 * A unit and each of its children, with members, completion, activity and scores for their whole subtree,
 * read from the counters maintained on write (one query per unit shown, never a scan over members), the
 * children ranked among themselves, and the unit's completions per day for the last 90 days.
 */
export async function forUnit(unit: Unit.Info, courseId?: string) {
  const [children, catalogue] = await Promise.all([Unit.children(unit.id), courseId ? Promise.resolve([]) : Course.counted()]);
  const courseIds = courseId ? [courseId] : catalogue.map((c) => c.id);
  // Only the unit's own line chart needs days; every row needs this month's activity (the default window).
  const [own, ...childStats] = await Promise.all([Unit.stats(unit.id, { days: SERIES_DAYS }), ...children.map((child) => Unit.stats(child.id))]);
  const month = new Date().toISOString().slice(0, 7);
  const rows = children.map((child, i) => row(child, childStats[i]!, courseIds, month));
  const ranked = [...rows].sort((a, b) => b.percent - a.percent || (b.averageScore ?? -1) - (a.averageScore ?? -1) || a.name.localeCompare(b.name, "vi"));
  ranked.forEach((r, i) => {
    r.rank = i + 1;
  });
  return {
    unit: row(unit, own!, courseIds, month),
    courseId: courseId ?? null,
    courses: courseIds,
    children: rows,
    series: lastDays(own!.completionsByDay, SERIES_DAYS),
  };
}

/**
 * A team's learners with their progress in the counted courses (for admins and the team's own leader), the
 * ones not yet activated flagged (`pending`) so the page shows them apart. Phones masked.
 */
export async function members(unit: Unit.Info) {
  const [everyone, progress, catalogue] = await Promise.all([User.listForUnit(unit.id), Progress.listForUnit(unit.id), Course.counted()]);
  // Learners only: staff attached to the unit (an admin, a trainer) are not members unless they also hold a member role.
  const people = everyone.filter((person) => User.countsAsMember(person.roles));
  const byUser = new Map<string, Progress.Record[]>();
  const lastActivity = new Map<string, string>();
  const countedIds = new Set(catalogue.map((c) => c.id));
  for (const record of progress) {
    // Activity in any course is activity; only the counted courses are shown course by course.
    if ((lastActivity.get(record.userId) ?? "") < record.lastActivityAt) lastActivity.set(record.userId, record.lastActivityAt);
    if (countedIds.has(record.courseId)) byUser.set(record.userId, [...(byUser.get(record.userId) ?? []), record]);
  }
  return {
    unit: { unitId: unit.id, name: unit.name, kind: unit.kind },
    courses: catalogue.map((c) => ({ id: c.id, title: c.title })),
    members: people.map((person) => {
      const records = byUser.get(person.id) ?? [];
      return {
        id: person.id,
        fullName: person.fullName,
        phone: maskPhone(person.phone),
        roles: person.roles,
        active: person.active,
        pending: Boolean(person.pending),
        lastActivityAt: lastActivity.get(person.id) ?? null,
        courses: Object.fromEntries(
          records.map((r) => {
            const quizzes = Object.values(r.quizzes);
            return [
              r.courseId,
              {
                completed: Boolean(r.completedAt),
                completedAt: r.completedAt ?? null,
                lessons: r.completedLessons.length,
                averageScore: quizzes.length ? Math.round(quizzes.reduce((s, q) => s + q.bestPercent, 0) / quizzes.length) : null,
              },
            ];
          }),
        ),
      };
    }),
  };
}

import type { ReportRow } from "../model";
import type { Unit } from "../unit";

/** One unit's line in a dashboard (shape shared with the web app in contract.ts). */
export type Row = ReportRow;

export function row(unit: Unit.Info, stats: Unit.Stats, courseIds: string[], month: string): Row {
  const completed = courseIds.reduce((sum, id) => sum + (stats.completedByCourse[id] ?? 0), 0);
  const possible = stats.members * Math.max(1, courseIds.length);
  return {
    unitId: unit.id,
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    members: stats.members,
    pending: stats.pending,
    citizens: stats.citizens,
    completed,
    percent: possible ? Math.min(100, Math.round((completed / possible) * 100)) : 0,
    completedByCourse: stats.completedByCourse,
    activeThisMonth: stats.activeByMonth[month] ?? 0,
    helped: stats.helped,
    averageScore: stats.attempts ? Math.round(stats.scoreSum / stats.attempts) : null,
    lastActivityAt: stats.lastActivityAt,
  };
}

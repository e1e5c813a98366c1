export * as Report from "./index";

import { Unit } from "../unit";

export interface Row {
  unitId: string;
  code: string;
  name: string;
  kind: Unit.Info["kind"];
  members: number;
  completed: number;
  percent: number;
  completedByCourse: Record<string, number>;
}

function row(unit: Unit.Info, stats: Unit.Stats, courseId?: string): Row {
  const completed = courseId ? (stats.completedByCourse[courseId] ?? 0) : Object.values(stats.completedByCourse).reduce((a, b) => a + b, 0);
  const courses = Math.max(1, courseId ? 1 : Object.keys(stats.completedByCourse).length);
  const percent = stats.members ? Math.min(100, Math.round((completed / (stats.members * (courseId ? 1 : courses))) * 100)) : 0;
  return { unitId: unit.id, code: unit.code, name: unit.name, kind: unit.kind, members: stats.members, completed, percent, completedByCourse: stats.completedByCourse };
}

/**
 * A unit and each of its children with members and completions for their whole subtree, read from the
 * counters maintained on write: one query per unit shown, never a scan over members.
 */
export async function forUnit(unit: Unit.Info, courseId?: string) {
  const children = await Unit.children(unit.id);
  const [own, ...childStats] = await Promise.all([Unit.stats(unit.id), ...children.map((child) => Unit.stats(child.id))]);
  return {
    unit: row(unit, own!, courseId),
    courseId: courseId ?? null,
    children: children.map((child, i) => row(child, childStats[i]!, courseId)),
  };
}

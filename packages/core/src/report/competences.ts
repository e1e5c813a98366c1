import { Activity } from "../activity";
import type { Session } from "../auth";
import { assertCanOversee } from "../auth/scope";
import { Course } from "../course";
import { BASIC_SKILLS, COMPETENCES, COMPETENCE_CODES, type BasicSkill, type CompetenceCoverage, fieldWorkMonth } from "../model";
import { Unit } from "../unit";

/**
 * Which skills a unit has actually learned (model/competence.ts CompetenceCoverage): the courses offered to it
 * (national and its province's), each with the competences its published version teaches (on the catalogue card)
 * and its completions in the unit's subtree (the counters kept on write), plus, for the 5 basic skills, the month's
 * field work. A handful of reads, whatever the unit's size. For admins over the unit and its own team leader.
 */
export async function competenceCoverage(viewer: Session, unitId: string, month = fieldWorkMonth(new Date())): Promise<CompetenceCoverage> {
  const unit = await assertCanOversee(viewer, unitId);
  const [courses, stats, helped] = await Promise.all([
    Course.learnerOwners(unit.id).then(Course.catalogue),
    Unit.stats(unit.id, { months: 0 }),
    Activity.helpedIn(unit.id, month),
  ]);
  const items = COMPETENCE_CODES.map((code) => {
    const teaching = courses
      .filter((course) => course.card?.competences?.includes(code))
      .map((course) => ({
        id: course.id,
        title: course.title,
        audience: course.card!.audience,
        completed: stats.completedByCourse[course.id] ?? 0,
      }))
      // Members' courses first (they make the percentage), then by completions.
      .sort((a, b) => Number(a.audience !== "members") - Number(b.audience !== "members") || b.completed - a.completed || a.title.localeCompare(b.title, "vi"));
    const learnedAtLeast = Math.min(
      stats.members,
      teaching.filter((course) => course.audience === "members").reduce((best, course) => Math.max(best, course.completed), 0),
    );
    const info = COMPETENCES[code];
    const basic = (BASIC_SKILLS as readonly string[]).includes(code);
    const help = basic ? helped.bySkill[code as BasicSkill] : undefined;
    return {
      code,
      kind: info.kind,
      courses: teaching,
      learnedAtLeast,
      percent: stats.members > 0 ? Math.floor((100 * learnedAtLeast) / stats.members) : null,
      ...(basic ? { helped: help ?? { people: 0, sessions: 0 } } : {}),
    };
  });
  return { unit: { unitId: unit.id, name: unit.name, kind: unit.kind }, members: stats.members, month, items };
}

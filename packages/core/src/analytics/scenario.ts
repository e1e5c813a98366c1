import { Course } from "../course";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import type { ScenarioAnalytics, ScenarioOutcome } from "../model";
import { Unit } from "../unit";
import { analyticsKeys, type AnalyticsScope } from "./analytics.entity";

/**
 * Scam-simulator analytics (issue 19): per published version and scenario lesson, how many plays, how each
 * ended, how many plays reached each step and what they chose there. Counted in the play's own transaction
 * (Progress.recordEvents through applyChange's `counters`), so a replayed play never counts twice. Kept for
 * every learner and for the learner's province, like question analytics (./index.ts); no learner id or name.
 *
 * One item per scenario lesson, scope and shard (COUNTER_SHARDS: the nation's number for all learners, a
 * province's for a province, since a whole class plays the same scenario at once), its counters attributes:
 * `plays`, `e.<ending>` plays that ended there, `r.<step>` plays that reached the step, `c.<step>.<choice>`
 * plays that made the choice there. A play that loops back to a step counts it and each choice made there
 * once. Ids never hold "." or "#" (LOCAL_ID). A reader adds the shards up: one Query per course and scope.
 */

/** The learner's province, from their unit's lineage (nation / province / …); none for a learner without a unit. */
function provinceOf(unit: Pick<Unit.Info, "path"> | undefined): string | undefined {
  const lineage = unit ? Unit.lineage(unit) : [];
  return lineage[0] === Course.NATION ? lineage[1] : undefined;
}

/** The counters one play adds to, attribute by attribute. */
function playCounts(outcome: Pick<ScenarioOutcome, "endingId" | "choices">): Map<string, number> {
  const counts = new Map<string, number>([
    ["plays", 1],
    [`e.${outcome.endingId}`, 1],
  ]);
  for (const { stepId, choiceId } of outcome.choices) {
    counts.set(`r.${stepId}`, 1);
    counts.set(`c.${stepId}.${choiceId}`, 1);
  }
  return counts;
}

/**
 * Transaction items that count the plays of one scenario lesson sent together: one update for all learners and
 * one for the learner's province, each on a shard picked at random, the plays added up first (a batch from an
 * outbox may hold several plays of the same scenario).
 */
export function playCounterUpdates(
  plays: { courseId: string; version: number; lessonId: string; outcomes: readonly Pick<ScenarioOutcome, "endingId" | "choices">[] },
  unit: Pick<Unit.Info, "path"> | undefined,
) {
  const { table } = db();
  const province = provinceOf(unit);
  const scopes: { scope: AnalyticsScope; shards: number }[] = [
    { scope: { kind: "all" }, shards: Unit.COUNTER_SHARDS[0] ?? 1 },
    ...(province ? [{ scope: { kind: "province", provinceId: province } as const, shards: Unit.COUNTER_SHARDS[1] ?? 1 }] : []),
  ];
  const totals = new Map<string, number>();
  for (const outcome of plays.outcomes) for (const [name, count] of playCounts(outcome)) totals.set(name, (totals.get(name) ?? 0) + count);
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const placeholderOf = new Map<number, string>();
  const adds = [...totals].map(([attribute, count], i) => {
    names[`#a${i}`] = attribute;
    let value = placeholderOf.get(count);
    if (!value) {
      value = `:v${placeholderOf.size}`;
      placeholderOf.set(count, value);
      values[value] = count;
    }
    return `#a${i} ${value}`;
  });
  return scopes.map(({ scope, shards }) => ({
    Update: {
      TableName: table,
      Key: analyticsKeys.scenarioCounter(plays.courseId, plays.version, plays.lessonId, scope, Math.floor(Math.random() * shards)),
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  }));
}

const percentOf = (count: number, total: number) => (total ? Math.round((count / total) * 1000) / 10 : 0);

/** A shard's sort key after the scope's prefix: the lesson id, then `@<shard>` unless shard 0. */
const lessonOfKey = (sk: string, scope: AnalyticsScope) => sk.slice(analyticsKeys.scopePrefix(scope).length).split("@")[0] ?? "";

/**
 * Every scenario lesson of a published version for a scope, in course order, with its plays, endings and the
 * choices made at each step. One Query for the whole course, shards added up.
 */
export async function scenarioAnalytics(
  version: Pick<Course.Version, "courseId" | "version" | "content">,
  scope: AnalyticsScope,
): Promise<ScenarioAnalytics[]> {
  const lessons = version.content.modules.flatMap((module) => module.lessons.flatMap((lesson) => (lesson.kind === "scenario" ? [{ module, lesson }] : [])));
  if (lessons.length === 0) return [];
  const items = await queryPartition<Record<string, unknown>>(analyticsKeys.scenarioPartition(version.courseId, version.version), {
    prefix: analyticsKeys.scopePrefix(scope),
  });
  const sums = new Map<string, Map<string, number>>();
  for (const item of items) {
    const lessonId = lessonOfKey(String(item.sk), scope);
    const counts = sums.get(lessonId) ?? new Map<string, number>();
    sums.set(lessonId, counts);
    for (const [name, value] of Object.entries(withoutKeys(item))) counts.set(name, (counts.get(name) ?? 0) + Number(value ?? 0));
  }
  return lessons.map(({ module, lesson }) => {
    const { scenario } = lesson;
    const counts = sums.get(lesson.id) ?? new Map<string, number>();
    const count = (name: string) => counts.get(name) ?? 0;
    const plays = count("plays");
    const outcomes = new Map(scenario.endings.map((ending) => [ending.id, ending.outcome]));
    const endings = scenario.endings.map((ending) => ({ id: ending.id, title: ending.title, outcome: ending.outcome, count: count(`e.${ending.id}`) }));
    const safe = endings.filter((ending) => ending.outcome === "safe").reduce((sum, ending) => sum + ending.count, 0);
    return {
      lessonId: lesson.id,
      moduleTitle: module.title,
      title: lesson.title,
      plays,
      safePercent: percentOf(safe, plays),
      endings,
      steps: scenario.steps.map((step) => {
        const reached = count(`r.${step.id}`);
        return {
          stepId: step.id,
          text: step.messages[0]?.text.split("\n")[0] ?? "",
          reached,
          choices: step.choices.map((choice) => {
            const chosen = count(`c.${step.id}.${choice.id}`);
            const ending = outcomes.get(choice.next);
            return {
              id: choice.id,
              text: choice.text,
              action: choice.action,
              leadsTo: ending ?? ("step" as const),
              count: chosen,
              chosenPercent: percentOf(chosen, reached),
            };
          }),
        };
      }),
    };
  });
}

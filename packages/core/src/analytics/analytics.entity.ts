/** Storage keys for question analytics. Access patterns: see packages/core/README.md. */

/** Whose answers a counter holds: every learner's, or one province's learners'. */
export type AnalyticsScope = { kind: "all" } | { kind: "province"; provinceId: string };

const scopePrefix = (scope: AnalyticsScope) => (scope.kind === "all" ? "ALL#" : `P#${scope.provinceId}#`);

export const analyticsKeys = {
  /** Every counter of one quiz of one published version: one Query reads a quiz for a scope. */
  partition: (courseId: string, version: number, quizId: string) => `QSTATS#${courseId}#${version}#${quizId}`,
  /**
   * The counters of a group of the quiz's questions (by position, QUESTIONS_PER_ITEM to an item) for a scope, on
   * one shard (`@n`, shard 0 the plain key). Questions and option ids never hold "#", "@" or "." (LOCAL_ID).
   */
  counter: (courseId: string, version: number, quizId: string, scope: AnalyticsScope, group: number, shard: number) => ({
    pk: analyticsKeys.partition(courseId, version, quizId),
    sk: `${scopePrefix(scope)}${group}${shard ? `@${shard}` : ""}`,
  }),
  scopePrefix,
  /** Every scenario counter of one published version of a course: one Query reads all its scenarios for a scope. */
  scenarioPartition: (courseId: string, version: number) => `SSTATS#${courseId}#${version}`,
  /** The plays of one scenario lesson for a scope, on one shard (`@n`, shard 0 the plain key); lesson ids hold no "#" or "@". */
  scenarioCounter: (courseId: string, version: number, lessonId: string, scope: AnalyticsScope, shard: number) => ({
    pk: analyticsKeys.scenarioPartition(courseId, version),
    sk: `${scopePrefix(scope)}${lessonId}${shard ? `@${shard}` : ""}`,
  }),
};

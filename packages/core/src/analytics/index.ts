export * as Analytics from "./index";

import type { Session } from "../auth";
import { administers } from "../auth/scope";
import { Course } from "../course";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { QUESTION_KINDS, answerTimeBucket, medianSeconds, pointBiserial, questionFlags, type CourseQuestionAnalytics, type QuestionAnalytics } from "../model";
import { Unit } from "../unit";
import { analyticsKeys, type AnalyticsScope } from "./analytics.entity";
import { scenarioAnalytics } from "./scenario";

/**
 * Question analytics (issue 19): per published version, quiz and question, how many answered, how many right,
 * how often each option was chosen, and the sums a point-biserial correlation needs. Counted in the attempt's
 * own transaction (Progress.applyChange), so a replayed attempt never counts twice; unanswered questions are
 * not counted. Kept for every learner and for the learner's province, so an admin over a province sees their
 * members'. No learner id or name is stored here.
 *
 * A quiz may ask up to 100 questions, so one item per question would not fit an attempt's transaction (at most
 * 100 items, two scopes). The questions are grouped by position, QUESTIONS_PER_ITEM to an item (at most 10
 * items per scope, 20 per attempt), each counter an attribute named after its question: `n.<q>` answers,
 * `c.<q>` answered right, `sy.<q>` / `syy.<q>` / `sxy.<q>` the sums of the attempt's score (percent), of its
 * square and of the score where the question was right, `o.<q>.<option>` times the option was chosen,
 * `t.<q>.<from>` answers whose time (the seconds the player recorded) fell in the bucket starting at `from`
 * (ANSWER_TIME_BUCKETS: a histogram, so the median is counted without keeping every time). Like the
 * unit counters, every item is sharded (COUNTER_SHARDS: the nation's number for all learners, a province's for
 * a province), since a whole class submits the same quiz at once; a reader adds the shards up.
 */
const QUESTIONS_PER_ITEM = 10;

/** A question the attempt answered (an option chosen at least), at its position in the quiz. */
export interface AnsweredQuestion {
  questionId: string;
  position: number;
  correct: boolean;
  /** Options chosen, counted for the option shares; none for ordering, where every step is always placed. */
  optionIds: string[];
  /** Seconds the learner spent on it, when the app recorded them. */
  seconds?: number;
}

/** The answered questions of a graded attempt, in the quiz's order. */
export function answeredQuestions(
  questions: readonly Course.Question[],
  answers: readonly { questionId: string; optionIds: string[]; seconds?: number }[],
  results: readonly { questionId: string; correct: boolean }[],
): AnsweredQuestion[] {
  const chosen = new Map(answers.map((answer) => [answer.questionId, answer.optionIds]));
  const seconds = new Map(answers.flatMap((answer) => (answer.seconds === undefined ? [] : [[answer.questionId, answer.seconds] as const])));
  const correct = new Map(results.map((result) => [result.questionId, result.correct]));
  return questions.flatMap((question, position) => {
    const optionIds = chosen.get(question.id);
    const right = correct.get(question.id);
    if (!optionIds?.length || right === undefined) return [];
    const inOrder = QUESTION_KINDS[question.kind].answer === "order";
    const time = seconds.get(question.id);
    return [{ questionId: question.id, position, correct: right, optionIds: inOrder ? [] : optionIds, ...(time === undefined ? {} : { seconds: time }) }];
  });
}

/** The learner's province, from their unit's lineage (nation / province / …); none for a learner without a unit. */
function provinceOf(unit: Pick<Unit.Info, "path"> | undefined): string | undefined {
  const lineage = unit ? Unit.lineage(unit) : [];
  return lineage[0] === Course.NATION ? lineage[1] : undefined;
}

/**
 * Transaction items that count one graded attempt: for all learners and for the learner's province, one update
 * per group of answered questions, on a shard picked at random.
 */
export function attemptCounterUpdates(
  attempt: { courseId: string; version: number; quizId: string; scorePercent: number; answered: readonly AnsweredQuestion[] },
  unit: Pick<Unit.Info, "path"> | undefined,
) {
  const { table } = db();
  const province = provinceOf(unit);
  const scopes: { scope: AnalyticsScope; shards: number }[] = [
    { scope: { kind: "all" }, shards: Unit.COUNTER_SHARDS[0] ?? 1 },
    ...(province ? [{ scope: { kind: "province", provinceId: province } as const, shards: Unit.COUNTER_SHARDS[1] ?? 1 }] : []),
  ];
  const groups = new Map<number, AnsweredQuestion[]>();
  for (const question of attempt.answered) {
    const group = Math.floor(question.position / QUESTIONS_PER_ITEM);
    groups.set(group, [...(groups.get(group) ?? []), question]);
  }
  return scopes.flatMap(({ scope, shards }) => {
    const shard = Math.floor(Math.random() * shards);
    return [...groups].map(([group, questions]) => {
      const names: Record<string, string> = {};
      const adds: string[] = [];
      const add = (attribute: string, value: ":one" | ":score" | ":square") => {
        const placeholder = `#a${adds.length}`;
        names[placeholder] = attribute;
        adds.push(`${placeholder} ${value}`);
      };
      for (const { questionId, correct, optionIds, seconds } of questions) {
        add(`n.${questionId}`, ":one");
        add(`sy.${questionId}`, ":score");
        add(`syy.${questionId}`, ":square");
        if (correct) {
          add(`c.${questionId}`, ":one");
          add(`sxy.${questionId}`, ":score");
        }
        for (const optionId of optionIds) add(`o.${questionId}.${optionId}`, ":one");
        if (seconds !== undefined) add(`t.${questionId}.${answerTimeBucket(seconds)}`, ":one");
      }
      return {
        Update: {
          TableName: table,
          Key: analyticsKeys.counter(attempt.courseId, attempt.version, attempt.quizId, scope, group, shard),
          UpdateExpression: `ADD ${adds.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ":one": 1, ":score": attempt.scorePercent, ":square": attempt.scorePercent ** 2 },
        },
      };
    });
  });
}

interface Sums {
  n: number;
  sx: number;
  sy: number;
  syy: number;
  sxy: number;
  options: Map<string, number>;
  /** Timed answers per bucket (its lower bound in seconds). */
  times: Map<number, number>;
}

const FIELDS = { n: "n", c: "sx", sy: "sy", syy: "syy", sxy: "sxy" } as const;

/** A quiz's counters for a scope, every group and shard added up, per question. One Query. */
async function readQuiz(courseId: string, version: number, quizId: string, scope: AnalyticsScope): Promise<Map<string, Sums>> {
  const items = await queryPartition<Record<string, unknown>>(analyticsKeys.partition(courseId, version, quizId), {
    prefix: analyticsKeys.scopePrefix(scope),
  });
  const sums = new Map<string, Sums>();
  const of = (questionId: string) => {
    const found = sums.get(questionId) ?? { n: 0, sx: 0, sy: 0, syy: 0, sxy: 0, options: new Map<string, number>(), times: new Map<number, number>() };
    sums.set(questionId, found);
    return found;
  };
  for (const item of items) {
    for (const [name, value] of Object.entries(withoutKeys(item))) {
      const [field = "", questionId = "", optionId] = name.split(".");
      const count = Number(value ?? 0);
      if (field === "o" && optionId) of(questionId).options.set(optionId, (of(questionId).options.get(optionId) ?? 0) + count);
      else if (field === "t" && optionId) {
        const times = of(questionId).times;
        times.set(Number(optionId), (times.get(Number(optionId)) ?? 0) + count);
      } else if (Object.hasOwn(FIELDS, field)) of(questionId)[FIELDS[field as keyof typeof FIELDS]] += count;
    }
  }
  return sums;
}

const percentOf = (count: number, total: number) => (total ? Math.round((count / total) * 1000) / 10 : 0);

function describe(quizId: string, moduleTitle: string, question: Course.Question, sums: Sums | undefined): QuestionAnalytics {
  const spec = QUESTION_KINDS[question.kind];
  const attempts = sums?.n ?? 0;
  const right = new Set(spec.correctAnswer(question));
  const r = sums ? pointBiserial(sums) : null;
  const stats = {
    quizId,
    moduleTitle,
    questionId: question.id,
    prompt: question.prompt,
    kind: question.kind,
    attempts,
    correctPercent: percentOf(sums?.sx ?? 0, attempts),
    discrimination: r === null ? null : Math.round(r * 1000) / 1000,
    options:
      spec.answer === "order"
        ? []
        : question.options.map((option) => ({
            id: option.id,
            text: option.text,
            correct: right.has(option.id),
            chosenPercent: percentOf(sums?.options.get(option.id) ?? 0, attempts),
          })),
  };
  return { ...stats, flags: questionFlags(stats), medianSeconds: sums ? medianSeconds(sums.times) : null };
}

/** Every question of a course's current version, for a scope: one Query per quiz, all at once. */
async function forScope(meta: Course.Meta, scope: AnalyticsScope, unitId: string | null): Promise<CourseQuestionAnalytics> {
  const { id: courseId, latestVersion } = meta;
  if (latestVersion < 1) return { courseId, title: meta.title, version: null, unitId, questions: [], scenarios: [] };
  const version = await Course.mustGetVersion(courseId, latestVersion);
  const perQuiz = await Promise.all(
    version.content.modules.map(async (module) => {
      const quizId = Course.quizId(courseId, module.id);
      const sums = await readQuiz(courseId, version.version, quizId, scope);
      return module.quiz.questions.map((question) => describe(quizId, module.title, question, sums.get(question.id)));
    }),
  );
  const scenarios = await scenarioAnalytics(version, scope);
  return { courseId, title: version.content.title, version: version.version, unitId, questions: perQuiz.flat(), scenarios };
}

/** A trainer's view of a course of their scope (Course.mustEdit): every learner's answers. */
export async function forCourse(courseId: string, scopes: Course.CourseScopes): Promise<CourseQuestionAnalytics> {
  const meta = await Course.mustEdit(courseId, scopes);
  return forScope(meta, { kind: "all" }, null);
}

/**
 * An admin's view of a course for the unit they administer: the nation's is every learner's, a province's its
 * members'. Counters are not kept below a province (they would add items to every attempt's transaction for
 * a handful of learners each): a commune or team asks at its province. Outside the admin's subtree: not found.
 */
export async function forUnit(session: Session, unitId: string, courseId: string): Promise<CourseQuestionAnalytics> {
  const unit = await Unit.get(unitId);
  if (!unit || !administers(session, unit)) throw new VisibleError("unit.not_found", "This unit does not exist.");
  const province = provinceOf(unit);
  const scope: AnalyticsScope | undefined =
    unit.id === Course.NATION ? { kind: "all" } : province === unit.id ? { kind: "province", provinceId: province } : undefined;
  if (!scope) throw new VisibleError("analytics.unit_level", "Question analytics are kept for the nation and for each province.");
  // Only a course this unit's learners are offered (the nation's admin sees every course learners can take): a
  // province admin reads neither another province's course nor a trainer's test course, answers included.
  const meta = await Course.getMeta(courseId);
  const lineage = scope.kind === "all" ? undefined : Unit.lineage(unit);
  if (!meta || meta.latestVersion < 1 || meta.curriculum === "test" || (lineage && !Course.offeredUnder(meta, lineage)))
    throw new VisibleError("course.not_found", "This course does not exist.");
  return forScope(meta, scope, unit.id);
}

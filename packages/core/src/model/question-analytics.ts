import type { ScenarioAction } from "./scenario";

/**
 * Question analytics (issue 19): what a trainer sees per question of a quiz, and when a question is flagged.
 * Counted on every graded attempt (analytics/), read per quiz. No learner is ever named: only counts.
 */

export type QuestionFlag = "too_easy" | "too_hard" | "negative_discrimination" | "unpicked_option";

export const QUESTION_ANALYTICS_RULES = {
  /** Below this many answers a question is neither flagged nor given a discrimination: too few to tell. */
  minAttempts: 10,
  /** More than this share answering right: too easy. */
  tooEasyPercent: 95,
  /** Less than this share answering right: too hard. */
  tooHardPercent: 30,
} as const;

export interface QuestionOptionShare {
  id: string;
  text: string;
  /** Part of the right answer. */
  correct: boolean;
  /** Share of the answers to this question that chose the option (several options may be chosen at once). */
  chosenPercent: number;
}

export interface QuestionAnalytics {
  quizId: string;
  moduleTitle: string;
  questionId: string;
  prompt: string;
  kind: string;
  /** Attempts that answered this question (unanswered questions are not counted). */
  attempts: number;
  correctPercent: number;
  /** Point-biserial correlation of answering right with the attempt's score, −1…1; null below minAttempts or without spread. */
  discrimination: number | null;
  /** The options and their shares; empty for ordering questions, where every option is always placed. */
  options: QuestionOptionShare[];
  flags: QuestionFlag[];
  /**
   * Median seconds learners spent on the question (from the time the player records per answer), estimated
   * from a histogram of counters; null when no answer carried a time.
   */
  medianSeconds: number | null;
}

/** How often learners made a choice at a step of a scam-simulator scenario (model/scenario.ts). */
export interface ScenarioChoiceShare {
  id: string;
  text: string;
  action: ScenarioAction;
  /** Leads to a scammed ending directly, a safe one, or another step. */
  leadsTo: "step" | "safe" | "scammed";
  count: number;
  /** Share of the plays that reached the step and chose this. */
  chosenPercent: number;
}

export interface ScenarioStepAnalytics {
  stepId: string;
  /** The step's first line, so a trainer recognises it. */
  text: string;
  /** Plays that reached this step. */
  reached: number;
  choices: ScenarioChoiceShare[];
}

/** A scenario lesson's plays for the counted version: how many, how many ended safe, and the choices per step. */
export interface ScenarioAnalytics {
  lessonId: string;
  moduleTitle: string;
  title: string;
  plays: number;
  safePercent: number;
  endings: { id: string; title: string; outcome: "safe" | "scammed"; count: number }[];
  steps: ScenarioStepAnalytics[];
}

export interface CourseQuestionAnalytics {
  courseId: string;
  title: string;
  /** The version counted (the course's current one); null before the first publication. */
  version: number | null;
  /** Whose answers: every learner, or a province's (an admin's view). */
  unitId: string | null;
  questions: QuestionAnalytics[];
  /** The course's scam-simulator scenarios, in course order (empty when it has none). */
  scenarios: ScenarioAnalytics[];
}

/**
 * Seconds a learner spends on one question, as the quiz player records it with each answer (AttemptRequest):
 * from when the question was shown to the learner's last change of answer, added up over visits. A question
 * left open while the phone sat in a pocket is capped here, on the phone and by the API.
 */
export const ANSWER_SECONDS_MAX = 1800;

/**
 * The lower bounds of the time histogram's buckets, in seconds: 0–5, 5–10, …, 180–300 and 300 up to the cap.
 * Narrow where most answers fall, wide in the tail. Counters are named after the lower bound (`t.<q>.<from>`),
 * so adding a bound later only splits a bucket for the answers counted after it.
 */
export const ANSWER_TIME_BUCKETS = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300] as const;

/** The bucket (its lower bound) that holds an answer's seconds. */
export function answerTimeBucket(seconds: number): number {
  let bucket: number = ANSWER_TIME_BUCKETS[0];
  for (const from of ANSWER_TIME_BUCKETS) if (seconds >= from) bucket = from;
  return bucket;
}

/**
 * The median of the times counted in a histogram (counts by bucket lower bound), interpolated linearly inside
 * the bucket that holds the middle answer, in whole seconds; null when nothing was counted. The last bucket runs
 * to ANSWER_SECONDS_MAX. An estimate: within a bucket the answers are taken as evenly spread.
 */
export function medianSeconds(counts: ReadonlyMap<number, number>): number | null {
  const total = ANSWER_TIME_BUCKETS.reduce<number>((sum, from) => sum + (counts.get(from) ?? 0), 0);
  if (total <= 0) return null;
  const half = total / 2;
  let below = 0;
  for (const [i, from] of ANSWER_TIME_BUCKETS.entries()) {
    const count = counts.get(from) ?? 0;
    if (count > 0 && below + count >= half) {
      const to = ANSWER_TIME_BUCKETS[i + 1] ?? ANSWER_SECONDS_MAX;
      return Math.round(from + ((half - below) / count) * (to - from));
    }
    below += count;
  }
  return null;
}

/** The flags of a question, from its counts; none below minAttempts. */
export function questionFlags(stats: Pick<QuestionAnalytics, "attempts" | "correctPercent" | "discrimination" | "options">): QuestionFlag[] {
  if (stats.attempts < QUESTION_ANALYTICS_RULES.minAttempts) return [];
  const flags: QuestionFlag[] = [];
  if (stats.correctPercent > QUESTION_ANALYTICS_RULES.tooEasyPercent) flags.push("too_easy");
  if (stats.correctPercent < QUESTION_ANALYTICS_RULES.tooHardPercent) flags.push("too_hard");
  if (stats.discrimination !== null && stats.discrimination < 0) flags.push("negative_discrimination");
  if (stats.options.some((option) => option.chosenPercent === 0)) flags.push("unpicked_option");
  return flags;
}

/**
 * Point-biserial correlation (Pearson's r with a 0/1 variable) from running sums: n answers, sx answered right,
 * sy, syy and sxy the sums of the attempt score, its square, and the score of attempts that got it right.
 * Null below minAttempts, or when either variable has no spread.
 */
export function pointBiserial(sums: { n: number; sx: number; sy: number; syy: number; sxy: number }): number | null {
  const { n, sx, sy, syy, sxy } = sums;
  if (n < QUESTION_ANALYTICS_RULES.minAttempts) return null;
  const varianceX = n * sx - sx * sx;
  const varianceY = n * syy - sy * sy;
  if (varianceX <= 0 || varianceY <= 0) return null;
  return (n * sxy - sx * sy) / Math.sqrt(varianceX * varianceY);
}

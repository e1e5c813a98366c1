export * as Progress from "./index";

import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { playCounterUpdates } from "../analytics/scenario";
import { Certificate } from "../certificate";
import { Course } from "../course";
import { db } from "../db/client";
import { getMany, queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { metric } from "../log";
import { LESSON_KIND_SPECS, courseCompetences, PROGRESS_LIMITS, SCENARIO_LIMITS, playScenario, type ScenarioOutcome, type ScenarioPlays } from "../model";
import { RateLimit } from "../rate-limit";
import { Unit } from "../unit";
import { User } from "../user";
import { progressKeys } from "./progress.entity";

export interface QuizState {
  attempts: number;
  bestPercent: number;
  passed: boolean;
  lastAttemptAt: string;
}

export interface Record_ {
  userId: string;
  /** The learner's team when the record was last written (moves follow via User.move). */
  unitId: string | null;
  courseId: string;
  version: number;
  line: number;
  completedLessons: string[];
  quizzes: Record<string, QuizState>;
  /** Plays of the course's scenario lessons, by lesson (absent until the first play). */
  scenarios?: Record<string, ScenarioPlays>;
  revision: number;
  startedAt: string;
  lastActivityAt: string;
  completedAt?: string;
  certificateCode?: string;
}
export type { Record_ as Record };

const eventBase = {
  id: z.uuid("Each event needs a uuid id"),
  courseId: Course.CourseId,
  lessonId: z.string().check(z.minLength(1), z.maxLength(40)),
  at: z.optional(z.iso.datetime({ offset: true })),
};
/**
 * A scenario play's choice ids. The array is bounded only to bound the request: a path longer than
 * SCENARIO_LIMITS.path is refused like any other path that leads nowhere, for that event alone
 * (`progress.scenario_path`), so one bad play never holds back the rest of an outbox.
 */
const ScenarioPath = z.array(z.string().check(z.maxLength(40))).check(z.minLength(1), z.maxLength(SCENARIO_LIMITS.path * 2));
export const EventInput = z.discriminatedUnion("type", [
  z.object({ ...eventBase, type: z.literal("lesson.completed") }),
  z.object({
    ...eventBase,
    type: z.literal("scenario.played"),
    path: ScenarioPath,
    /** The version the phone played (its copy of the course); absent from apps older than this field. */
    version: z.optional(z.int().check(z.minimum(1))),
  }),
]);
export const EventsInput = z.object({ events: z.array(EventInput).check(z.minLength(1), z.maxLength(PROGRESS_LIMITS.eventsPerRequest)) });
export type EventInput = z.infer<typeof EventInput>;

/**
 * The item builder for a member's move (User.updateProfile): their progress record follows them to the new
 * team, so the team's views and exports find it there.
 */
export function followMember(record: Pick<Record_, "userId" | "courseId">, to: Pick<Unit.Info, "id"> | undefined) {
  return {
    Update: {
      TableName: db().table,
      Key: progressKeys.progress(record.userId, record.courseId),
      UpdateExpression: to ? "SET unitId = :unit, gsi2pk = :gpk, gsi2sk = :gsk" : "SET unitId = :unit REMOVE gsi2pk, gsi2sk",
      ExpressionAttributeValues: to ? { ":unit": to.id, ...prefixed(progressKeys.byUnit(to.id, record.courseId, record.userId)) } : { ":unit": null },
    },
  };
}

const prefixed = (keys: { gsi2pk: string; gsi2sk: string }) => ({ ":gpk": keys.gsi2pk, ":gsk": keys.gsi2sk });

export async function get(userId: string, courseId: string): Promise<Record_ | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: progressKeys.progress(userId, courseId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

export const fromItem = (item: globalThis.Record<string, unknown>) => withoutKeys(item) as unknown as Record_;

/** Every member's progress in one unit, optionally for one course. */
export async function listForUnit(unitId: string, courseId?: string): Promise<Record_[]> {
  const items = await queryPartition<globalThis.Record<string, unknown>>(progressKeys.byUnitPartition(unitId), {
    index: "gsi2",
    prefix: courseId ? progressKeys.byUnitCoursePrefix(courseId) : undefined,
  });
  return items.map((item) => withoutKeys(item) as unknown as Record_);
}

export async function listForUser(userId: string): Promise<Record_[]> {
  const items = await queryPartition<globalThis.Record<string, unknown>>(progressKeys.learnerPartition(userId), { prefix: progressKeys.progressPrefix });
  return items.map((item) => withoutKeys(item) as unknown as Record_);
}

/**
 * The version a learner uses: the one they started, unless it was withdrawn; else the newest. `meta`: the course's
 * meta item, when the caller read it alongside the progress (the newest is then found without reading it again).
 */
export async function versionFor(progress: Record_ | undefined, courseId: string, meta?: Course.Meta): Promise<Course.Version> {
  if (progress) {
    const started = await Course.getVersion(courseId, progress.version);
    if (started && !started.withdrawn) return started;
  }
  return Course.latest(courseId, meta);
}

export function percent(progress: Pick<Record_, "completedLessons" | "quizzes"> | undefined, version: Course.Version): number {
  const lessons = version.content.modules.flatMap((m) => m.lessons.map((l) => l.id));
  const quizzes = version.content.modules.map((m) => Course.quizId(version.courseId, m.id));
  const total = lessons.length + quizzes.length;
  if (!progress || total === 0) return 0;
  const done = lessons.filter((id) => progress.completedLessons.includes(id)).length + quizzes.filter((id) => progress.quizzes[id]?.passed).length;
  return Math.round((done / total) * 100);
}

function isComplete(progress: Record_, version: Course.Version) {
  return percent(progress, version) === 100;
}

/** An idempotency marker to write with the change: `attribute_not_exists`, so a replay cannot count twice. */
export interface Marker {
  key: { pk: string; sk: string };
  item: globalThis.Record<string, unknown>;
}

/**
 * Mutates the progress it is given; returns how to describe the outcome once completion is known, with the
 * markers to write. No markers means nothing applies (every event was refused): nothing is written.
 */
type Change<T> = (
  progress: Record_,
  version: Course.Version,
) => (next: Record_) => {
  result: T;
  markers: Marker[];
  attempt?: { scorePercent: number };
  /** More counters to write with the change, given the learner's unit (Analytics.attemptCounterUpdates). */
  counters?: (unit: Unit.Info | undefined) => TransactItem[];
};

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

export interface Applied<T> {
  result: T;
  progress: Record_;
  completedNow: boolean;
  certificate?: Certificate.Info;
}

const MAX_RACES = 8;

export interface ApplyOptions {
  /** The caller has already looked for the marker (not found) and read the progress, for the first try. */
  read?: { current: Record_ | undefined };
  /**
   * The unit the learner is probably in (their session's), read together with the rest; used only if it is
   * the unit the progress names, so a stale guess costs one extra read.
   */
  unit?: Unit.Info;
}

/**
 * The one write path for learning: reads the learner's progress, applies a change, and writes in one
 * transaction the idempotency marker (event or attempt id), the new progress (conditional on the revision
 * read) and — when this change completes the course — the certificate and the completion counters of the
 * learner's unit and every ancestor. A replayed id returns the stored outcome; a lost race re-reads and
 * tries again. So the same outbox sent many times, concurrently, in any order, counts once.
 */
export async function applyChange<T>(
  userId: string,
  courseId: string,
  replay: () => Promise<T | undefined>,
  change: Change<T>,
  options: ApplyOptions = {},
): Promise<Applied<T> | { replayed: T }> {
  const { doc, table } = db();
  const unitOf = async (id: string) => (options.unit?.id === id ? options.unit : Unit.get(id));
  for (let race = 0; race < MAX_RACES; race++) {
    // The marker and the progress are independent reads: one round trip, not two. A caller that has just
    // read both (see Quiz.submit) hands them over for the first try.
    const [previous, current] = race === 0 && options.read ? [undefined, options.read.current] : await Promise.all([replay(), get(userId, courseId)]);
    if (previous !== undefined) return { replayed: previous };
    const version = await versionFor(current, courseId);
    const now = new Date().toISOString();
    const unitId = current ? current.unitId : ((await User.get(userId))?.unitId ?? null);
    const base: Record_ =
      current && current.version === version.version
        ? structuredClone(current)
        : {
            userId,
            unitId,
            courseId,
            version: version.version,
            line: version.line,
            completedLessons: current?.completedLessons ?? [],
            quizzes: current?.quizzes ?? {},
            ...(current?.scenarios ? { scenarios: current.scenarios } : {}),
            revision: current?.revision ?? 0,
            startedAt: current?.startedAt ?? now,
            lastActivityAt: now,
            ...(current?.completedAt ? { completedAt: current.completedAt, certificateCode: current.certificateCode } : {}),
          };
    const describe = change(base, version);
    const next: Record_ = { ...base, revision: base.revision + 1, lastActivityAt: now };
    const completedNow = !next.completedAt && isComplete(next, version);
    const items: TransactItem[] = [];
    let certificate: Certificate.Info | undefined;
    if (completedNow) {
      const user = await User.get(userId);
      if (!user) throw new VisibleError("auth.unauthenticated", "This account no longer exists.");
      const unit = user.unitId ? await unitOf(user.unitId) : undefined;
      const issued = Certificate.issueItems(
        user,
        unit,
        {
          courseId,
          courseTitle: version.content.title,
          version: version.version,
          line: version.line,
          competences: courseCompetences(version.content),
        },
        now,
      );
      certificate = issued.certificate;
      next.completedAt = now;
      next.certificateCode = issued.certificate.code;
      items.push(...issued.items);
      if (unit) items.push(...Unit.completionCounterUpdates(unit, courseId, 1, now.slice(0, 10)));
    }
    const { result, markers, attempt, counters } = describe(next);
    if (markers.length === 0) return { result, progress: current ?? base, completedNow: false };
    // The account must still be open when this lands: a deleted or deactivated person's token, or an outbox
    // replayed after deletion, can never re-create their records (see User.deleteAccount).
    items.unshift(
      ...markers.map(({ key, item }) => ({ Put: { TableName: table, Item: { ...key, ...item }, ConditionExpression: "attribute_not_exists(pk)" } })),
      User.activeCheck(userId),
    );
    const accountCheck = markers.length;
    const month = now.slice(0, 7);
    const monthMarker = progressKeys.activeMonth(userId, month);
    const firstOfMonth =
      (!current || current.lastActivityAt.slice(0, 7) !== month) &&
      !(await doc.send(new GetCommand({ TableName: table, Key: monthMarker, ConsistentRead: true }))).Item;
    const unit = next.unitId && (attempt || firstOfMonth || counters) ? await unitOf(next.unitId) : undefined;
    if (unit && (attempt || firstOfMonth)) {
      if (firstOfMonth) {
        // One marker per member and month, so a member active in two courses counts once.
        items.push({
          Put: {
            TableName: table,
            Item: { ...monthMarker, expiresAt: Math.floor(Date.now() / 1000) + 400 * 86400 },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        });
      }
      items.push(...Unit.activityUpdates(unit, { at: now, attempt, firstOfMonth }));
    }
    if (counters) items.push(...counters(unit));
    items.push({
      Put: {
        TableName: table,
        Item: { ...progressKeys.progress(userId, courseId), ...(next.unitId ? progressKeys.byUnit(next.unitId, courseId, userId) : {}), ...next },
        ConditionExpression: current ? "revision = :revision" : "attribute_not_exists(pk)",
        ...(current ? { ExpressionAttributeValues: { ":revision": current.revision } } : {}),
      },
    });
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      // Counted once the transaction has landed: a replayed id or a lost race never counts twice.
      if (attempt || completedNow)
        metric({ ...(attempt && { QuizAttempt: 1 }), ...(completedNow && { CourseCompleted: 1 }), ...(certificate && { CertificateIssued: 1 }) });
      return { result, progress: next, completedNow, certificate };
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[accountCheck]?.Code === "ConditionalCheckFailed") {
        throw new VisibleError("auth.session_ended", "Your session has ended. Please sign in again.");
      }
      if (!reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")) throw err;
      // Either the marker exists (a replay that raced us) or the progress moved on: read again.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (race + 1)));
    }
  }
  throw new VisibleError("progress.busy", "Too many changes at once. Please try again.", { retryAfterSeconds: 1 });
}

/** How a scenario play ended, as the server graded it. */
export interface Play {
  id: string;
  lessonId: string;
  endingId: string;
  outcome: ScenarioOutcome["outcome"];
}

export interface EventOutcome {
  accepted: string[];
  rejected: { id: string; code: string; message: string }[];
  /** Each accepted scenario play (replays too, from their marker); absent when the events held none. */
  plays?: Play[];
}

/** How long a lesson event's marker answers replays. Completions are a set, so a later replay changes nothing. */
const EVENT_MARKER_SECONDS = 90 * 24 * 60 * 60;
/** Events of one course written per transaction (with progress, certificate and counters: well under 100 items). */
const EVENTS_PER_TRANSACTION = 25;
/**
 * The transaction items one course's events may take: a marker each, and two counters (every learner's and the
 * province's) per scenario lesson played. The rest (progress, certificate, unit counters) stays under 30.
 */
const EVENT_ITEMS_PER_TRANSACTION = 50;

/**
 * The scenario analytics a play counts in: per lesson and version played. An event without a version may end
 * up in its learner's version, which another key names too: counting them apart only overestimates the items.
 */
const playedKey = (event: EventInput) => (event.type === "scenario.played" ? `${event.lessonId} ${event.version ?? ""}` : undefined);

/** One course's events cut into transactions: at most 25 events, and their items within the budget above. */
function transactions(events: readonly EventInput[]): EventInput[][] {
  const out: EventInput[][] = [];
  let batch: EventInput[] = [];
  let played = new Set<string>();
  for (const event of events) {
    const key = playedKey(event);
    const newCounter = key !== undefined && !played.has(key);
    const items = batch.length + 1 + 2 * (played.size + (newCounter ? 1 : 0));
    if (batch.length > 0 && (batch.length === EVENTS_PER_TRANSACTION || items > EVENT_ITEMS_PER_TRANSACTION)) {
      out.push(batch);
      batch = [];
      played = new Set();
    }
    batch.push(event);
    if (key !== undefined) played.add(key);
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * Records lesson completions and scenario plays from the app's outbox. Each event is accepted once; replays are
 * accepted again without effect (a play's replay answers with the outcome it had). Events that cannot apply
 * (unknown course or lesson, a scenario lesson marked done without playing, choices that lead nowhere) are
 * refused one by one, so one bad event never blocks the rest of an outbox. The events of one course go in one
 * transaction (up to 25 at a time), so a month of offline learning costs a few transactions, not one per lesson.
 * Limited per request and per learner per minute (PROGRESS_LIMITS); the app sends the rest later.
 */
export async function recordEvents(userId: string, raw: z.input<typeof EventsInput>): Promise<EventOutcome> {
  const { events } = EventsInput.parse(raw);
  await RateLimit.hit(`progress-events:${userId}`, RateLimit.rules.progressEventsPerUser, Date.now(), events.length);
  const outcome: Required<EventOutcome> = { accepted: [], rejected: [], plays: [] };
  // An id sent twice in one request is one event, in its first form: one transaction cannot write a marker twice.
  const unique = new Map<string, EventInput>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, event);
  const byCourse = new Map<string, EventInput[]>();
  for (const event of unique.values()) byCourse.set(event.courseId, [...(byCourse.get(event.courseId) ?? []), event]);
  for (const [courseId, courseEvents] of byCourse) {
    for (const batch of transactions(courseEvents)) {
      try {
        const done = await applyLessonEvents(userId, courseId, batch);
        outcome.accepted.push(...done.accepted);
        outcome.rejected.push(...done.rejected);
        outcome.plays.push(...(done.plays ?? []));
      } catch (err) {
        if (err instanceof VisibleError && (err.kind === "input" || err.kind === "not-found")) {
          outcome.rejected.push(...batch.map((event) => ({ id: event.id, code: err.code, message: err.message })));
        } else throw err;
      }
    }
  }
  const { plays, ...rest } = outcome;
  return plays.length > 0 ? { ...rest, plays } : rest;
}

type Refusal = EventOutcome["rejected"][number];

/** How a play ended, and the version it was replayed against (its analytics are that version's). */
interface Graded {
  outcome: ScenarioOutcome;
  version: number;
}

/**
 * The versions the plays of a batch say they were played on, by number (those that exist). Read before the
 * change, which runs without I/O; a version never changes once published, only its `withdrawn` flag.
 */
async function playedVersions(courseId: string, events: readonly EventInput[]): Promise<Map<number, Course.Version>> {
  const numbers = new Set(events.flatMap((event) => (event.type === "scenario.played" && event.version !== undefined ? [event.version] : [])));
  const found = await Promise.all([...numbers].map((number) => Course.getVersion(courseId, number)));
  return new Map(found.flatMap((version) => (version ? [[version.version, version] as const] : [])));
}

/**
 * Why an event cannot apply to this version of the course, or how a play ends; by the lesson kind's registry entry.
 * The lesson must be in the learner's version. A play is replayed against the version the phone played, so an
 * edit published while it waited in an outbox cannot refuse it or change its ending, as long as that version is
 * on the learner's certificate line (withdrawn or not: it is what they played); otherwise, or from an app that
 * does not say, against the learner's version.
 */
function judge(event: EventInput, version: Course.Version, played: ReadonlyMap<number, Course.Version>): { refused: Refusal } | { graded?: Graded } {
  const refuse = (code: string, message: string) => ({ refused: { id: event.id, code, message } });
  const lessonIn = (v: Course.Version) => v.content.modules.flatMap((m) => m.lessons).find((l) => l.id === event.lessonId);
  const lesson = lessonIn(version);
  if (!lesson) return refuse("progress.unknown_lesson", `Lesson "${event.lessonId}" is not part of this course.`);
  if (event.type === "lesson.completed") {
    return LESSON_KIND_SPECS[lesson.kind].completes === "played"
      ? refuse("progress.needs_play", `Lesson "${lesson.id}" is completed by playing it to a safe ending.`)
      : {};
  }
  if (lesson.kind !== "scenario") return refuse("progress.not_scenario", `Lesson "${lesson.id}" is not a scenario.`);
  const phone = event.version !== undefined ? played.get(event.version) : undefined;
  const phoneLesson = phone && phone.line === version.line ? lessonIn(phone) : undefined;
  const [against, scenario] = phoneLesson?.kind === "scenario" ? [phone!, phoneLesson.scenario] : [version, lesson.scenario];
  const outcome = playScenario(scenario, event.path);
  if (!outcome) return refuse("progress.scenario_path", `These choices do not lead through the scenario of lesson "${lesson.id}" to an ending.`);
  return { graded: { outcome, version: against.version } };
}

/** A play as its marker stores it, so a replay answers the same. */
const playOf = (id: string, marker: globalThis.Record<string, unknown>): Play | undefined =>
  marker.type === "scenario.played" && typeof marker.endingId === "string"
    ? { id, lessonId: String(marker.lessonId), endingId: marker.endingId, outcome: marker.outcome === "safe" ? "safe" : "scammed" }
    : undefined;

/**
 * One course's events in one transaction; replays (marker found) are accepted without writing again. A lesson
 * completed or a safe play adds the lesson to the completed ones (a set); every play counts on the learner's
 * progress (plays, safe plays, the latest ending) and in the scenario analytics, once, in the same transaction.
 */
async function applyLessonEvents(userId: string, courseId: string, events: EventInput[]): Promise<EventOutcome> {
  const keys = events.map((event) => progressKeys.event(userId, event.id));
  for (let race = 0; race < MAX_RACES; race++) {
    const found = await getMany(keys, { consistent: true });
    const fresh = events.filter((_, i) => !found[i]);
    const replayed = events.filter((_, i) => found[i]).map((event) => event.id);
    const replayedPlays = events.flatMap((event, i) => {
      const play = found[i] && playOf(event.id, found[i]);
      return play ? [play] : [];
    });
    const withPlays = (outcome: EventOutcome): EventOutcome => {
      const plays = [...replayedPlays, ...(outcome.plays ?? [])];
      return plays.length > 0 ? { ...outcome, plays } : outcome;
    };
    if (fresh.length === 0) return withPlays({ accepted: replayed, rejected: [] });
    const freshKeys = fresh.map((event) => progressKeys.event(userId, event.id));
    // Another request wrote some of these markers meanwhile: start again with what is left.
    const changedMeanwhile = async () => ((await getMany(freshKeys, { consistent: true })).some(Boolean) ? ("again" as const) : undefined);
    const played = await playedVersions(courseId, fresh);
    const applied = await applyChange<EventOutcome | "again">(userId, courseId, changedMeanwhile, (progress, version) => {
      const now = new Date().toISOString();
      const rejected: Refusal[] = [];
      const known: { event: EventInput; outcome?: ScenarioOutcome; version?: number }[] = [];
      for (const event of fresh) {
        const judged = judge(event, version, played);
        if ("refused" in judged) rejected.push(judged.refused);
        else known.push({ event, ...judged.graded });
      }
      for (const { event, outcome } of known) {
        if (outcome) {
          const at = event.at ?? now;
          const before = progress.scenarios?.[event.lessonId];
          const latest = !before || Date.parse(before.last.at) <= Date.parse(at);
          progress.scenarios = {
            ...progress.scenarios,
            [event.lessonId]: {
              plays: (before?.plays ?? 0) + 1,
              safePlays: (before?.safePlays ?? 0) + (outcome.outcome === "safe" ? 1 : 0),
              last: latest ? { endingId: outcome.endingId, outcome: outcome.outcome, at } : before.last,
            },
          };
        }
        const completes = outcome ? outcome.outcome === "safe" : true;
        if (completes && !progress.completedLessons.includes(event.lessonId)) progress.completedLessons.push(event.lessonId);
      }
      const expiresAt = Math.floor(Date.now() / 1000) + EVENT_MARKER_SECONDS;
      const plays = known.flatMap(({ event, outcome }) =>
        outcome ? [{ id: event.id, lessonId: event.lessonId, endingId: outcome.endingId, outcome: outcome.outcome }] : [],
      );
      // Counted per lesson and version played: step and choice ids are that version's.
      const counted = new Map<string, { lessonId: string; version: number; outcomes: ScenarioOutcome[] }>();
      for (const { event, outcome, version: playedOn } of known) {
        if (!outcome || playedOn === undefined) continue;
        const key = `${event.lessonId} ${playedOn}`;
        const entry = counted.get(key) ?? { lessonId: event.lessonId, version: playedOn, outcomes: [] };
        entry.outcomes.push(outcome);
        counted.set(key, entry);
      }
      return () => ({
        result: { accepted: [...replayed, ...known.map(({ event }) => event.id)], rejected, ...(plays.length > 0 ? { plays } : {}) },
        markers: known.map(({ event, outcome }) => ({
          key: progressKeys.event(userId, event.id),
          // A play is a graded activity: its marker stays (like a quiz attempt's), so a replay never counts it again.
          item: outcome
            ? { type: event.type, courseId, lessonId: event.lessonId, at: event.at ?? now, endingId: outcome.endingId, outcome: outcome.outcome }
            : { type: event.type, courseId, lessonId: event.lessonId, at: event.at ?? now, expiresAt },
        })),
        ...(counted.size > 0
          ? { counters: (unit: Unit.Info | undefined) => [...counted.values()].flatMap((plays) => playCounterUpdates({ courseId, ...plays }, unit)) }
          : {}),
      });
    });
    const result = "replayed" in applied ? applied.replayed : applied.result;
    if (result !== "again") return withPlays(result);
  }
  throw new VisibleError("progress.busy", "Too many changes at once. Please try again.", { retryAfterSeconds: 1 });
}

/**
 * Moves a learner to a newer version of a course they started. Within the same certificate line, lessons
 * and passed quizzes that still exist carry over. A version that requires re-certification starts a new
 * line: the learner starts it afresh, and completing it issues a new certificate while the old one stays.
 */
export async function switchVersion(userId: string, courseId: string, versionNumber: number): Promise<Record_> {
  const target = await Course.learnerVersion(courseId, versionNumber);
  const { doc, table } = db();
  for (let race = 0; race < MAX_RACES; race++) {
    const current = await get(userId, courseId);
    if (!current) throw new VisibleError("progress.not_started", "Start the course first; you will get the newest version.");
    if (current.version === target.version) return current;
    if (target.version < current.version) throw new VisibleError("progress.version_older", "You can only move to a newer version.");
    const newLine = target.line > current.line;
    const lessons = new Set(target.content.modules.flatMap((m) => m.lessons.map((l) => l.id)));
    const quizzes = new Set(target.content.modules.map((m) => Course.quizId(courseId, m.id)));
    const next: Record_ = {
      ...current,
      version: target.version,
      line: target.line,
      completedLessons: newLine ? [] : current.completedLessons.filter((id) => lessons.has(id)),
      quizzes: newLine ? {} : Object.fromEntries(Object.entries(current.quizzes).filter(([id]) => quizzes.has(id))),
      ...(current.scenarios && !newLine ? { scenarios: Object.fromEntries(Object.entries(current.scenarios).filter(([id]) => lessons.has(id))) } : {}),
      revision: current.revision + 1,
      lastActivityAt: new Date().toISOString(),
    };
    if (newLine) {
      delete next.completedAt;
      delete next.certificateCode;
      delete next.scenarios;
    }
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...progressKeys.progress(userId, courseId), ...(next.unitId ? progressKeys.byUnit(next.unitId, courseId, userId) : {}), ...next },
                ConditionExpression: "revision = :revision",
                ExpressionAttributeValues: { ":revision": current.revision },
              },
            },
          ],
        }),
      );
      return next;
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
    }
  }
  throw new VisibleError("progress.busy", "Too many changes at once. Please try again.", { retryAfterSeconds: 1 });
}

export * as Progress from "./index";

import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Certificate } from "../certificate";
import { Course } from "../course";
import { db } from "../db/client";
import { queryAll, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
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
  revision: number;
  startedAt: string;
  lastActivityAt: string;
  completedAt?: string;
  certificateCode?: string;
}
export type { Record_ as Record };

export const EventInput = z.object({
  id: z.uuid("Each event needs a uuid id"),
  type: z.literal("lesson.completed"),
  courseId: Course.CourseId,
  lessonId: z.string().check(z.minLength(1), z.maxLength(40)),
  at: z.optional(z.iso.datetime({ offset: true })),
});
export const EventsInput = z.object({ events: z.array(EventInput).check(z.minLength(1), z.maxLength(200)) });
export type EventInput = z.infer<typeof EventInput>;

export async function get(userId: string, courseId: string): Promise<Record_ | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: progressKeys.progress(userId, courseId), ConsistentRead: true }));
  return Item ? fromItem(Item) : undefined;
}

export const fromItem = (item: globalThis.Record<string, unknown>) => withoutKeys(item) as unknown as Record_;

/** Every member's progress in one unit, optionally for one course. */
export async function listForUnit(unitId: string, courseId?: string): Promise<Record_[]> {
  const items = await queryAll<globalThis.Record<string, unknown>>({
    IndexName: "gsi2",
    KeyConditionExpression: courseId ? "gsi2pk = :pk AND begins_with(gsi2sk, :course)" : "gsi2pk = :pk",
    ExpressionAttributeValues: { ":pk": progressKeys.byUnitPartition(unitId), ...(courseId ? { ":course": `${courseId}#` } : {}) },
  });
  return items.map((item) => withoutKeys(item) as unknown as Record_);
}

export async function listForUser(userId: string): Promise<Record_[]> {
  const items = await queryAll<globalThis.Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": `USER#${userId}`, ":prefix": progressKeys.progressPrefix },
  });
  return items.map((item) => withoutKeys(item) as unknown as Record_);
}

/** The version a learner uses: the one they started, unless it was withdrawn; else the newest. */
export async function versionFor(progress: Record_ | undefined, courseId: string): Promise<Course.Version> {
  if (progress) {
    const started = await Course.getVersion(courseId, progress.version);
    if (started && !started.withdrawn) return started;
  }
  return Course.latest(courseId);
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

/** Mutates the progress it is given; returns how to describe the outcome once completion is known. */
type Change<T> = (
  progress: Record_,
  version: Course.Version,
) => (next: Record_) => { result: T; marker: globalThis.Record<string, unknown>; attempt?: { scorePercent: number } };

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
  markerKey: { pk: string; sk: string },
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
            revision: current?.revision ?? 0,
            startedAt: current?.startedAt ?? now,
            lastActivityAt: now,
            ...(current?.completedAt ? { completedAt: current.completedAt, certificateCode: current.certificateCode } : {}),
          };
    const describe = change(base, version);
    const next: Record_ = { ...base, revision: base.revision + 1, lastActivityAt: now };
    const completedNow = !next.completedAt && isComplete(next, version);
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [];
    let certificate: Certificate.Info | undefined;
    if (completedNow) {
      const user = await User.get(userId);
      if (!user) throw new VisibleError("unauthenticated", "auth.unauthenticated", "This account no longer exists.");
      const unit = user.unitId ? await unitOf(user.unitId) : undefined;
      const issued = Certificate.issueItems(user, unit, { courseId, courseTitle: version.content.title, version: version.version, line: version.line }, now);
      certificate = issued.certificate;
      next.completedAt = now;
      next.certificateCode = issued.certificate.code;
      items.push(...issued.items);
      if (unit) items.push(...Unit.completionCounterUpdates(unit, courseId, 1, now.slice(0, 10)));
    }
    const { result, marker, attempt } = describe(next);
    items.unshift({ Put: { TableName: table, Item: { ...markerKey, ...marker }, ConditionExpression: "attribute_not_exists(pk)" } });
    const month = now.slice(0, 7);
    const monthMarker = { pk: `USER#${userId}`, sk: `ACTIVEMONTH#${month}` };
    const firstOfMonth =
      (!current || current.lastActivityAt.slice(0, 7) !== month) &&
      !(await doc.send(new GetCommand({ TableName: table, Key: monthMarker, ConsistentRead: true }))).Item;
    if (next.unitId && (attempt || firstOfMonth)) {
      const unit = await unitOf(next.unitId);
      if (unit) {
        if (firstOfMonth) {
          // One marker per member and month, so a member active in two courses counts once.
          items.push({ Put: { TableName: table, Item: { ...monthMarker, expiresAt: Math.floor(Date.now() / 1000) + 400 * 86400 }, ConditionExpression: "attribute_not_exists(pk)" } });
        }
        items.push(...Unit.activityUpdates(unit, { at: now, attempt, firstOfMonth }));
      }
    }
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
      return { result, progress: next, completedNow, certificate };
    } catch (err) {
      if ((err as Error).name !== "TransactionCanceledException") throw err;
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (!reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")) throw err;
      // Either the marker exists (a replay that raced us) or the progress moved on: read again.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (race + 1)));
    }
  }
  throw new VisibleError("conflict", "progress.busy", "Too many changes at once. Please try again.", undefined, 1);
}

export interface EventOutcome {
  accepted: string[];
  rejected: { id: string; code: string; message: string }[];
}

/**
 * Records lesson completions from the app's outbox. Each event is accepted once; replays are accepted
 * again without effect. Events that cannot apply (unknown course or lesson) are rejected individually, so
 * one bad event never blocks the rest of an outbox.
 */
export async function recordEvents(userId: string, raw: z.input<typeof EventsInput>): Promise<EventOutcome> {
  const { events } = EventsInput.parse(raw);
  const outcome: EventOutcome = { accepted: [], rejected: [] };
  const { doc, table } = db();
  for (const event of events) {
    const key = progressKeys.event(userId, event.id);
    try {
      await applyChange(
        userId,
        event.courseId,
        key,
        async () => {
          const { Item } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
          return Item ? true : undefined;
        },
        (progress, version) => {
          const known = version.content.modules.some((m) => m.lessons.some((l) => l.id === event.lessonId));
          if (!known) throw new VisibleError("input", "progress.unknown_lesson", `Lesson "${event.lessonId}" is not part of this course.`);
          if (!progress.completedLessons.includes(event.lessonId)) progress.completedLessons.push(event.lessonId);
          return () => ({ result: true, marker: { type: event.type, courseId: event.courseId, lessonId: event.lessonId, at: event.at ?? new Date().toISOString() } });
        },
      );
      outcome.accepted.push(event.id);
    } catch (err) {
      if (err instanceof VisibleError && (err.kind === "input" || err.kind === "not-found")) {
        outcome.rejected.push({ id: event.id, code: err.code, message: err.message });
      } else throw err;
    }
  }
  return outcome;
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
    if (!current) throw new VisibleError("input", "progress.not_started", "Start the course first; you will get the newest version.");
    if (current.version === target.version) return current;
    if (target.version < current.version) throw new VisibleError("input", "progress.version_older", "You can only move to a newer version.");
    const newLine = target.line > current.line;
    const lessons = new Set(target.content.modules.flatMap((m) => m.lessons.map((l) => l.id)));
    const quizzes = new Set(target.content.modules.map((m) => Course.quizId(courseId, m.id)));
    const next: Record_ = {
      ...current,
      version: target.version,
      line: target.line,
      completedLessons: newLine ? [] : current.completedLessons.filter((id) => lessons.has(id)),
      quizzes: newLine ? {} : Object.fromEntries(Object.entries(current.quizzes).filter(([id]) => quizzes.has(id))),
      revision: current.revision + 1,
      lastActivityAt: new Date().toISOString(),
    };
    if (newLine) {
      delete next.completedAt;
      delete next.certificateCode;
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
  throw new VisibleError("conflict", "progress.busy", "Too many changes at once. Please try again.", undefined, 1);
}

import {
  FIELD_WORK_LIMITS,
  PROGRESS_LIMITS,
  REVIEW_LIMITS,
  type ActivitiesResponse,
  type ActivityInput,
  type AttemptRequest,
  type AttemptResult,
  type ProgressEvent,
  type ProgressResponse,
  type ReviewInput,
  type ReviewsRequest,
  type ReviewsResponse,
  type ScenarioPlayedEvent,
} from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import type { KeyValue } from "./kv";

/**
 * The outbox: everything a learner does that the server must hear about (lesson completions, quiz attempts)
 * is written here first, in IndexedDB, and sent from here. So nothing is lost when the network drops, the
 * app is closed or the phone runs out of battery: the next `flush` sends what is still waiting. Every item
 * carries the id the server uses for idempotency (event id, attemptId), so sending one twice is harmless.
 *
 *   waiting ──POST /progress──▶ sent          (lesson completions, scenario plays)
 *   waiting ──POST attempts───▶ graded        (quiz attempts; the result is kept for the learner to read)
 *   waiting ──POST /activities▶ sent          (help given to residents, field work)
 *   waiting ──POST /me/reviews▶ sent          (reviews of the review deck's cards)
 *   waiting ──4xx─────────────▶ rejected      (the server will never take it; shown with its reason)
 */
export type OutboxState = "waiting" | "sent" | "graded" | "rejected";

interface ItemBase {
  id: string;
  userId: string;
  createdAt: string;
  state: OutboxState;
  tries: number;
  lastTriedAt?: string;
  doneAt?: string;
  error?: { code: string; message: string };
}

interface CourseItem extends ItemBase {
  courseId: string;
  /** What the outbox screen shows: the course and the lesson or quiz title, as they were when queued. */
  courseTitle: string;
  title: string;
}

export interface LessonItem extends CourseItem {
  kind: "lesson";
  event: ProgressEvent;
}

/**
 * A play through a scenario lesson (the scam simulator), sent with the lesson completions. Its ending was worked
 * out on the phone (playScenario), so the learner sees it at once, offline too; the server replays the path and
 * grades it again, and if the course changed in between, its ending replaces the phone's once sent.
 */
export interface PlayItem extends CourseItem {
  kind: "play";
  event: ScenarioPlayedEvent;
  ending: { id: string; outcome: "safe" | "scammed"; title: string };
}

export interface AttemptItem extends CourseItem {
  kind: "attempt";
  quizId: string;
  request: AttemptRequest;
  /** The order the options were shown in (a quiz may shuffle them), so the review shows them the same way. */
  optionOrder?: Record<string, string[]>;
  result?: AttemptResult;
}

/** A record of help given to residents; its id is the record's id, so a replay is counted once. */
export interface ActivityItem extends ItemBase {
  kind: "activity";
  activity: ActivityInput;
}

/**
 * A review of a card of the review deck ("2 phút ôn tập"), under the review's own id, so a replay is counted
 * once. The card's new state is on the phone already (features/review/deck-store.ts), and stays there over the
 * server's only while this item waits; the server keeps, per card, the state of the latest review. `title` is
 * the question, `courseTitle` its course.
 */
export interface ReviewItem extends CourseItem {
  kind: "review";
  review: ReviewInput;
}

export type OutboxItem = LessonItem | AttemptItem | ActivityItem | PlayItem | ReviewItem;
/** The items that belong to a course (lessons and quizzes). */
export type CourseOutboxItem = Exclude<OutboxItem, ActivityItem>;

export interface FlushOutcome {
  sent: number;
  graded: number;
  rejected: number;
  /** Why sending stopped early; the items stay waiting for the next try. */
  stopped?: "offline" | "signed-out" | "server";
}

interface LessonInput {
  userId: string;
  courseId: string;
  courseTitle: string;
  lessonId: string;
  title: string;
}

interface PlayInput {
  userId: string;
  courseId: string;
  courseTitle: string;
  lessonId: string;
  title: string;
  /**
   * The play's own id (made when it started), the choice ids from the start to the ending, and the version of
   * the course played (the phone's copy): the server replays the path against that version.
   */
  play: { id: string; path: string[]; version: number };
  ending: PlayItem["ending"];
}

interface AttemptInput {
  userId: string;
  courseId: string;
  courseTitle: string;
  quizId: string;
  title: string;
  request: AttemptRequest;
  optionOrder?: Record<string, string[]>;
}

const PROGRESS_BATCH = PROGRESS_LIMITS.eventsPerRequest;
const ACTIVITY_BATCH = FIELD_WORK_LIMITS.activitiesPerRequest;
const REVIEW_BATCH = REVIEW_LIMITS.reviewsPerRequest;
/**
 * Finished items stay visible for a while, then go: a graded attempt for a month (its result must stay
 * readable), a sent lesson for two days (enough to see it went), a refused one until dismissed.
 */
const KEEP_GRADED_MS = 30 * 24 * 3600 * 1000;
const KEEP_SENT_MS = 2 * 24 * 3600 * 1000;

/** Server answers that mean "not now" rather than "never": the item stays waiting. */
function isTemporary(error: ApiError) {
  return error.status >= 500 || error.status === 408 || error.status === 429 || error.code === "progress.busy" || error.code === "db.unavailable";
}

export function createOutbox(store: KeyValue, options: { onChange?: (userId: string) => void; now?: () => Date } = {}) {
  const now = () => (options.now ? options.now() : new Date());
  const key = (userId: string, id: string) => `${userId}/${id}`;
  const changed = (userId: string) => options.onChange?.(userId);
  const inflight = new Map<string, Promise<FlushOutcome>>();
  let queueing: Promise<unknown> = Promise.resolve();
  /** Queuing runs one at a time, so a double tap cannot slip two items past the duplicate check. */
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queueing.catch(() => undefined).then(task);
    queueing = next;
    return next;
  };

  async function list(userId: string): Promise<OutboxItem[]> {
    const keys = await store.keys(`${userId}/`);
    const items = await Promise.all(keys.map((k) => store.get<OutboxItem>(k)));
    return items.filter((item): item is OutboxItem => Boolean(item)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async function patch(item: OutboxItem, change: Partial<OutboxItem>) {
    await store.update<OutboxItem>(key(item.userId, item.id), (current) => (current ? ({ ...current, ...change } as OutboxItem) : current));
  }

  /** Queues a lesson completion once: finishing the same lesson again adds nothing. */
  function completeLesson(input: LessonInput): Promise<LessonItem> {
    return serially(() => queueLesson(input));
  }

  async function queueLesson(input: LessonInput): Promise<LessonItem> {
    const existing = (await list(input.userId)).find(
      (item): item is LessonItem =>
        item.kind === "lesson" && item.courseId === input.courseId && item.event.lessonId === input.lessonId && item.state !== "rejected",
    );
    if (existing) return existing;
    const at = now().toISOString();
    const id = crypto.randomUUID();
    const item: LessonItem = {
      kind: "lesson",
      id,
      userId: input.userId,
      courseId: input.courseId,
      courseTitle: input.courseTitle,
      title: input.title,
      createdAt: at,
      state: "waiting",
      tries: 0,
      event: { id, type: "lesson.completed", courseId: input.courseId, lessonId: input.lessonId, at },
    };
    await store.set(key(input.userId, id), item);
    changed(input.userId);
    return item;
  }

  /** Queues a scenario play under its own id: every play counts (scammed ones too), but the same play only once. */
  function recordPlay(input: PlayInput): Promise<PlayItem> {
    return serially(async () => {
      const existing = await store.get<OutboxItem>(key(input.userId, input.play.id));
      if (existing?.kind === "play") return existing;
      const at = now().toISOString();
      const item: PlayItem = {
        kind: "play",
        id: input.play.id,
        userId: input.userId,
        courseId: input.courseId,
        courseTitle: input.courseTitle,
        title: input.title,
        createdAt: at,
        state: "waiting",
        tries: 0,
        event: {
          id: input.play.id,
          type: "scenario.played",
          courseId: input.courseId,
          lessonId: input.lessonId,
          path: input.play.path,
          version: input.play.version,
          at,
        },
        ending: input.ending,
      };
      await store.set(key(input.userId, input.play.id), item);
      changed(input.userId);
      return item;
    });
  }

  /** Queues a review of a deck card under the review's id; queuing the same review twice keeps the first. */
  function recordReview(input: { userId: string; courseId: string; courseTitle: string; title: string; review: ReviewInput }): Promise<ReviewItem> {
    return serially(async () => {
      const id = input.review.id;
      const existing = await store.get<OutboxItem>(key(input.userId, id));
      if (existing?.kind === "review") return existing;
      const item: ReviewItem = {
        kind: "review",
        id,
        userId: input.userId,
        courseId: input.courseId,
        courseTitle: input.courseTitle,
        title: input.title,
        createdAt: now().toISOString(),
        state: "waiting",
        tries: 0,
        review: input.review,
      };
      await store.set(key(input.userId, id), item);
      changed(input.userId);
      return item;
    });
  }

  /** Queues a record of help under its own id; queuing the same record twice keeps the first. */
  function recordActivity(userId: string, activity: ActivityInput): Promise<ActivityItem> {
    return serially(async () => {
      const existing = await store.get<OutboxItem>(key(userId, activity.id));
      if (existing?.kind === "activity") return existing;
      const item: ActivityItem = { kind: "activity", id: activity.id, userId, createdAt: now().toISOString(), state: "waiting", tries: 0, activity };
      await store.set(key(userId, activity.id), item);
      changed(userId);
      return item;
    });
  }

  /** Queues a quiz attempt under its own attemptId; queuing the same attempt twice keeps the first. */
  function submitAttempt(input: AttemptInput): Promise<AttemptItem> {
    return serially(() => queueAttempt(input));
  }

  async function queueAttempt(input: AttemptInput): Promise<AttemptItem> {
    const id = input.request.attemptId;
    const existing = await store.get<OutboxItem>(key(input.userId, id));
    if (existing?.kind === "attempt") return existing;
    const item: AttemptItem = {
      kind: "attempt",
      id,
      userId: input.userId,
      courseId: input.courseId,
      courseTitle: input.courseTitle,
      title: input.title,
      quizId: input.quizId,
      createdAt: now().toISOString(),
      state: "waiting",
      tries: 0,
      request: input.request,
      ...(input.optionOrder ? { optionOrder: input.optionOrder } : {}),
    };
    await store.set(key(input.userId, id), item);
    changed(input.userId);
    return item;
  }

  async function get(userId: string, id: string) {
    return store.get<OutboxItem>(key(userId, id));
  }

  async function remove(userId: string, id: string) {
    await store.del(key(userId, id));
    changed(userId);
  }

  /** What to do with an item after a failed request: give up on it, or stop the whole run and retry later. */
  async function failed(items: OutboxItem[], error: unknown): Promise<FlushOutcome["stopped"] | "rejected"> {
    const at = now().toISOString();
    if (error instanceof ApiError && !isTemporary(error) && error.status !== 401) {
      for (const item of items)
        await patch(item, { state: "rejected", error: { code: error.code, message: error.message }, tries: item.tries + 1, lastTriedAt: at, doneAt: at });
      return "rejected";
    }
    for (const item of items) await patch(item, { tries: item.tries + 1, lastTriedAt: at });
    if (error instanceof NetworkError) return "offline";
    if (error instanceof ApiError && error.status === 401) return "signed-out";
    if (error instanceof ApiError) return "server";
    throw error;
  }

  /**
   * Sends items in batches of `size`, each batch one request whose answer says which items were accepted (replays
   * too) and which refused, one by one. A batch the server refuses whole (`splitOn`: one malformed item) is sent
   * again item by item, so the others still go and the bad one stays on the phone with its reason. False when
   * sending must stop for now (offline, signed out, server trouble); the rest stay waiting.
   */
  async function sendInBatches<I extends OutboxItem>(
    items: I[],
    size: number,
    post: (batch: I[]) => Promise<{ accepted?: string[]; rejected?: { id: string; code: string; message: string }[] }>,
    splitOn: (error: ApiError) => boolean,
    outcome: FlushOutcome,
    sentChanges: (item: I) => Partial<OutboxItem> = () => ({}),
  ): Promise<boolean> {
    for (let start = 0; start < items.length; start += size) {
      const batch = items.slice(start, start + size);
      let response: Awaited<ReturnType<typeof post>>;
      try {
        response = await post(batch);
      } catch (error) {
        if (error instanceof ApiError && splitOn(error) && batch.length > 1) {
          for (const item of batch) if (!(await sendInBatches([item], size, post, splitOn, outcome, sentChanges))) return false;
          continue;
        }
        const result = await failed(batch, error);
        if (result === "rejected") {
          outcome.rejected += batch.length;
          continue;
        }
        outcome.stopped = result;
        return false;
      }
      const at = now().toISOString();
      const accepted = new Set(response.accepted ?? []);
      const rejected = new Map((response.rejected ?? []).map((r) => [r.id, r]));
      for (const item of batch) {
        const refusal = rejected.get(item.id);
        if (accepted.has(item.id)) {
          await patch(item, { state: "sent", doneAt: at, tries: item.tries + 1, lastTriedAt: at, error: undefined, ...sentChanges(item) });
          outcome.sent++;
        } else if (refusal) {
          await patch(item, { state: "rejected", doneAt: at, tries: item.tries + 1, lastTriedAt: at, error: { code: refusal.code, message: refusal.message } });
          outcome.rejected++;
        }
      }
    }
    return true;
  }

  /** Lesson completions and scenario plays, through POST /progress; the server's replay of a play is what counts. */
  async function sendLessons(items: (LessonItem | PlayItem)[], api: ApiClient, outcome: FlushOutcome): Promise<boolean> {
    let graded = new Map<string, NonNullable<ProgressResponse["plays"]>[number]>();
    const post = async (batch: (LessonItem | PlayItem)[]) => {
      const response = await api.request<ProgressResponse>("/progress", { body: { events: batch.map((item) => item.event) } });
      graded = new Map((response.plays ?? []).map((p) => [p.id, p]));
      return response;
    };
    // A different ending (the course changed) has a title the phone does not know.
    const ending = (item: LessonItem | PlayItem): Partial<OutboxItem> => {
      const play = item.kind === "play" ? graded.get(item.id) : undefined;
      return play && item.kind === "play" && play.endingId !== item.ending.id ? { ending: { id: play.endingId, outcome: play.outcome, title: "" } } : {};
    };
    // One malformed event fails the whole request.
    return sendInBatches(items, PROGRESS_BATCH, post, (error) => error.status === 400, outcome, ending);
  }

  /** Records of help: a batch with a refused record is refused whole (nothing is written). */
  function sendActivities(items: ActivityItem[], api: ApiClient, outcome: FlushOutcome): Promise<boolean> {
    const post = (batch: ActivityItem[]) => api.request<ActivitiesResponse>("/activities", { body: { activities: batch.map((item) => item.activity) } });
    return sendInBatches(items, ACTIVITY_BATCH, post, (error) => !isTemporary(error) && error.status !== 401, outcome);
  }

  /**
   * Reviews of deck cards. The phone's clock goes with them as they are sent: the server moves the reviews onto
   * its own clock by the difference, so a phone whose clock is wrong has its reviews kept at the right time
   * (docs/review-deck.md).
   */
  function sendReviews(items: ReviewItem[], api: ApiClient, outcome: FlushOutcome): Promise<boolean> {
    const post = (batch: ReviewItem[]) => {
      const request: ReviewsRequest = { sentAt: now().toISOString(), reviews: batch.map((item) => item.review) };
      return api.request<ReviewsResponse>("/me/reviews", { body: request });
    };
    return sendInBatches(items, REVIEW_BATCH, post, (error) => error.status === 400, outcome);
  }

  async function sendAttempts(items: AttemptItem[], api: ApiClient, outcome: FlushOutcome): Promise<boolean> {
    for (const item of items) {
      try {
        const result = await api.request<AttemptResult>(`/quizzes/${encodeURIComponent(item.quizId)}/attempts`, { body: item.request });
        const at = now().toISOString();
        await patch(item, { state: "graded", result, doneAt: at, tries: item.tries + 1, lastTriedAt: at, error: undefined });
        outcome.graded++;
      } catch (error) {
        const result = await failed([item], error);
        if (result === "rejected") {
          outcome.rejected++;
          continue;
        }
        outcome.stopped = result;
        return false;
      }
    }
    return true;
  }

  async function prune(items: OutboxItem[]) {
    const age = (item: OutboxItem) => now().getTime() - Date.parse(item.doneAt ?? item.createdAt);
    for (const item of items) {
      const expired = (item.state === "graded" && age(item) > KEEP_GRADED_MS) || (item.state === "sent" && age(item) > KEEP_SENT_MS);
      if (expired) await store.del(key(item.userId, item.id));
    }
  }

  async function run(userId: string, api: ApiClient): Promise<FlushOutcome> {
    const outcome: FlushOutcome = { sent: 0, graded: 0, rejected: 0 };
    const items = await list(userId);
    await prune(items);
    const waiting = items.filter((item) => item.state === "waiting");
    if (!waiting.length) return outcome;
    try {
      // Lessons (and scenario plays) first: a quiz attempt may be the last step of a course whose lessons were finished offline.
      const lessons = waiting.filter((item): item is LessonItem | PlayItem => item.kind === "lesson" || item.kind === "play");
      if (lessons.length && !(await sendLessons(lessons, api, outcome))) return outcome;
      const activities = waiting.filter((item): item is ActivityItem => item.kind === "activity");
      if (activities.length && !(await sendActivities(activities, api, outcome))) return outcome;
      const reviews = waiting.filter((item): item is ReviewItem => item.kind === "review");
      if (reviews.length && !(await sendReviews(reviews, api, outcome))) return outcome;
      await sendAttempts(
        waiting.filter((item): item is AttemptItem => item.kind === "attempt"),
        api,
        outcome,
      );
      return outcome;
    } finally {
      changed(userId);
    }
  }

  /**
   * Sends what is waiting. Runs one at a time per person (and, where the browser has Web Locks, one at a
   * time across tabs); a call made while one is running runs after it, so nothing queued in between waits.
   */
  function flush(userId: string, api: ApiClient): Promise<FlushOutcome> {
    const previous: Promise<unknown> = inflight.get(userId) ?? Promise.resolve();
    const locked = (): Promise<FlushOutcome> =>
      typeof navigator !== "undefined" && navigator.locks
        ? (navigator.locks.request(`kns-outbox-${userId}`, () => run(userId, api)) as Promise<unknown> as Promise<FlushOutcome>)
        : run(userId, api);
    const next = previous.catch(() => undefined).then(locked);
    inflight.set(userId, next);
    void next
      .finally(() => {
        if (inflight.get(userId) === next) inflight.delete(userId);
      })
      .catch(() => undefined);
    return next;
  }

  return { list, get, completeLesson, recordPlay, submitAttempt, recordActivity, recordReview, remove, flush };
}

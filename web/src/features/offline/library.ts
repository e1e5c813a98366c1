import type { Assignments, CourseCard, CourseDetail, MyCertificates, MyProgress, LearnerQuiz as Quiz } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { keyValue } from "./kv";

/**
 * The learner's copy of what they have seen and downloaded, per person (keys start with the user id):
 * catalogue, courses and quizzes in IndexedDB (`kns-offline`), media files in Cache Storage (`kns-media`,
 * the same cache the service worker answers media requests from). A screen that passes `early` gets the
 * stored copy at once and the network's answer when it comes (stale-while-revalidate); the answer is stored
 * for next time. Without a stored copy, or without `early`, it waits for the network, and falls back to the
 * stored copy when there is no answer, so the screens work the same offline. Downloads for offline use are in
 * ./downloads.ts, which keeps its records in the same store.
 */
export const store = keyValue("kns-offline");
export const MEDIA_CACHE = "kns-media";

interface Loaded<T> {
  data: T;
  /** True when this came from the phone because the network did not answer. */
  offline: boolean;
  /** The stored copy, shown at once while the network is asked (a weak network can take many seconds). */
  refreshing?: boolean;
  savedAt?: string;
}

/** Receives the stored copy before the network answers, if there is one. */
type Early<T> = (stored: Loaded<T>) => void;

interface Saved<T> {
  data: T;
  savedAt: string;
}

interface Catalogue {
  items: CourseCard[];
  progress: MyProgress["courses"];
}

/** Whether to fall back to the stored copy: no answer, or the server is down. */
function unreachable(error: unknown) {
  return error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
}

function stored<T>(key: string): Promise<Saved<T> | undefined> {
  return store.get<Saved<T>>(key).catch(() => undefined);
}

/** The network's answer, stored for next time; the stored copy (marked offline) when there is no answer. */
async function fromNetwork<T>(key: string, fetcher: () => Promise<T>, read: () => Promise<Saved<T> | undefined>): Promise<Loaded<T>> {
  try {
    const data = await fetcher();
    const savedAt = new Date().toISOString();
    // Kept for next time without holding up the screen: on a first visit the write opens the database too, which
    // took ~150 ms at 4× CPU between the answer and the lesson (issue 22). A read made after it still finds it:
    // IndexedDB runs the transactions on one store in the order they were made.
    store.set(key, { data, savedAt } satisfies Saved<T>).catch(() => undefined);
    return { data, offline: false, savedAt };
  } catch (error) {
    if (!unreachable(error)) throw error;
    const saved = await read();
    if (!saved) throw error;
    return { data: saved.data, offline: true, savedAt: saved.savedAt };
  }
}

/**
 * Shows the stored copy through `early` unless `fresh` has already answered, then resolves with `fresh`.
 * The screen need not wait for the network: on a connection that is up but not answering that is up to
 * the API client's 30 s timeout, and offline it is the time to find that out. Whichever comes first wins,
 * so an answer already there is not preceded by a flash of the older copy.
 */
async function storedUntil<T>(read: () => Promise<Saved<T> | undefined>, fresh: Promise<Loaded<T>>, early: Early<T>): Promise<Loaded<T>> {
  const answered = fresh.then(
    () => undefined,
    () => undefined,
  );
  const saved = await Promise.race([answered, read()]);
  if (saved) early({ data: saved.data, offline: false, refreshing: true, savedAt: saved.savedAt });
  return fresh;
}

/** Stale-while-revalidate with `early` (see the top of this file); the network first without. */
function load<T>(key: string, fetcher: () => Promise<T>, early?: Early<T>): Promise<Loaded<T>> {
  // Read at most once, whether for `early` or for the offline fallback.
  let reading: Promise<Saved<T> | undefined> | undefined;
  const read = () => (reading ??= stored<T>(key));
  // The request goes out before the stored copy is read: opening IndexedDB can take a few hundred ms on a
  // slow phone, and on a weak network the answer is what takes longest.
  const fresh = fromNetwork(key, fetcher, read);
  return early ? storedUntil(read, fresh, early) : fresh;
}

const catalogueKey = (userId: string) => `${userId}/catalogue`;
const assignmentsKey = (userId: string) => `${userId}/assignments`;
export const courseKey = (userId: string, courseId: string) => `${userId}/course/${courseId}`;
export const quizKey = (userId: string, quizId: string) => `${userId}/quiz/${quizId}`;
export const downloadKey = (userId: string, courseId: string) => `${userId}/download/${courseId}`;

export function loadCatalogue(userId: string, api: ApiClient, early?: Early<Catalogue>): Promise<Loaded<Catalogue>> {
  return load(
    catalogueKey(userId),
    async () => {
      const [courses, progress] = await Promise.all([api.request<{ items: CourseCard[] }>("/courses"), api.request<MyProgress>("/me/progress")]);
      return { items: Array.isArray(courses?.items) ? courses.items : [], progress: Array.isArray(progress?.courses) ? progress.courses : [] };
    },
    early,
  );
}

/** What campaigns ask of the learner (GET /me/assignments), kept on the phone so it shows offline too. */
export function loadAssignments(userId: string, api: ApiClient, early?: Early<Assignments>): Promise<Loaded<Assignments>> {
  return load(
    assignmentsKey(userId),
    async () => {
      const answer = await api.request<Assignments>("/me/assignments");
      return { items: Array.isArray(answer?.items) ? answer.items : [] };
    },
    early,
  );
}

export function loadCourse(userId: string, api: ApiClient, courseId: string, early?: Early<CourseDetail>): Promise<Loaded<CourseDetail>> {
  return load(courseKey(userId, courseId), () => api.request<CourseDetail>(`/courses/${encodeURIComponent(courseId)}`), early);
}

export function loadQuiz(userId: string, api: ApiClient, quizId: string, early?: Early<Quiz>): Promise<Loaded<Quiz>> {
  return load(quizKey(userId, quizId), () => api.request<Quiz>(`/quizzes/${encodeURIComponent(quizId)}`), early);
}

/** The stored copy only (no network), e.g. to show a course at once while the fresh one loads. */
export async function storedCourse(userId: string, courseId: string): Promise<CourseDetail | undefined> {
  return (await stored<CourseDetail>(courseKey(userId, courseId)))?.data;
}

// ---------------------------------------------------------------------------------------------------------
// Moving between a course's lessons and quizzes should not download the course again on every screen.

const recent = new Map<string, { at: number; loaded: Promise<Loaded<CourseDetail>> }>();
const RECENT_MS = 5 * 60_000;

/**
 * The course as loaded in the last few minutes (or now): for the lesson and quiz screens. While that load
 * is still waiting for the network, `early` gets the stored copy, as with a new load.
 */
export function recentCourse(userId: string, api: ApiClient, courseId: string, early?: Early<CourseDetail>): Promise<Loaded<CourseDetail>> {
  const key = `${userId}/${courseId}`;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < RECENT_MS) return early ? storedUntil(() => stored(courseKey(userId, courseId)), hit.loaded, early) : hit.loaded;
  return freshCourse(userId, api, courseId, early);
}

/** The course from the network (the stored copy first with `early`, or offline), remembered for `recentCourse`. */
export function freshCourse(userId: string, api: ApiClient, courseId: string, early?: Early<CourseDetail>): Promise<Loaded<CourseDetail>> {
  const key = `${userId}/${courseId}`;
  const loaded = loadCourse(userId, api, courseId, early);
  recent.set(key, { at: Date.now(), loaded });
  loaded.then(
    (value) => {
      // An offline copy is worth asking again for as soon as the next screen opens.
      if (value.offline) recent.delete(key);
    },
    () => recent.delete(key),
  );
  return loaded;
}

// ---------------------------------------------------------------------------------------------------------
// Certificates, kept so the list shows offline too.

export function loadCertificates(userId: string, api: ApiClient, early?: Early<MyCertificates["items"]>): Promise<Loaded<MyCertificates["items"]>> {
  return load(
    `${userId}/certificates`,
    async () => {
      const response = await api.request<MyCertificates>("/me/certificates");
      return Array.isArray(response?.items) ? response.items : [];
    },
    early,
  );
}

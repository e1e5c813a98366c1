import type { Assignments, CourseCard, CourseDetail, LearnerCourse, MyCertificates, MyProgress, LearnerQuiz as Quiz } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { keyValue } from "./kv";

/**
 * The learner's copy of what they have seen and downloaded, per person (keys start with the user id):
 * catalogue, courses and quizzes in IndexedDB (`kns-offline`), media files in Cache Storage (`kns-media`,
 * the same cache the service worker answers media requests from). A screen that passes `early` gets the
 * stored copy at once and the network's answer when it comes (stale-while-revalidate); the answer is stored
 * for next time. Without a stored copy, or without `early`, it waits for the network, and falls back to the
 * stored copy when there is no answer, so the screens work the same offline.
 */
const store = keyValue("kns-offline");
const MEDIA_CACHE = "kns-media";

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
const courseKey = (userId: string, courseId: string) => `${userId}/course/${courseId}`;
const quizKey = (userId: string, quizId: string) => `${userId}/quiz/${quizId}`;
const downloadKey = (userId: string, courseId: string) => `${userId}/download/${courseId}`;

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
// Downloads

interface MediaFile {
  url: string;
  bytes: number;
  video: boolean;
}

interface DownloadRecord {
  courseId: string;
  title: string;
  version: number;
  state: "partial" | "complete";
  includesVideo: boolean;
  bytesTotal: number;
  bytesDone: number;
  /** Media left out to save data (videos), so the screen can offer them. */
  skippedBytes: number;
  /**
   * What the learner has on the phone, as sizes are shown before downloading: the course's size without what was
   * left out. (`bytesTotal` measures the download's progress and weighs the course and quiz texts its own way.)
   */
  sizeBytes?: number;
  media: string[];
  quizIds: string[];
  updatedAt: string;
}

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
}

const MEDIA_PATH = /\/api\/v1\/media\/[a-f0-9]{32}\.[a-z0-9]{2,4}/g;
/** Course and quiz JSON count as this much in the progress bar. */
const JSON_WEIGHT = 2_000;

/** Every file a course needs offline: cover, images, slides, posters, captions, audio, video, quiz images. */
function courseMedia(course: LearnerCourse, quizzes: Quiz[]): MediaFile[] {
  const files = new Map<string, MediaFile>();
  const add = (url: string | undefined, bytes = 0, video = false) => {
    if (url && !files.has(url)) files.set(url, { url, bytes, video });
  };
  const addHtml = (html: string | undefined) => {
    for (const match of html?.match(MEDIA_PATH) ?? []) add(match);
  };
  add(course.cover?.url, course.cover?.bytes);
  for (const module of course.modules) {
    for (const lesson of module.lessons) {
      addHtml(lesson.html);
      add(lesson.image?.url, lesson.image?.bytes);
      for (const slide of lesson.slides ?? []) add(slide.url, slide.bytes);
      add(lesson.video?.poster?.url, lesson.video?.poster?.bytes);
      add(lesson.video?.captionsUrl);
      add(lesson.video?.url, lesson.video?.bytes, true);
      add(lesson.audio?.url, lesson.audio?.bytes);
    }
  }
  for (const quiz of quizzes) for (const question of quiz.questions) add(question.image?.url, question.image?.bytes);
  return [...files.values()];
}

export function videoBytes(course: LearnerCourse): number {
  return course.modules.reduce((sum, m) => sum + m.lessons.reduce((s, l) => s + (l.video?.bytes ?? 0), 0), 0);
}

/** The size to show for a download: the same number, rounded the same way, as the button that started it. */
export function downloadedSize(record: Pick<DownloadRecord, "sizeBytes" | "bytesTotal">): number {
  return record.sizeBytes ?? record.bytesTotal;
}

export async function downloadOf(userId: string, courseId: string): Promise<DownloadRecord | undefined> {
  return store.get<DownloadRecord>(downloadKey(userId, courseId)).catch(() => undefined);
}

export async function listDownloads(userId: string): Promise<DownloadRecord[]> {
  const keys = await store.keys(`${userId}/download/`).catch(() => [] as string[]);
  const records = await Promise.all(keys.map((key) => store.get<DownloadRecord>(key)));
  return records.filter((r): r is DownloadRecord => Boolean(r)).sort((a, b) => a.title.localeCompare(b.title, "vi"));
}

export class StorageUnavailableError extends Error {
  override readonly name = "StorageUnavailableError";
}
export class StorageFullError extends Error {
  override readonly name = "StorageFullError";
}

function openMediaCache(): Promise<Cache> {
  if (typeof caches === "undefined") throw new StorageUnavailableError("Cache Storage is not available");
  return caches.open(MEDIA_CACHE);
}

async function fetchMedia(cache: Cache, url: string, signal?: AbortSignal) {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: "same-origin" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError();
  }
  if (!response.ok) throw new ApiError(response.status, `http.${response.status}`, response.statusText || `HTTP ${response.status}`);
  try {
    await cache.put(url, response);
  } catch (error) {
    if (error instanceof DOMException && error.name === "QuotaExceededError") throw new StorageFullError("No space left");
    throw error;
  }
}

/**
 * Downloads a course for offline use: the course, each module's quiz, then every media file into Cache
 * Storage. Files already stored are skipped, so running it again after an interruption resumes where it
 * stopped. With `includeVideo` false (data saver), videos are left out and counted in `skippedBytes`.
 */
export async function downloadCourse(
  userId: string,
  api: ApiClient,
  courseId: string,
  options: { includeVideo: boolean; onProgress?: (progress: DownloadProgress) => void; signal?: AbortSignal },
): Promise<DownloadRecord> {
  const cache = await openMediaCache();
  // Ask the browser not to clear this data when space runs low (best effort; some browsers ask the user).
  void navigator.storage?.persist?.().catch(() => undefined);

  const course = (await loadCourse(userId, api, courseId)).data;
  const all = courseMedia(course, []);
  const quizIds = course.modules.map((m) => m.quizId);
  const estimate = (files: MediaFile[]) => files.filter((f) => options.includeVideo || !f.video).reduce((sum, f) => sum + Math.max(f.bytes, 1), 0);
  let bytesTotal = JSON_WEIGHT * (1 + quizIds.length) + estimate(all);
  let bytesDone = JSON_WEIGHT;
  const report = () => options.onProgress?.({ bytesDone: Math.min(bytesDone, bytesTotal), bytesTotal });
  report();

  const record: DownloadRecord = {
    courseId,
    title: course.title,
    version: course.version,
    state: "partial",
    includesVideo: options.includeVideo,
    bytesTotal,
    bytesDone,
    skippedBytes: 0,
    media: [],
    quizIds,
    updatedAt: new Date().toISOString(),
  };
  const save = () => store.set(downloadKey(userId, courseId), { ...record, bytesTotal, bytesDone, updatedAt: new Date().toISOString() });
  await save();

  const quizzes: Quiz[] = [];
  for (const quizId of quizIds) {
    options.signal?.throwIfAborted();
    const loaded = await loadQuiz(userId, api, quizId);
    if (loaded.offline) throw new NetworkError();
    quizzes.push(loaded.data);
    bytesDone += JSON_WEIGHT;
    report();
  }

  const files = courseMedia(course, quizzes);
  const wanted = files.filter((f) => options.includeVideo || !f.video);
  record.media = wanted.map((f) => f.url);
  record.skippedBytes = files.filter((f) => !wanted.includes(f)).reduce((sum, f) => sum + f.bytes, 0);
  record.sizeBytes = Math.max(0, course.sizeBytes - record.skippedBytes);
  bytesTotal = JSON_WEIGHT * (1 + quizIds.length) + estimate(wanted);
  await save();

  let saved = 0;
  for (const file of wanted) {
    options.signal?.throwIfAborted();
    if (!(await cache.match(file.url))) await fetchMedia(cache, file.url, options.signal);
    bytesDone += Math.max(file.bytes, 1);
    report();
    // Keep the stored progress roughly current, so an interrupted download shows how far it got.
    if (++saved % 5 === 0) await save();
  }

  record.state = "complete";
  bytesDone = bytesTotal;
  await save();
  report();
  return { ...record, bytesTotal, bytesDone };
}

/**
 * Removes a downloaded course: its stored copies and the media no other download (of anyone on this
 * phone) still uses. Media files are shared by content, so two courses with the same picture keep one copy.
 */
export async function removeDownload(userId: string, courseId: string) {
  const record = await downloadOf(userId, courseId);
  await store.del(downloadKey(userId, courseId));
  if (!record) return;
  for (const quizId of record.quizIds) await store.del(quizKey(userId, quizId));
  await store.del(courseKey(userId, courseId));
  const stillUsed = new Set<string>();
  for (const key of await store.keys()) {
    if (!key.includes("/download/")) continue;
    const other = await store.get<DownloadRecord>(key);
    for (const url of other?.media ?? []) stillUsed.add(url);
  }
  if (typeof caches === "undefined") return;
  const cache = await caches.open(MEDIA_CACHE);
  for (const url of record.media) if (!stillUsed.has(url)) await cache.delete(url);
}

/** Marks which stored downloads are behind the version the learner now gets. */
export function isOutdated(record: DownloadRecord | undefined, course: { version: number } | undefined) {
  return Boolean(record && course && record.version !== course.version);
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

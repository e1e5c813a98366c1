import type { LearnerCourse, LearnerQuiz as Quiz } from "@kns/core/model";
import { ApiError, NetworkError, type ApiClient } from "../../lib/api";
import { courseKey, downloadKey, loadCourse, loadQuiz, MEDIA_CACHE, quizKey, store } from "./library";

/**
 * Courses downloaded for offline use: the course and its quizzes in the library's store (./library.ts), their
 * media in the media cache, and a record of what was downloaded. Apart from the library, which every learner
 * screen loads first, because only the catalogue, the course's download panel, the downloads screen and sign-out
 * use it: on 3G a lesson opened cold moved these bytes before it showed (docs/first-lesson.md, "Fifth pass").
 */

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

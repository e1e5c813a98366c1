import type { LearnerLesson } from "@kns/core/model";

/**
 * Fetching the next lesson ahead, while the learner reads this one: its text is already on the phone (the course
 * answer carries every lesson), so what is left is its media and, for a quiz, its screen's code. Fetched when
 * the phone is idle, one file at a time, into the same caches a visit would fill (the service worker's
 * `kns-media`, or the browser's HTTP cache: media URLs are content hashes, kept a year), so the next lesson opens
 * without waiting on 3G.
 */

const MEDIA_IN_HTML = /\/api\/v1\/media\/[a-f0-9]{32}\.[a-z0-9]{2,4}/g;

/**
 * The files a lesson shows first: pictures, slides, a video's poster, pictures in its text; its audio only when
 * the learner does not save data. Never a video: it is most of a course's megabytes, and played from the network
 * or from a download.
 */
export function lessonMedia(lesson: LearnerLesson, options: { dataSaver: boolean }): string[] {
  const urls = new Set<string>();
  for (const match of lesson.html?.match(MEDIA_IN_HTML) ?? []) urls.add(match);
  if (lesson.image) urls.add(lesson.image.url);
  for (const slide of lesson.slides ?? []) urls.add(slide.url);
  if (lesson.video?.poster) urls.add(lesson.video.poster.url);
  if (lesson.audio && !options.dataSaver) urls.add(lesson.audio.url);
  return [...urls];
}

interface IdleApi {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
}

/**
 * Fetches `urls` once the page is idle (after the lesson on screen has rendered and its own images have gone),
 * one after another so they never compete with what the learner is looking at. Nothing when offline or when the
 * browser says the learner asked to save data. Returns a cancel, for when the learner leaves the lesson first.
 */
export function prefetchWhenIdle(urls: string[], fetcher: typeof fetch = (input, init) => fetch(input, init)): () => void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (!urls.length || !navigator.onLine || connection?.saveData) return () => undefined;
  const controller = new AbortController();
  const idle = globalThis as IdleApi;
  const run = async () => {
    for (const url of urls) {
      if (controller.signal.aborted) return;
      try {
        const response = await fetcher(url, { credentials: "same-origin", signal: controller.signal });
        // Read to the end, or the browser may not keep it.
        await response.arrayBuffer();
      } catch {
        return; // Offline or aborted: the lesson fetches its media itself when it opens.
      }
    }
  };
  let handle: number | ReturnType<typeof setTimeout>;
  if (idle.requestIdleCallback) handle = idle.requestIdleCallback(() => void run(), { timeout: 5_000 });
  else handle = setTimeout(() => void run(), 1_000);
  return () => {
    controller.abort();
    if (idle.cancelIdleCallback && idle.requestIdleCallback) idle.cancelIdleCallback(handle as number);
    else clearTimeout(handle);
  };
}

import { writeStorage } from "../../lib/storage";
import { pathPattern } from "../../routes/learn/paths";

/**
 * The lesson from the phone before the app has run. A member who reopens the app on a lesson (the installed app
 * where they left off, a reload, coming back to it) waits, on a cheap phone, well over a second for the app's code
 * to run before the screen shows anything, offline or not (docs/first-lesson.md). So the lesson screen keeps the
 * page it shows in localStorage (`keepShownLesson`, a copy of its markup, one lesson per person), and the build's
 * boot script (`web/src/build/preload-linked-screen.ts`) runs `showStoredLesson` once the page is parsed and
 * before the app's code runs: it reads that copy and puts it on the screen. localStorage, not the course in
 * IndexedDB: measured, IndexedDB's callbacks waited behind the app's code on the busy main thread, and the app
 * won the race. The app then starts as usual,
 * hidden behind the copy (styles.css, `[data-stored-lesson] ~ …`), and the lesson screen takes its place once it
 * has the course (`dropStoredLesson`).
 *
 * `showStoredLesson` is written into the boot script as source text (`Function.prototype.toString`), so it must
 * use nothing from outside its own body: no imports, no module constants. stored-lesson.test.tsx runs it that way.
 */

/** Where a person's last shown lesson is kept: `${prefix}${userId}`, beside their other settings (preferences.ts). */
export const SHOWN_LESSON_PREFIX = "kns.lesson.";

/** The marker on the stored lesson's elements, which the app's styles and `dropStoredLesson` find it by. */
export const STORED_LESSON_ATTRIBUTE = "data-stored-lesson";

/** Longer pages are not kept: the copy is for the first second, and localStorage is small and shared. */
const MAX_KEPT_CHARS = 200_000;

/** A lesson's page as the app showed it. */
interface KeptLesson {
  courseId: string;
  lessonId: string;
  /** The markup of the app's root element's children (the top bar, the page, the learner's navigation). */
  html: string;
}

/**
 * The lesson screen shows this lesson: keep a copy of the page as it is on screen (the app's own markup, so the
 * copy looks exactly like it), for the next time the app opens on it. What says how things are right now (the
 * offline banner, the note on a saved copy: `role="status"`) is left out, as that may have changed by then.
 */
export function keepShownLesson(userId: string, courseId: string, lessonId: string) {
  const root = document.getElementById("app");
  if (!root) return;
  const parts = [...root.children]
    .filter((node) => !node.hasAttribute(STORED_LESSON_ATTRIBUTE))
    .map((node) => {
      const copy = node.cloneNode(true) as Element;
      for (const status of copy.querySelectorAll('[role="status"]')) status.remove();
      return copy.outerHTML;
    });
  const value = JSON.stringify({ courseId, lessonId, html: parts.join("") } satisfies KeptLesson);
  writeStorage(SHOWN_LESSON_PREFIX + userId, value.length <= MAX_KEPT_CHARS ? value : null);
}

/** What the boot script needs to know: the lesson screen's path (with ":courseId" and ":lessonId") and the session's key. */
export interface StoredLessonPlace {
  lessonPath: string;
  sessionKey: string;
}

export interface StoredLessonConfig {
  sessionKey: string;
  prefix: string;
  /** The lesson screen's path as a regular expression, the course id and the lesson id in its two groups. */
  pattern: string;
  attribute: string;
}

/** The boot script's call of `showStoredLesson`, as source text: an expression, true when the copy is on the page. */
export function storedLessonScript(place: StoredLessonPlace): string {
  const config: StoredLessonConfig = {
    sessionKey: place.sessionKey,
    prefix: SHOWN_LESSON_PREFIX,
    pattern: pathPattern(place.lessonPath, true),
    attribute: STORED_LESSON_ATTRIBUTE,
  };
  return `(${showStoredLesson.toString()})(${JSON.stringify(config)})`;
}

/**
 * Shows the person's kept copy of the page if the address is that lesson's. Does nothing otherwise: a guest,
 * another person's session, another lesson or address, nothing kept, or the app already on screen. The copy is
 * inert (nothing in it can be tapped or focused) until the app takes its place. True when the copy is on the page
 * (the boot script then applies the screen's CSS at once).
 */
export function showStoredLesson(config: StoredLessonConfig): boolean {
  let kept: KeptLesson | undefined;
  try {
    const match = new RegExp(config.pattern).exec(location.pathname);
    if (!match) return false;
    const userId: unknown = JSON.parse(localStorage.getItem(config.sessionKey) ?? "null")?.user?.id;
    if (typeof userId !== "string") return false;
    const candidate: KeptLesson | null = JSON.parse(localStorage.getItem(config.prefix + userId) ?? "null");
    if (candidate?.courseId !== decodeURIComponent(match[1] ?? "") || candidate.lessonId !== decodeURIComponent(match[2] ?? "")) return false;
    if (typeof candidate.html !== "string") return false;
    kept = candidate;
  } catch {
    return false;
  }
  // The boot script runs once the page is parsed and before the app's code (web/src/build/preload-linked-screen.ts).
  const root = document.getElementById("app");
  // The app got there first (or the page has no root): it shows the lesson itself.
  if (!root || root.firstChild) return false;
  // A template parses without loading anything until its content is in the page. The markup is the app's own
  // rendering (text escaped by Solid, lesson HTML sanitised by the server when published), and the CSP
  // (`script-src 'self'`) would block an inline handler in it regardless.
  const template = document.createElement("template");
  template.innerHTML = kept.html;
  const parts = [...template.content.children] as HTMLElement[];
  for (const node of parts) {
    node.setAttribute(config.attribute, "");
    node.inert = true;
  }
  root.append(template.content);
  // The app normally takes its place within a second or two. If it fails on the way (a script error, a
  // rejected start), or has not done so in 10 s, the copy goes, so that nothing inert stays over the app.
  const drop = () => {
    for (const node of parts) node.remove();
  };
  setTimeout(drop, 10_000);
  addEventListener("error", drop, { once: true });
  addEventListener("unhandledrejection", drop, { once: true });
  return true;
}

/** The person signs out for good on this phone: their kept page goes with them. */
export function forgetShownLesson(userId: string) {
  writeStorage(SHOWN_LESSON_PREFIX + userId, null);
}

/** The app's lesson screen is ready (or the app went elsewhere): the stored copy gives way to it. */
export function dropStoredLesson(): void {
  for (const node of document.querySelectorAll(`[${STORED_LESSON_ATTRIBUTE}]`)) node.remove();
}

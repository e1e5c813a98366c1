import { LINKED_SCREENS, pathPattern } from "../routes/learn/paths";
import type { ApiClient } from "./api";

/**
 * The data a learner screen opened directly asks for first, sent by a script inline in the page
 * (web/src/build/preload-linked-screen.ts) while the page is parsed. On 3G the app's own code arrives and
 * runs one round trip or more after that (docs/first-lesson.md), and the answer (the course, which carries the
 * lesson and the learner's progress: packages/api/src/routes/courses.ts) was the last thing a lesson waited for.
 * The app takes the request over as it starts (`preloadData`), and the screen gets its answer through
 * `api.request`, so refreshing an expired token and the error handling stay the app's.
 *
 * `screenDataPath` and `sendEarlyData` are written into that script as source text
 * (`Function.prototype.toString`), so they use nothing from outside their own bodies. early-data.test.ts runs
 * them that way.
 */

/** Where the page's script leaves the request for the app (a property of `window`, taken once). */
export const EARLY_DATA_GLOBAL = "__knsEarlyData";

/** A request the page's script sent: the API path (under /api/v1), the access token it used, and its answer. */
export interface EarlyData {
  path: string;
  token: string;
  response: Promise<Response>;
}

/**
 * The linked screens' paths (routes/learn/paths.ts) as patterns whose first group is the course id: every one
 * of them (a course, its lesson, its quiz) reads the course first.
 */
export const DATA_PATTERNS = Object.values(LINKED_SCREENS).map((screen) => pathPattern(screen.path, true));

/**
 * The API path the learner screen at `pathname` reads first (the course), in the spelling
 * features/offline/library.ts asks for it (the router hands screens decoded parameters); undefined for other
 * screens and malformed links (the screen itself then says the course is not found). `patterns`: DATA_PATTERNS.
 */
export function screenDataPath(pathname: string, patterns: readonly string[]): string | undefined {
  for (const pattern of patterns) {
    const match = new RegExp(pattern).exec(pathname);
    if (!match) continue;
    try {
      return `/courses/${encodeURIComponent(decodeURIComponent(match[1] ?? ""))}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface EarlyDataConfig {
  sessionKey: string;
  /** The API's base path, as the app's client has it. */
  base: string;
  global: string;
  /** As the app's client: a request that hangs forever would leave the screen waiting forever. */
  timeoutMs: number;
}

/**
 * Sends the request for a signed-in person on a screen with data; does nothing for a guest or another address.
 * The settings come one by one rather than as an object: the script is written into every page, uncompressed,
 * and their names would be in it too. `patterns`: DATA_PATTERNS; `dataPath`: `screenDataPath`.
 */
export function sendEarlyData(
  sessionKey: string,
  base: string,
  global: string,
  timeoutMs: number,
  patterns: readonly string[],
  dataPath: typeof screenDataPath,
): void {
  try {
    const path = dataPath(location.pathname, patterns);
    const token: unknown = JSON.parse(localStorage.getItem(sessionKey) ?? "null")?.accessToken;
    if (!path || typeof token !== "string") return;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    // No Accept header: the API answers JSON whatever it is, and every byte here is in every page.
    const response = fetch(base + path, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const done = () => clearTimeout(timer);
    // Nobody may ever take it (the app failed to start): a failure here is nobody's error.
    response.then(done, done);
    (window as unknown as Record<string, EarlyData>)[global] = { path, token, response };
  } catch {
    // Storage unreadable or fetch missing: the app asks as it starts instead.
  }
}

/** The page's call of `sendEarlyData`, as source text (a statement: the build minifies it and writes it inline). */
export function earlyDataScript(config: EarlyDataConfig): string {
  const args = [config.sessionKey, config.base, config.global, config.timeoutMs, DATA_PATTERNS].map((value) => JSON.stringify(value));
  return `(${sendEarlyData.toString()})(${args.join(",")},${screenDataPath.toString()})`;
}

/** What the page's script sent, once: the first caller takes it. */
function takeEarlyData(): EarlyData | undefined {
  const holder = window as unknown as Record<string, EarlyData | undefined>;
  const early = holder[EARLY_DATA_GLOBAL];
  delete holder[EARLY_DATA_GLOBAL];
  return early;
}

/**
 * Asks now for the data the learner screen at `path` will ask for first, so that on 3G it travels while the
 * screen's code does, not after it; or takes over the request the page's script already sent for it. The screen
 * takes the answer through `api.request`. Only for someone signed in (the caller checks).
 */
export function preloadData(path: string, api: Pick<ApiClient, "prefetch">) {
  const dataPath = screenDataPath(path, DATA_PATTERNS);
  const early = takeEarlyData();
  if (!dataPath) return;
  api.prefetch(dataPath, early?.path === dataPath ? early : undefined);
}

/**
 * The one way the app talks to the API: JSON in and out, the Bearer token added, and one silent refresh when
 * the access token has expired. Failures come back as exactly two kinds: `ApiError` (the server answered with
 * an error) and `NetworkError` (no answer: offline, dropped connection, timeout), because the screens treat
 * them differently — a network error means "try again when you have signal", not "you did something wrong".
 */

import type { SessionResponse, User } from "@kns/core/model";

export type { SessionResponse, User };

/** The pair of tokens a session keeps (SessionResponse without the rest). */
export type Tokens = Pick<SessionResponse, "accessToken" | "refreshToken">;

/**
 * One problem the server found, at a dotted path (`phone`, `modules.0.title`): a field of a request (with an
 * English `message`), or a content problem with its `code`, `params` and `level` (the model's ContentProblem).
 */
export interface FieldIssue {
  path: string;
  message?: string;
  code?: string;
  params?: Record<string, string | number>;
  level?: "save" | "publish";
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export class NetworkError extends Error {
  override readonly name = "NetworkError";
  constructor(readonly timedOut = false) {
    super(timedOut ? "The server did not answer in time." : "The server could not be reached.");
  }
}

/** Where the client keeps the session's tokens; the session module backs it with localStorage. */
export interface TokenStore {
  current(): Tokens | undefined;
  save(session: SessionResponse): void;
  /** The session is over (refresh refused): forget it, which signs the person out. */
  clear(): void;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** JSON-encoded, except a Blob (a file upload), which is sent as it is with its own type. */
  body?: unknown;
  /** Overrides the client's timeout, e.g. for a large upload. */
  timeoutMs?: number;
  /** Send the access token and refresh on 401. Off for the sign-in endpoints themselves. */
  auth?: boolean;
  signal?: AbortSignal;
}

/** Where the API is, from the app's own origin (CloudFront and the local server both route it there). */
export const API_BASE = "/api/v1";

/** Weak 3G can take long, but a request that hangs forever leaves a spinner forever. */
export const API_TIMEOUT_MS = 30_000;

interface ApiClientOptions {
  tokens: TokenStore;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Weak 3G can take long, but a request that hangs forever leaves a spinner forever. */
  timeoutMs?: number;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const { tokens, baseUrl = API_BASE, timeoutMs = API_TIMEOUT_MS } = options;
  const fetchImpl: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  let refreshing: Promise<boolean> | undefined;

  /**
   * Requests the screens are waiting for: each `request` until its answer is read, and each prefetch until a
   * screen takes it or its answer comes. `idle` resolves when there are none, so that what can wait (the service
   * worker's precache: lib/service-worker.ts) does not take the link from them on 3G.
   */
  let inFlight = 0;
  let whenIdle: (() => void)[] = [];
  const begin = () => {
    inFlight++;
  };
  const end = () => {
    inFlight--;
    if (inFlight > 0) return;
    const waiting = whenIdle;
    whenIdle = [];
    for (const resolve of waiting) resolve();
  };
  function idle(): Promise<void> {
    return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => whenIdle.push(resolve));
  }

  async function send(path: string, request: RequestOptions, accessToken: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    const raw = request.body instanceof Blob ? request.body : undefined;
    if (request.body !== undefined) headers["content-type"] = raw ? raw.type : "application/json";
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    request.signal?.addEventListener("abort", onAbort);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs ?? timeoutMs);
    try {
      return await fetchImpl(`${baseUrl}${path}`, {
        method: request.method ?? (request.body === undefined ? "GET" : "POST"),
        headers,
        body: request.body === undefined ? undefined : (raw ?? JSON.stringify(request.body)),
        signal: controller.signal,
      });
    } catch (err) {
      if (request.signal?.aborted) throw err;
      throw new NetworkError(timedOut);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** One refresh at a time: requests that fail together wait for the same new token. */
  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const refreshToken = tokens.current()?.refreshToken;
      if (!refreshToken) return false;
      try {
        const response = await send("/auth/refresh", { method: "POST", body: { refreshToken } }, undefined);
        if (!response.ok) throw await toApiError(response);
        tokens.save((await response.json()) as SessionResponse);
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          tokens.clear();
          return false;
        }
        throw err;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  /**
   * GETs sent before the screen that reads them has even downloaded (`prefetch`), by path and token. A
   * request for the same path with the same token takes the answer instead of sending again, once.
   */
  const early = new Map<string, { token: string | undefined; response: Promise<Response>; done(): void }>();

  /**
   * Sends a GET now, for a screen that will `request` it later. On 3G a screen's code arrives one or two round
   * trips after the app starts, and its data used to be asked for only then; this overlaps the two. `sent`: the
   * same GET already sent before the app ran (lib/early-data.ts), with the token it used, which is taken instead.
   */
  function prefetch(path: string, sent?: { token: string; response: Promise<Response> }) {
    const token = sent ? sent.token : tokens.current()?.accessToken;
    const response = sent ? sent.response : send(path, {}, token);
    begin();
    let counted = true;
    const done = () => {
      if (counted) end();
      counted = false;
    };
    // Nobody may ever take it (the person left the screen at once): a failure here is nobody's error. Its answer
    // in, it no longer counts as awaited; a screen that takes it counts its own request until it is read.
    response.then(done, done);
    early.get(path)?.done();
    early.set(path, { token, response, done });
  }

  function sendOrTake(path: string, request: RequestOptions, token: string | undefined): Promise<Response> {
    const waiting = early.get(path);
    if (!waiting || request.body !== undefined || (request.method ?? "GET") !== "GET") return send(path, request, token);
    early.delete(path);
    waiting.done();
    if (waiting.token !== token) return send(path, request, token);
    // A prefetch that found no network is asked again now, so the error is this request's (and its timeout).
    return waiting.response.catch(() => send(path, request, token));
  }

  async function request<T>(path: string, request: RequestOptions = {}): Promise<T> {
    begin();
    try {
      return await answer<T>(path, request);
    } finally {
      end();
    }
  }

  async function answer<T>(path: string, request: RequestOptions): Promise<T> {
    const auth = request.auth ?? true;
    const usedToken = auth ? tokens.current()?.accessToken : undefined;
    let response = await sendOrTake(path, request, usedToken);
    // A wrong password where one is asked again (changing it, deleting the account) is a 401 too, but the
    // session is fine: refreshing and then forgetting it would sign the person out for a typo.
    if (response.status === 401 && auth && usedToken && !(await isWrongPassword(response))) {
      // Another request may already have refreshed while this one was in flight.
      const renewed = tokens.current()?.accessToken !== usedToken || (await refresh());
      const nextToken = tokens.current()?.accessToken;
      if (renewed && nextToken) response = await send(path, request, nextToken);
      // Still refused with a fresh token (e.g. the account was removed): the session is over.
      if (response.status === 401) tokens.clear();
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return { request, prefetch, idle };
}

async function isWrongPassword(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } } | undefined;
    return body?.error?.code === "auth.invalid_credentials";
  } catch {
    return false;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof error?.code === "string" ? error.code : `http.${response.status}`;
  const message = typeof error?.message === "string" ? error.message : response.statusText || `HTTP ${response.status}`;
  return new ApiError(response.status, code, message, fieldIssues(error?.details), retryAfter(response.headers.get("retry-after")));
}

function fieldIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (issue): issue is FieldIssue => typeof issue?.path === "string" && (typeof issue?.message === "string" || typeof issue?.code === "string"),
  );
}

/** `Retry-After` is either seconds or an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

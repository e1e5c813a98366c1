import { describe, expect, it } from "vitest";
import { fakeFetch } from "../testing/render-app";
import { ApiError, createApiClient, NetworkError, type SessionResponse, type Tokens, type TokenStore } from "./api";

const user = { id: "m_1", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member" as const], unitId: "u_1" };

function memoryTokens(initial?: Tokens): TokenStore & { saved: SessionResponse[]; cleared: number } {
  let tokens = initial;
  const store = {
    saved: [] as SessionResponse[],
    cleared: 0,
    current: () => tokens,
    save(session: SessionResponse) {
      store.saved.push(session);
      tokens = { accessToken: session.accessToken, refreshToken: session.refreshToken };
    },
    clear() {
      store.cleared++;
      tokens = undefined;
    },
  };
  return store;
}

const expired = { status: 401, body: { error: { code: "auth.unauthenticated", message: "Your session has expired." } } };
const renewed = { status: 200, body: { accessToken: "access-2", refreshToken: "refresh-2", expiresIn: 900, user } };

function header(init: RequestInit | undefined, name: string) {
  return (init?.headers as Record<string, string> | undefined)?.[name];
}

describe("api client", () => {
  it("refreshes once on 401 with the stored refresh token, then retries with the new access token", async () => {
    const fetch = fakeFetch(expired, renewed, { status: 200, body: user });
    const tokens = memoryTokens({ accessToken: "access-1", refreshToken: "refresh-1" });
    const api = createApiClient({ tokens, fetch });

    await expect(api.request("/me")).resolves.toEqual(user);

    expect(fetch).toHaveBeenCalledTimes(3);
    const [first, refresh, retry] = fetch.mock.calls;
    expect(first?.[0]).toBe("/api/v1/me");
    expect(header(first?.[1], "authorization")).toBe("Bearer access-1");
    expect(refresh?.[0]).toBe("/api/v1/auth/refresh");
    expect(JSON.parse(String(refresh?.[1]?.body))).toEqual({ refreshToken: "refresh-1" });
    expect(header(refresh?.[1], "authorization")).toBeUndefined();
    expect(retry?.[0]).toBe("/api/v1/me");
    expect(header(retry?.[1], "authorization")).toBe("Bearer access-2");
    expect(tokens.current()).toEqual({ accessToken: "access-2", refreshToken: "refresh-2" });
  });

  it("shares one refresh between requests that fail together (refresh tokens work only once)", async () => {
    const fetch = fakeFetch(expired, expired, renewed, { status: 200, body: { n: 1 } }, { status: 200, body: { n: 2 } });
    const api = createApiClient({ tokens: memoryTokens({ accessToken: "access-1", refreshToken: "refresh-1" }), fetch });

    await Promise.all([api.request("/a"), api.request("/b")]);

    const refreshes = fetch.mock.calls.filter(([url]) => url === "/api/v1/auth/refresh");
    expect(refreshes).toHaveLength(1);
  });

  it("signs out when the refresh token is refused, without retrying again", async () => {
    const fetch = fakeFetch(expired, expired);
    const tokens = memoryTokens({ accessToken: "access-1", refreshToken: "refresh-1" });
    const api = createApiClient({ tokens, fetch });

    const error = await api.request("/me").catch((err: unknown) => err);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: "auth.unauthenticated" });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(tokens.current()).toBeUndefined();
  });

  it("does not refresh for requests sent without the session (sign-in itself)", async () => {
    const fetch = fakeFetch({ status: 401, body: { error: { code: "auth.invalid_credentials", message: "Wrong." } } });
    const api = createApiClient({ tokens: memoryTokens({ accessToken: "access-1", refreshToken: "refresh-1" }), fetch });

    await expect(api.request("/auth/login", { body: {}, auth: false })).rejects.toMatchObject({ code: "auth.invalid_credentials" });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it("carries code, message, field details and Retry-After on errors", async () => {
    const fetch = fakeFetch({
      status: 429,
      headers: { "retry-after": "120" },
      body: { error: { code: "request.rate_limited", message: "Too many attempts.", details: [{ path: "phone", message: "x" }, { bogus: 1 }] } },
    });
    const api = createApiClient({ tokens: memoryTokens(), fetch });

    await expect(api.request("/auth/login", { body: {}, auth: false })).rejects.toMatchObject({
      status: 429,
      code: "request.rate_limited",
      message: "Too many attempts.",
      details: [{ path: "phone", message: "x" }],
      retryAfterSeconds: 120,
    });
  });

  it("keeps an error code even when the body is not the API's (a proxy's HTML page)", async () => {
    const fetch = async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    const api = createApiClient({ tokens: memoryTokens(), fetch });

    await expect(api.request("/health")).rejects.toMatchObject({ status: 502, code: "http.502", message: "Bad Gateway" });
  });

  it("reports a failed connection as a NetworkError, not an HTTP error, and keeps the session", async () => {
    const fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const tokens = memoryTokens({ accessToken: "access-1", refreshToken: "refresh-1" });
    const api = createApiClient({ tokens, fetch });

    await expect(api.request("/me")).rejects.toBeInstanceOf(NetworkError);
    expect(tokens.current()).toBeDefined();
  });

  it("is idle only when no screen waits for an answer: each request until it is read, each prefetch until it is taken or answered", async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetch = () => new Promise<Response>((resolve) => (answer = resolve));
    const api = createApiClient({ tokens: memoryTokens({ accessToken: "a", refreshToken: "r" }), fetch });
    const settled = () => Promise.race([api.idle().then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10))]);
    expect(await settled()).toBe(true);

    // A prefetch a screen then takes: still awaited between the two, and until the taken answer is read.
    api.prefetch("/courses/c1");
    expect(await settled()).toBe(false);
    const taken = api.request("/courses/c1");
    expect(await settled()).toBe(false);
    answer(new Response(JSON.stringify({ id: "c1" }), { status: 200 }));
    await expect(taken).resolves.toEqual({ id: "c1" });
    expect(await settled()).toBe(true);

    // A prefetch nobody takes stops counting once its answer is in; a failed request stops counting too.
    api.prefetch("/courses/c2");
    expect(await settled()).toBe(false);
    answer(new Response("{}", { status: 200 }));
    expect(await settled()).toBe(true);
    const refused = api.request("/courses/c3");
    answer(new Response(JSON.stringify({ error: { code: "course.not_found", message: "No such course." } }), { status: 404 }));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    expect(await settled()).toBe(true);
  });

  it("gives up on a request that hangs, as a timed-out NetworkError", async () => {
    const fetch = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const api = createApiClient({ tokens: memoryTokens(), fetch, timeoutMs: 20 });

    await expect(api.request("/health")).rejects.toMatchObject({ name: "NetworkError", timedOut: true });
  });
});

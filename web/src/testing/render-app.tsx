import { createMemoryHistory, MemoryRouter } from "@solidjs/router";
import { render } from "@solidjs/testing-library";
import { onCleanup } from "solid-js";
import { vi } from "vitest";
import { Layout, routes } from "../app";
import { I18nProvider } from "../i18n";
import { createSession, SessionProvider } from "../lib/session";

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function reply({ status, body, headers }: FakeReply): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
  });
}

/** A fetch that answers from a queue of replies, in order, and records what it was asked. */
export function fakeFetch(...replies: FakeReply[]) {
  const queue = [...replies];
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const next = queue.shift();
    if (!next) throw new Error("fakeFetch: no reply left for this request");
    return reply(next);
  });
}

/** Renders the whole app (layout, guards, lazy routes) at `path`, with the session talking to `fetch`. */
export function renderApp(path: string, fetch: typeof globalThis.fetch) {
  const history = createMemoryHistory();
  history.set({ value: path, replace: true, scroll: false });
  const session = createSession({ fetch });
  const result = render(() => {
    onCleanup(session.dispose);
    return (
      <I18nProvider>
        <SessionProvider session={session}>
          <MemoryRouter history={history} root={Layout}>
            {routes}
          </MemoryRouter>
        </SessionProvider>
      </I18nProvider>
    );
  });
  return { ...result, history, session };
}

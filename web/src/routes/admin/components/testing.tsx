import { createMemoryHistory, MemoryRouter, type RouteDefinition } from "@solidjs/router";
import { render } from "@solidjs/testing-library";
import { type JSX, onCleanup, Suspense } from "solid-js";
import { vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import type { Dictionary } from "../../../i18n/vi";
import { createSession, SessionProvider } from "../../../lib/session";
import { reply, type FakeReply } from "../../../testing/render-app";

/** Renders an admin component with the app's i18n: Vietnamese, or English once `await loadLanguage("en")` has fetched it. */
export function renderWithI18n(ui: () => JSX.Element, english?: Dictionary) {
  return render(() => (
    <I18nProvider language={english ? "en" : "vi"} dictionary={english}>
      {ui()}
    </I18nProvider>
  ));
}

/**
 * Renders admin screens at `path`, signed in as `user`, with a fetch that answers by address (`/api/v1/…` →
 * reply) rather than in order: a unit screen asks for the unit, the course list and its own data at once.
 */
export function renderAdmin(options: {
  path: string;
  routes: RouteDefinition[];
  user: { id: string; roles: string[]; unitId: string };
  replies: (url: string) => FakeReply | undefined;
  english?: Dictionary;
}) {
  localStorage.setItem(
    "kns.session",
    JSON.stringify({
      accessToken: `access-${options.user.id}`,
      refreshToken: `refresh-${options.user.id}`,
      user: { phone: "0912000003", fullName: "Cầm Văn Đức", ...options.user },
    }),
  );
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const answer = options.replies(String(input));
    if (!answer) throw new Error(`renderAdmin: nothing to answer ${String(input)}`);
    return reply(answer);
  });
  const history = createMemoryHistory();
  history.set({ value: options.path, replace: true, scroll: false });
  const session = createSession({ fetch });
  render(() => {
    onCleanup(session.dispose);
    return (
      <I18nProvider language={options.english ? "en" : "vi"} dictionary={options.english}>
        <SessionProvider session={session}>
          <Suspense>
            <MemoryRouter history={history}>{options.routes}</MemoryRouter>
          </Suspense>
        </SessionProvider>
      </I18nProvider>
    );
  });
  return { fetch, history };
}

/** The paths the fake fetch was asked for, in order. */
export const askedFor = (fetch: ReturnType<typeof renderAdmin>["fetch"]) => fetch.mock.calls.map(([input]) => String(input));

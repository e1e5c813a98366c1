import { Router } from "@solidjs/router";
import { render } from "solid-js/web";
import { Layout, preloadScreen, routes } from "./app";
import { I18nProvider, loadDictionary, storedLanguage, type Language } from "./i18n";
import { preloadData } from "./lib/early-data";
import { registerServiceWorker } from "./lib/service-worker";
import { createSession, SessionProvider } from "./lib/session";
import "./styles.css";

/** Loads the chosen language before the first paint, so nobody sees the screen flip from Vietnamese. */
async function start(root: HTMLElement) {
  const session = createSession();
  // Someone signed in who opens a screen directly (the installed app, a reload, a link): fetch its code
  // while the app starts rather than once the router gets to it. Yield once before the first render:
  // without it Chromium sent those requests only after that render (measured at 4× CPU).
  // Its data first, so the request takes a connection before the screen's chunks take them all.
  if (session.user()) preloadData(location.pathname, session.api);
  if (session.user() && preloadScreen(location.pathname)) await new Promise((resolve) => setTimeout(resolve));
  void registerServiceWorker(session.api);
  let language: Language = storedLanguage();
  let dictionary: Awaited<ReturnType<typeof loadDictionary>> | undefined;
  try {
    dictionary = await loadDictionary(language);
  } catch {
    language = "vi";
    dictionary = await loadDictionary(language);
  }
  render(
    () => (
      <I18nProvider language={language} dictionary={dictionary}>
        <SessionProvider session={session}>
          <Router root={Layout}>{routes}</Router>
        </SessionProvider>
      </I18nProvider>
    ),
    root,
  );
}

// After a new release the service worker serves the new shell; a page still open from before may ask for a
// chunk that no longer exists. Reloading once picks up the new release instead of showing a broken screen.
addEventListener("vite:preloadError", () => location.reload());

const root = document.getElementById("app");
if (root) void start(root);

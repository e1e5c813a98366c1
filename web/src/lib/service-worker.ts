import type { ApiClient } from "./api";

/**
 * Registers the service worker (vite-plugin-pwa's generated `sw.js`) once the page has loaded and the API has no
 * request a screen is waiting for. Its install fetches the precache, about 190 KB: on a first visit over 3G,
 * registered at the page's `load` event as the plugin's own script did, it shared the link with the lesson's
 * course answer, which was still coming, and that answer was the last thing the lesson waited for
 * (docs/first-lesson.md, sixth pass). Registered this way it starts as soon as that answer is read, and every later
 * visit finds it installed. `serviceWorker.ready` and the offline library wait for it as before.
 */
export function registerServiceWorker(api: Pick<ApiClient, "idle">, url = "/sw.js"): Promise<void> {
  if (!("serviceWorker" in navigator)) return Promise.resolve();
  const loaded =
    document.readyState === "complete" ? Promise.resolve() : new Promise<void>((resolve) => addEventListener("load", () => resolve(), { once: true }));
  return loaded
    .then(() => api.idle())
    .then(() => navigator.serviceWorker.register(url, { scope: "/" }))
    .then(
      () => undefined,
      // No worker (a private window that forbids it, an old browser): the app works online as it is.
      () => undefined,
    );
}

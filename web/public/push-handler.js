/*
 * Web Push for Kỹ Năng Số, loaded by the service worker that vite-plugin-pwa generates (vite.config.ts,
 * `workbox.importScripts`). The server sends `{ kind, text, url }` (packages/core/src/notify/channels.ts);
 * the notification shows the text, and a tap opens the url in the app (only a path of this site).
 */
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { text: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification("Kỹ Năng Số", {
      body: message.text || "",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      lang: "vi",
      // A newer reminder of the same kind replaces the older one instead of piling up.
      tag: message.kind || "kns",
      data: { url: message.url || "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  const url = target.origin === self.location.origin ? target.href : new URL("/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) return open.focus().then((client) => (client && "navigate" in client ? client.navigate(url) : undefined));
      return self.clients.openWindow(url);
    }),
  );
});

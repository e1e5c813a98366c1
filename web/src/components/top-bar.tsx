import { A } from "@solidjs/router";
import { createSignal, onCleanup, Show } from "solid-js";
import { useI18n } from "../i18n";
import { useSession } from "../lib/session";
import { LanguageSwitch } from "./language-switch";

export function TopBar() {
  const { t } = useI18n();
  const session = useSession();
  const authors = () => Boolean(session.user()?.roles.some((role) => role === "trainer" || role === "super-admin"));
  const manages = () => Boolean(session.user()?.roles.some((role) => role === "admin" || role === "super-admin" || role === "team-leader"));
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  onCleanup(() => {
    window.removeEventListener("online", update);
    window.removeEventListener("offline", update);
  });
  return (
    <header class="top-bar">
      <div class="top-bar__inner">
        <A href="/" class="top-bar__brand" aria-label={t("app.home")}>
          <img src="/icons/icon.svg" alt="" width="32" height="32" />
          <span>{t("app.name")}</span>
        </A>
        <Show when={authors()}>
          <A href="/trainer" class="top-bar__link top-bar__link--trainer" aria-label={t("nav.trainer")}>
            <span aria-hidden="true">✎</span>
            <span class="top-bar__link-text">{t("nav.trainer")}</span>
          </A>
        </Show>
        <Show when={manages()}>
          <A href="/admin" class="top-bar__link">
            {t("nav.admin")}
          </A>
        </Show>
        <LanguageSwitch />
      </div>
      <Show when={!online()}>
        <p class="offline-banner" role="status">
          {t("app.offline")}
        </p>
      </Show>
    </header>
  );
}

import { A } from "@solidjs/router";
import { createSignal, onCleanup, Show } from "solid-js";
import { useI18n } from "../i18n";
import { LanguageSwitch } from "./language-switch";

export function TopBar() {
  const { t } = useI18n();
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

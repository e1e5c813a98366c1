import { A, useLocation } from "@solidjs/router";
import { Show } from "solid-js";
import { useI18n } from "../i18n";
import { useOnline } from "../lib/online";
import { authors, manages, staffHome } from "../lib/roles";
import { useSession } from "../lib/session";
import { LanguageSwitch } from "./language-switch";

/**
 * The app's name (home) and the language on one row, whatever the role; staff get a second row naming their
 * work areas in words, and the learner view. Offline, a banner says what still works for this person.
 */
export function TopBar() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const online = useOnline();
  const inStaffArea = () => /^\/(admin|trainer)(\/|$)/.test(location.pathname);
  const offlineMessage = () => {
    if (!session.user()) return t("app.offline");
    return inStaffArea() ? t("app.offlineStaff") : t("app.offlineLearner");
  };
  return (
    <header class="top-bar">
      <div class="top-bar__inner">
        <A href="/" class="top-bar__brand" aria-label={t("app.home")}>
          <img src="/icons/icon.svg" alt="" width="32" height="32" />
          <span>{t("app.name")}</span>
        </A>
        <LanguageSwitch />
      </div>
      <Show when={staffHome(session.user())}>
        <nav class="top-bar__nav" aria-label={t("nav.workLabel")}>
          <Show when={authors(session.user())}>
            <A href="/trainer" class="top-bar__link">
              <span aria-hidden="true">✎</span>
              {t("nav.trainer")}
            </A>
          </Show>
          <Show when={manages(session.user())}>
            <A href="/admin" class="top-bar__link">
              {t("nav.admin")}
            </A>
          </Show>
          <A href="/learn" class="top-bar__link">
            {t("nav.learn")}
          </A>
        </nav>
      </Show>
      <Show when={!online()}>
        <p class="offline-banner" role="status">
          {offlineMessage()}
        </p>
      </Show>
    </header>
  );
}

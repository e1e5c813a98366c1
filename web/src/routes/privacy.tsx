import { A } from "@solidjs/router";
import { For } from "solid-js";
import { useMessages, usePageTitle } from "../i18n";
import { privacyMessages } from "../i18n/privacy";

const SECTIONS = [
  ["privacy.whatTitle", "privacy.what"],
  ["privacy.whyTitle", "privacy.why"],
  ["privacy.whoTitle", "privacy.who"],
  ["privacy.rightsTitle", "privacy.rights"],
] as const;

/** The full notice behind the consent checkbox; readable without signing in. */
export default function Privacy() {
  const t = useMessages(privacyMessages);
  usePageTitle(() => t("privacy.title"));
  return (
    <article class="page prose" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t("privacy.title")}</h1>
      <For each={SECTIONS}>
        {([title, body]) => (
          <section>
            <h2>{t(title)}</h2>
            <p>{t(body)}</p>
          </section>
        )}
      </For>
      <p class="muted">{t("privacy.version")}</p>
      <p class="switch-page">
        <A href="/register">{t("privacy.back")}</A>
      </p>
    </article>
  );
}

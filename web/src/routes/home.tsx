import { A } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { Button } from "../components/button";
import { useMessages, usePageTitle } from "../i18n";
import { homeMessages } from "../i18n/home";
import { useSession } from "../lib/session";
import { LearnerPage, useWaitingCount } from "../features/learner/learner-page";
import { forgetProfile, otherProfiles } from "../features/profiles/profiles";
import { Catalogue } from "./learn/catalogue";

/** The signed-in start page: a greeting, the course catalogue, and the phone's own settings. */
export default function Home() {
  const t = useMessages(homeMessages);
  const session = useSession();
  usePageTitle(() => t("home.title"));
  const [signingOut, setSigningOut] = createSignal(false);
  const waiting = useWaitingCount();

  // Catches a session ended elsewhere and picks up a changed name or role; offline it keeps what it has.
  onMount(() => void session.reloadUser().catch(() => undefined));

  async function signOut() {
    const user = session.user();
    setSigningOut(true);
    if (user) forgetProfile(user.id);
    await session.signOut();
  }

  return (
    <LearnerPage>
      <Show when={session.user()}>
        {(user) => (
          <div class="page">
            <section class="welcome" aria-labelledby="home-title">
              <h1 id="home-title">{t("home.greeting", { name: user().fullName })}</h1>
              <p class="lead">
                {t("home.role", {
                  role: user()
                    .roles.map((role) => t(`role.${role}`))
                    .join(", "),
                })}
              </p>
            </section>
            <Catalogue />
            <section class="home-more" aria-labelledby="home-more-title">
              <h2 id="home-more-title">{t("home.moreTitle")}</h2>
              <ul class="link-list" role="list">
                <li>
                  <A href="/downloads">{t("home.downloads")}</A>
                </li>
                <li>
                  <A href="/account">{t("home.account")}</A>
                </li>
                <li>
                  <A href="/profiles">
                    {otherProfiles(user().id).length ? t("home.profilesCount", { count: otherProfiles(user().id).length }) : t("home.profiles")}
                  </A>
                </li>
              </ul>
            </section>
            <Show when={waiting() > 0}>
              <p class="notice notice--warning">{t("home.signOutWaiting", { count: waiting() })}</p>
            </Show>
            <Button variant="secondary" busy={signingOut()} onClick={signOut}>
              {t("home.signOut")}
            </Button>
          </div>
        )}
      </Show>
    </LearnerPage>
  );
}

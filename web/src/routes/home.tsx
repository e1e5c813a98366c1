import { A } from "@solidjs/router";
import { onMount, Show } from "solid-js";
import { useMessages, usePageTitle } from "../i18n";
import { homeMessages } from "../i18n/home";
import { useSession } from "../lib/session";
import { Assignments } from "../features/learner/assignments";
import { ReviewHomeCard } from "../features/review/home-card";
import { LearnerPage } from "../features/learner/learner-page";
import { otherProfiles } from "../features/profiles/profiles";
import { SignOut } from "../features/profiles/sign-out";
import { Catalogue } from "./learn/catalogue";

/** The signed-in start page: a greeting, the course catalogue, and the phone's own settings. */
export default function Home() {
  const t = useMessages(homeMessages);
  const session = useSession();
  usePageTitle(() => t("home.title"));
  // Catches a session ended elsewhere and picks up a changed name or role; offline it keeps what it has.
  onMount(() => void session.reloadUser().catch(() => undefined));

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
            <Assignments />
            <ReviewHomeCard />
            <Show when={user().roles.some((role) => role === "member" || role === "team-leader")}>
              <A class="field-work-entry button button--secondary" href="/field-work">
                <span>{t("home.fieldWork")}</span>
                <span class="field-work-entry__note">{t("home.fieldWorkNote")}</span>
              </A>
              <A class="field-work-entry button button--secondary" href="/register-neighbour">
                <span>{t("home.registerNeighbour")}</span>
                <span class="field-work-entry__note">{t("home.registerNeighbourNote")}</span>
              </A>
            </Show>
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
            <SignOut />
          </div>
        )}
      </Show>
    </LearnerPage>
  );
}

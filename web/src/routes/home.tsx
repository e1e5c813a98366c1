import { createSignal, onMount, Show } from "solid-js";
import { Button } from "../components/button";
import { useMessages, usePageTitle } from "../i18n";
import { homeMessages } from "../i18n/home";
import { useSession } from "../lib/session";

/** The signed-in start page. Courses (GET /courses) will fill the list section; until then it says so plainly. */
export default function Home() {
  const t = useMessages(homeMessages);
  const session = useSession();
  usePageTitle(() => t("home.title"));
  const [signingOut, setSigningOut] = createSignal(false);

  // Catches a session ended elsewhere and picks up a changed name or role; offline it keeps what it has.
  onMount(() => void session.reloadUser().catch(() => undefined));

  async function signOut() {
    setSigningOut(true);
    await session.signOut();
  }

  return (
    <Show when={session.user()}>
      {(user) => (
        <div class="page">
          <section class="welcome" aria-labelledby="home-title">
            <h1 id="home-title">{t("home.greeting", { name: user().fullName })}</h1>
            <p class="lead">
              {t("home.role", { role: user().roles.map((role) => t(`role.${role}`)).join(", ") })}
            </p>
          </section>
          <section class="courses" aria-labelledby="courses-title">
            <h2 id="courses-title">{t("home.coursesTitle")}</h2>
            <p class="empty">{t("home.coursesEmpty")}</p>
          </section>
          <Button variant="secondary" busy={signingOut()} onClick={signOut}>
            {t("home.signOut")}
          </Button>
        </div>
      )}
    </Show>
  );
}

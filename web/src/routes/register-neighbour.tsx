import { A } from "@solidjs/router";
import { createSignal, lazy, Show } from "solid-js";
import { useMessages } from "../i18n";
import { useSession } from "../lib/session";
import { citizenMessages } from "../features/citizens/messages";
import type { Neighbour } from "../features/citizens/resident-form";
import "../features/citizens/citizens.css";

const ResidentForm = lazy(() => import("../features/citizens/resident-form"));

/**
 * /register-neighbour: "help a neighbour". A team member registers a resident on the member's own phone and
 * stays signed in as themselves. Afterwards the screen says how the neighbour signs in, and offers the shared
 * phone's profiles (the member sets a PIN and steps aside; the neighbour signs in with their own password), so
 * neither account ever sees the other's data.
 */
export default function RegisterNeighbour() {
  const t = useMessages(citizenMessages);
  const session = useSession();
  const [done, setDone] = createSignal<Neighbour>();
  const isMember = () => Boolean(session.user()?.roles.some((role) => role === "member" || role === "team-leader"));

  return (
    <Show
      when={isMember()}
      fallback={
        <section class="page" aria-labelledby="neighbour-title">
          <h1 id="neighbour-title">{t("citizen.helpTitle")}</h1>
          <p>{t("citizen.membersOnly")}</p>
          <p class="switch-page">
            <A href="/">{t("neighbour.home")}</A>
          </p>
        </section>
      }
    >
      <Show when={done()} fallback={<ResidentForm onHelped={(neighbour) => setDone(neighbour)} />} keyed>
        {(neighbour) => (
          <section class="page neighbour-done" aria-labelledby="neighbour-done-title">
            <h1
              id="neighbour-done-title"
              tabindex="-1"
              ref={(heading) =>
                queueMicrotask(() => {
                  heading.scrollIntoView?.({ block: "start" });
                  heading.focus();
                })
              }
            >
              {t("neighbour.doneTitle", { name: neighbour.fullName })}
            </h1>
            <p class="lead">{t("neighbour.doneSignIn", { name: neighbour.fullName, phone: neighbour.phone })}</p>
            <p class="help-note">{t("neighbour.doneKept")}</p>
            <div class="neighbour-done__actions">
              <A class="button button--primary" href="/profiles">
                {t("neighbour.addToPhone", { name: neighbour.fullName })}
              </A>
              <A class="button button--secondary" href="/field-work">
                {t("neighbour.recordHelp")}
              </A>
              <button type="button" class="button button--secondary" onClick={() => setDone(undefined)}>
                {t("neighbour.another")}
              </button>
              <A class="button button--secondary" href="/">
                {t("neighbour.home")}
              </A>
            </div>
          </section>
        )}
      </Show>
    </Show>
  );
}

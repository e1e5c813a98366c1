import { A } from "@solidjs/router";
import { onMount, Show, type ParentProps } from "solid-js";
import { useMessages } from "../../i18n";
import { learnerHome } from "../../lib/roles";
import { useSession } from "../../lib/session";
import { listOutbox, outboxRevision, settleActive, startSync } from "../offline/outbox-later";
import { createLoader } from "../../lib/load";
import { learnerFrameMessages } from "./frame-messages";
import "./frame.css";

/*
 * The learner frame that every learner screen shares, and its styles (./frame.css): apart from ./learner-page.tsx,
 * which adds the other screens' styles, so a lesson's first load carries only what the lesson shows.
 */

/** How many of this person's items are still waiting to be sent; re-read whenever the outbox changes. */
export function useWaitingCount() {
  const session = useSession();
  const count = createLoader(
    () => session.user()?.id,
    async (userId) => (await listOutbox(userId)).filter((item) => item.state === "waiting").length,
    { refresh: outboxRevision },
  );
  return () => count.data() ?? 0;
}

function Icon(props: { path: string }) {
  return (
    <svg class="learner-nav__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
      <path d={props.path} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

/** The learner's four places, at the bottom where a thumb reaches them; the outbox shows what is still waiting. */
function LearnerNav() {
  const t = useMessages(learnerFrameMessages);
  const session = useSession();
  const waiting = useWaitingCount();
  return (
    <nav class="learner-nav" aria-label={t("nav.label")}>
      <A href={learnerHome(session.user())} end class="learner-nav__link">
        <Icon path="M4 5h7v14H4zM13 5h7v14h-7z" />
        <span>{t("nav.courses")}</span>
      </A>
      <A href="/progress" class="learner-nav__link">
        <Icon path="M4 20V10M10 20V4M16 20v-7M22 20H2" />
        <span>{t("nav.progress")}</span>
      </A>
      <A href="/certificates" class="learner-nav__link">
        <Icon path="M12 15a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM8.5 14 7 22l5-3 5 3-1.5-8" />
        <span>{t("nav.certificates")}</span>
      </A>
      <A href="/outbox" class="learner-nav__link">
        <Icon path="M4 14h4l2 3h4l2-3h4M4 14l2-9h12l2 9v6H4z" />
        <span>
          {t("nav.outbox")}
          <Show when={waiting() > 0}>
            {" "}
            <span class="badge" aria-hidden="true">
              {waiting()}
            </span>
            <span class="visually-hidden">{t("nav.waiting", { count: waiting() })}</span>
          </Show>
        </span>
      </A>
    </nav>
  );
}

/**
 * Frame of every learner screen: starts the outbox sync (on start, on `online`, when the app comes back
 * to view) and puts the learner navigation at the bottom.
 */
export function LearnerPage(props: ParentProps) {
  const session = useSession();
  onMount(() => {
    startSync(session);
    const user = session.user();
    if (user) settleActive(user);
  });
  return (
    <div class="learner">
      {props.children}
      <Show when={session.user()}>
        <div class="learner-nav-space" aria-hidden="true" />
        <LearnerNav />
      </Show>
    </div>
  );
}

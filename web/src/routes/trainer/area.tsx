import { A, type RouteSectionProps } from "@solidjs/router";
import { Show } from "solid-js";
import { useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { trainerMessages } from "./messages";
import "./trainer.css";

export const canAuthor = (roles: readonly string[] | undefined) => Boolean(roles?.some((role) => role === "trainer" || role === "super-admin"));

/** The trainer area: only trainers and super admins get in (the API says the same; this saves a confusing 403). */
export default function TrainerArea(props: RouteSectionProps) {
  const session = useSession();
  const t = useMessages(trainerMessages);
  return (
    <Show
      when={canAuthor(session.user()?.roles)}
      fallback={
        <div class="t-page">
          <h1>{t("area.title")}</h1>
          <p class="alert" role="alert">
            {t("area.forbidden")}
          </p>
          <A href="/">{t("area.home")}</A>
        </div>
      }
    >
      <div class="trainer-area">{props.children}</div>
    </Show>
  );
}

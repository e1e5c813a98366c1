import { A, useLocation, type RouteSectionProps } from "@solidjs/router";
import { Show } from "solid-js";
import { useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { trainerMessages } from "./messages";
import "./trainer.css";

export const canAuthor = (roles: readonly string[] | undefined) => Boolean(roles?.some((role) => role === "trainer" || role === "super-admin"));

/** Admins review publish requests of their scope (the API decides which); they do not author. */
const canReview = (roles: readonly string[] | undefined) => canAuthor(roles) || Boolean(roles?.includes("admin"));

/** The trainer area: only trainers and super admins get in, admins to the reviews (the API says the same; this saves a confusing 403). */
export default function TrainerArea(props: RouteSectionProps) {
  const session = useSession();
  const location = useLocation();
  const t = useMessages(trainerMessages);
  const allowed = () => (location.pathname.startsWith("/trainer/reviews") ? canReview : canAuthor)(session.user()?.roles);
  return (
    <Show
      when={allowed()}
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

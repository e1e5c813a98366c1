import type { Unit, User } from "@kns/core/model";
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { useI18n, useMessages } from "../../i18n";
import { shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { useSession } from "../../lib/session";
import { unitInfo, useAdminApi } from "./lib/admin-api";
import { isAdmin } from "./lib/roles";
import { reorganiseMessages } from "./reorganise-messages";

export function isArchived(unit: Unit): boolean {
  return Boolean(unit.archivedAt);
}

/**
 * Whether the person administers the unit from above (an admin role at one of its ancestors): only then are
 * merge, archive and recode offered. The server decides (`unit.reorganise_own`); this only hides what it refuses.
 */
export function reorganisesFromAbove(user: User | undefined, unit: Pick<Unit, "id" | "path" | "parentId">): boolean {
  if (!user || !unit.parentId || !isAdmin(user)) return false;
  if (user.roles.includes("super-admin")) return true;
  const adminAt = user.grants?.length ? user.grants.filter((grant) => grant.role === "admin").map((grant) => grant.unitId) : [user.unitId];
  const above = unit.path.split("/").filter((id) => id && id !== unit.id);
  return adminAt.some((id) => id !== null && above.includes(id));
}

/** The unit's "Reorganise" section for its navigation (unit-frame.tsx), shown to admins above the unit. */
export function useReorganiseSection(unit: () => Unit) {
  const t = useMessages(reorganiseMessages);
  const session = useSession();
  return () => ({
    href: `/admin/units/${encodeURIComponent(unit().id)}/reorganise`,
    label: t("reorganise.nav"),
    show: reorganisesFromAbove(session.user(), unit()),
  });
}

/** An archived unit's page, in place of its sections: where it went (merged) or that it was closed, and nothing to act on. */
export function ArchivedNotice(props: { unit: Unit }) {
  const t = useMessages(reorganiseMessages);
  const { language } = useI18n();
  const api = useAdminApi();
  const session = useSession();
  const unit = () => props.unit;
  // The unit merged into may sit outside this admin's scope (404): then it is named, but not linked.
  const into = createLoader(
    () => unit().mergedInto,
    async (id) => (await unitInfo(api, session.user()?.id ?? "", id)) ?? null,
  );
  const date = () => shortDate(unit().archivedAt, language());
  return (
    <section class="panel archived-unit" aria-labelledby="archived-title">
      <h2 id="archived-title">{t("reorganise.archived.title")}</h2>
      <Show when={unit().mergedInto} fallback={<p>{t("reorganise.archived.closed", { date: date() })}</p>}>
        <Show when={into.data() !== undefined} fallback={<p class="loading">{t("app.loading")}</p>}>
          <p>{t("reorganise.archived.merged", { into: into.data()?.name ?? t("reorganise.archived.elsewhere"), date: date(), code: unit().code })}</p>
          <Show when={into.data()}>
            {(target) => (
              <A class="button button--primary" href={`/admin/units/${encodeURIComponent(target().id)}`}>
                {t("reorganise.archived.open", { into: target().name })}
              </A>
            )}
          </Show>
        </Show>
      </Show>
    </section>
  );
}

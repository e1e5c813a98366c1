import { Navigate } from "@solidjs/router";
import { Show } from "solid-js";
import { useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { AdminPage, NotFound } from "./components/unit-frame";
import { isStaff } from "./lib/roles";
import { adminMessages } from "./messages";

/** /admin — an admin's own unit, or a team leader's own team; everyone else is told there is nothing here. */
export default function AdminHome() {
  const t = useMessages(adminMessages);
  const session = useSession();
  usePageTitle(() => t("nav.admin"));
  return (
    <Show
      when={isStaff(session.user())}
      fallback={
        <AdminPage>
          <NotFound message={t("notFound.notStaff")} />
        </AdminPage>
      }
    >
      <Show
        when={session.user()?.unitId}
        fallback={
          <AdminPage>
            <NotFound message={t("notFound.noUnit")} />
          </AdminPage>
        }
      >
        {(unitId) => <Navigate href={`/admin/units/${encodeURIComponent(unitId())}`} />}
      </Show>
    </Show>
  );
}

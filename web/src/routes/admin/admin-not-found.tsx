import { useMessages } from "../../i18n";
import { AdminPage, NotFound } from "./components/unit-frame";
import { adminMessages } from "./messages";

/** Any other address under /admin. */
export default function AdminNotFound() {
  const t = useMessages(adminMessages);
  return (
    <AdminPage>
      <NotFound message={t("notFound.page")} />
    </AdminPage>
  );
}

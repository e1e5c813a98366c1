import type { AuditEntry } from "@kns/core/model";
import { useParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { LoadError, UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { dateTime } from "../../lib/format";
import { createLoader } from "../../lib/load";
import { adminMessages, type AdminKey, type AdminTranslate } from "./messages";

const ACTIONS: Record<string, AdminKey> = {
  "unit.create": "audit.action.unit.create",
  "unit.rename": "audit.action.unit.rename",
  "unit.move": "audit.action.unit.move",
  "unit.join_code.rotate": "audit.action.unit.join_code.rotate",
  "member.move": "audit.action.member.move",
  "member.update": "audit.action.member.update",
  "member.deactivate": "audit.action.member.deactivate",
  "member.reactivate": "audit.action.member.reactivate",
  "member.password_reset_code": "audit.action.member.password_reset_code",
  "members.import": "audit.action.members.import",
  "export.create": "audit.action.export.create",
  "export.create.with_phones": "audit.action.export.create.with_phones",
  "report.monthly": "audit.action.report.monthly",
  "certificate.revoke": "audit.action.certificate.revoke",
  "staff.appoint": "audit.action.staff.appoint",
  "staff.remove": "audit.action.staff.remove",
  "staff.move": "audit.action.staff.move",
};

/** The few details worth reading in a list, in words; ids and paths stay out of the way. */
function detailText(entry: AuditEntry, t: AdminTranslate): string {
  const details = entry.details ?? {};
  const text = (key: string) => (typeof details[key] === "string" || typeof details[key] === "number" ? String(details[key]) : "");
  switch (entry.action) {
    case "unit.create":
      return t("audit.detail.created", { name: text("name"), code: text("code") });
    case "unit.rename":
      return t("audit.detail.renamed", { from: text("from"), to: text("to") });
    case "unit.move":
      return t("audit.detail.moved", { from: text("fromParent"), to: text("toParent") });
    case "members.import":
      return t("audit.detail.imported", { rows: text("rows"), created: text("created"), updated: text("updated"), errors: text("errors") });
    case "export.create":
    case "export.create.with_phones":
      return t("audit.detail.exported", { format: text("format").toUpperCase(), course: text("courseId") || t("course.all") });
    case "certificate.revoke":
      return text("reason");
    case "report.monthly":
      return text("month");
    default:
      return "";
  }
}

/** /admin/units/:unitId/audit — who did what to this unit, when and from which address. */
export default function Audit() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit) => <AuditLog unit={unit()} />}</UnitFrame>;
}

function AuditLog(props: { unit: UnitWithChildren }) {
  const t = useMessages(adminMessages);
  const { language } = useI18n();
  const session = useSession();
  const api = useAdminApi();
  usePageTitle(() => t("audit.pageTitle", { unit: props.unit.name }));
  const entries = createLoader(
    () => props.unit.id,
    (unitId) => api.audit(unitId),
  );
  const who = (entry: { actorId: string; actorName: string | null }) =>
    entry.actorId === session.user()?.id ? t("audit.you") : entry.actorId === "system" ? t("audit.system") : (entry.actorName ?? entry.actorId);

  return (
    <section class="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">{t("audit.title")}</h2>
      <p class="muted">{t("audit.intro")}</p>
      <Show
        when={entries.data()}
        fallback={
          <Show when={entries.error()} fallback={<p class="loading">{t("app.loading")}</p>}>
            {(error) => <LoadError error={error()} onRetry={() => void entries.reload()} />}
          </Show>
        }
      >
        {(items) => (
          <Show when={items().length} fallback={<p class="empty">{t("audit.empty")}</p>}>
            <div class="table-scroll" tabindex="0" role="region" aria-label={t("audit.title")}>
              <table class="table">
                <caption class="visually-hidden">{t("audit.caption", { unit: props.unit.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("audit.when")}</th>
                    <th scope="col">{t("audit.who")}</th>
                    <th scope="col">{t("audit.what")}</th>
                    <th scope="col">{t("audit.details")}</th>
                    <th scope="col">{t("audit.where")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={items()}>
                    {(entry) => (
                      <tr>
                        <td class="nowrap">{dateTime(entry.at, language())}</td>
                        <td class="break">{who(entry)}</td>
                        <th scope="row">{ACTIONS[entry.action] ? t(ACTIONS[entry.action]!) : entry.action}</th>
                        <td>{detailText(entry, t) || "—"}</td>
                        <td class="nowrap">{entry.address && entry.address !== "unknown" ? entry.address : "—"}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

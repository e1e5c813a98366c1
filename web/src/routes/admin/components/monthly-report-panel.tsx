import { fieldWorkMonth } from "@kns/core/model";
import { createSignal, createUniqueId, Show } from "solid-js";
import { Button } from "../../../components/button";
import { useMessages } from "../../../i18n";
import { useSession } from "../../../lib/session";
import { DownloadFailed, fetchFile, saveFile } from "../../../lib/download";
import { adminMessages } from "../messages";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** On a unit's dashboard (admins): the month's report to send upward, as an Excel file, for a month picked here. */
export function MonthlyReportPanel(props: { unit: { id: string; code: string } }) {
  const t = useMessages(adminMessages);
  const session = useSession();
  const id = createUniqueId();
  // The month as Vietnam's calendar reads it, the same the report and field work count in.
  const thisMonth = fieldWorkMonth(new Date());
  const [month, setMonth] = createSignal(thisMonth);
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ text: string; error?: boolean }>();

  async function download() {
    const chosen = month() || thisMonth;
    setBusy(true);
    setMessage(undefined);
    try {
      const path = `/admin/units/${encodeURIComponent(props.unit.id)}/monthly-report.xlsx?month=${encodeURIComponent(chosen)}`;
      saveFile(await fetchFile(session, path, XLSX_TYPE), `bao-cao-thang-${chosen}-${props.unit.code.toLowerCase()}.xlsx`);
      setMessage({ text: t("monthly.done", { month: `${Number(chosen.slice(5))}/${chosen.slice(0, 4)}` }) });
    } catch (error) {
      const text =
        error instanceof DownloadFailed && error.status === 400
          ? t("monthly.badMonth")
          : error instanceof TypeError
            ? t("error.network")
            : t("error.serverBusy");
      setMessage({ text, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("monthly.title")}</h2>
      <p class="muted">{t("monthly.intro")}</p>
      <div class="field">
        <label class="field__label" for={`${id}-month`}>
          {t("monthly.month")}
        </label>
        <input id={`${id}-month`} class="field__input" type="month" max={thisMonth} value={month()} onInput={(event) => setMonth(event.currentTarget.value)} />
      </div>
      <Button busy={busy()} busyLabel={t("monthly.downloading")} onClick={() => void download()}>
        {t("monthly.download")}
      </Button>
      <div role="status" class="alert-region">
        <Show when={message()}>{(shown) => <p classList={{ alert: shown().error }}>{shown().text}</p>}</Show>
      </div>
    </section>
  );
}

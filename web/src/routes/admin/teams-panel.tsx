import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages } from "../../i18n";
import { useSession } from "../../lib/session";
import { fetchFile, saveFile } from "../../lib/download";
import { teamMessages } from "./teams";

/** On a commune's page: create its teams from a list, and print every team's join code on A4 for a meeting. */
export function TeamsPanel(props: { unit: { id: string; code: string } }) {
  const t = useMessages(teamMessages);
  const session = useSession();
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ text: string; error?: boolean }>();

  async function print() {
    setBusy(true);
    setMessage(undefined);
    try {
      // The PDF needs the session's token, so it is fetched here and handed to the phone as a file.
      const sheet = await fetchFile(session, `/admin/units/${encodeURIComponent(props.unit.id)}/join-codes.pdf`, "application/pdf");
      saveFile(sheet, `ma-tham-gia-${props.unit.code.toLowerCase()}.pdf`);
      setMessage({ text: t("teams.printed") });
    } catch (error) {
      setMessage({ text: error instanceof TypeError ? t("error.network") : t("error.serverBusy"), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="teams-panel-title">
      <h2 id="teams-panel-title">{t("teams.printTitle")}</h2>
      <p class="muted">{t("teams.printIntro")}</p>
      <p class="muted">{t("teams.printStale")}</p>
      <div class="button-row">
        <Button busy={busy()} busyLabel={t("teams.printing")} onClick={() => void print()}>
          {t("teams.print")}
        </Button>
        <A class="button button--secondary" href="/admin/teams/import">
          {t("teams.title")}
        </A>
      </div>
      <div role="status" class="alert-region">
        <Show when={message()}>{(shown) => <p classList={{ alert: shown().error }}>{shown().text}</p>}</Show>
      </div>
    </section>
  );
}

import { useParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Button } from "../../components/button";
import { useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { QrCode } from "../../components/qr-code";
import { UnitFrame } from "./components/unit-frame";
import { useAdminApi, type UnitWithChildren } from "./lib/admin-api";
import { describeError } from "./lib/errors";
import { holdsMembers, isAdmin } from "./lib/roles";
import { adminMessages } from "./messages";

/** The registration link a join code stands for; the register screen fills the code in from `?code=`. */
export function registerLink(code: string) {
  return `${window.location.origin}/register?code=${encodeURIComponent(code)}`;
}

/** /admin/units/:unitId/join-code — the team's join code, a QR code to scan, a printable poster, a new code. */
export default function JoinCode() {
  const params = useParams<{ unitId: string }>();
  return <UnitFrame unitId={params.unitId}>{(unit, reload) => <JoinCodePanel unit={unit()} reload={reload} />}</UnitFrame>;
}

function JoinCodePanel(props: { unit: UnitWithChildren; reload: () => Promise<void> }) {
  const t = useMessages(adminMessages);
  const api = useAdminApi();
  const session = useSession();
  usePageTitle(() => t("join.pageTitle", { unit: props.unit.name }));
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [alert, setAlert] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();

  async function rotate() {
    setBusy(true);
    setAlert(undefined);
    try {
      const { joinCode } = await api.rotateJoinCode(props.unit.id);
      await props.reload();
      setNotice(t("join.rotated", { code: joinCode }));
    } catch (error) {
      setAlert(describeError(error, t));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  async function copy(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setNotice(t("join.copied"));
    } catch {
      setNotice(t("nudge.copyFailed"));
    }
  }

  return (
    <Show when={holdsMembers(props.unit.kind)} fallback={<p class="empty">{t("join.notATeam")}</p>}>
      <section class="panel join-code" aria-labelledby="join-title">
        <h2 id="join-title" class="no-print">
          {t("join.title")}
        </h2>
        <Show when={alert()}>
          <p class="alert" role="alert">
            {alert()}
          </p>
        </Show>
        <Show when={props.unit.joinCode} fallback={<p class="empty">{t("join.none")}</p>}>
          {(code) => (
            <div class="join-code__poster">
              <p class="print-only join-code__headline">{t("join.posterTitle", { team: props.unit.name })}</p>
              <QrCode class="join-code__qr" value={registerLink(code())} label={t("join.qrLabel", { code: code() })} />
              <p class="join-code__label">{t("join.codeLabel")}</p>
              <p class="join-code__code">{code()}</p>
              <p class="join-code__link">{registerLink(code())}</p>
              <p class="print-only">{t("join.posterSteps")}</p>
              <div class="button-row no-print">
                <Button onClick={() => window.print()}>{t("join.print")}</Button>
                <Button variant="secondary" onClick={() => void copy(registerLink(code()))}>
                  {t("join.copy")}
                </Button>
              </div>
            </div>
          )}
        </Show>
        <p role="status" class="notice-region no-print">
          {notice()}
        </p>
        <Show when={isAdmin(session.user())}>
          <div class="action-block no-print">
            <h3>{props.unit.joinCode ? t("join.rotateTitle") : t("join.createTitle")}</h3>
            <p class="muted">{props.unit.joinCode ? t("join.rotateIntro") : t("join.createIntro")}</p>
            <Show
              when={confirming() || !props.unit.joinCode}
              fallback={
                <Button variant="secondary" onClick={() => setConfirming(true)}>
                  {t("join.rotate")}
                </Button>
              }
            >
              <div class="confirm" role="group" aria-label={t("confirm.label")}>
                <Show when={props.unit.joinCode}>
                  <p>{t("join.rotateConfirm")}</p>
                </Show>
                <div class="button-row">
                  <Button busy={busy()} busyLabel={t("state.working")} onClick={() => void rotate()}>
                    {props.unit.joinCode ? t("join.rotateYes") : t("join.create")}
                  </Button>
                  <Show when={props.unit.joinCode}>
                    <Button variant="secondary" onClick={() => setConfirming(false)}>
                      {t("action.cancel")}
                    </Button>
                  </Show>
                </div>
              </div>
            </Show>
          </div>
        </Show>
      </section>
    </Show>
  );
}

import { competenceLabel, type MyCertificates } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, onMount, Show } from "solid-js";
import { Button } from "../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { useSession } from "../../lib/session";
import { DownloadFailed, fetchFile, saveFile } from "../../lib/download";
import { publicKey } from "../../features/certificates/public-key";
import { QrCode } from "../../components/qr-code";
import { groupCode, shortDate } from "../../lib/format";
import { LearnerPage } from "../../features/learner/learner-page";
import { createLoader } from "../../lib/load";
import { learnerMessages } from "../../features/learner/messages";
import { LoadError, OfflineNote } from "../../features/learner/parts";
import { loadCertificates } from "../../features/offline/library";

type Certificate = MyCertificates["items"][number];

function CertificateCard(props: { certificate: Certificate }) {
  const t = useMessages(learnerMessages);
  const { language } = useI18n();
  const session = useSession();
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ text: string; error?: boolean }>();
  const [showQr, setShowQr] = createSignal(false);
  const link = () => `${location.origin}/verify/${props.certificate.code}`;
  /** What the last button did, right under the buttons (a live region, so it is also read out), in view. */
  let status: HTMLParagraphElement | undefined;
  createEffect(() => {
    if (message()) status?.scrollIntoView?.({ block: "nearest" });
  });
  const code = () => groupCode(props.certificate.code);

  async function download() {
    setBusy(true);
    setMessage(undefined);
    try {
      const pdf = await fetchFile(session, `/certificates/${encodeURIComponent(props.certificate.code)}/pdf`, "application/pdf");
      saveFile(pdf, `chung-nhan-${props.certificate.code}.pdf`);
      setMessage({ text: t("certificates.downloaded") });
    } catch (error) {
      setMessage({ text: error instanceof DownloadFailed ? t("error.serverBusy") : t("certificates.pdfOffline"), error: true });
    } finally {
      setBusy(false);
    }
  }

  async function share() {
    setMessage(undefined);
    const data = {
      title: t("certificates.shareTitle"),
      text: t("certificates.shareText", { course: props.certificate.courseTitle, code: code() }),
      url: link(),
    };
    if (navigator.share) {
      try {
        await navigator.share(data);
        return;
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") return;
      }
    }
    try {
      await navigator.clipboard.writeText(link());
      setMessage({ text: t("certificates.copied") });
    } catch {
      setMessage({ text: t("certificates.copyManually", { link: link() }) });
    }
  }

  return (
    <li class="certificate">
      <h2 class="certificate__title">{props.certificate.courseTitle}</h2>
      <p class="certificate__code">
        {t("certificates.code")} <strong class="code">{code()}</strong>
      </p>
      <p class="muted">{t("certificates.issued", { date: shortDate(props.certificate.issuedAt, language()), version: props.certificate.version })}</p>
      <Show when={props.certificate.competences?.length}>
        <p class="certificate__competences">
          {t("certificates.competences", { list: props.certificate.competences!.map((code) => competenceLabel(code, language())).join("; ") })}
        </p>
      </Show>
      <div class="button-row">
        <Button busy={busy()} busyLabel={t("certificates.downloading")} onClick={() => void download()}>
          {t("certificates.download")}
        </Button>
        <Button variant="secondary" onClick={() => void share()}>
          {t("certificates.share")}
        </Button>
        <Button variant="secondary" aria-expanded={showQr()} onClick={() => setShowQr(!showQr())}>
          {showQr() ? t("certificates.hideQr") : t("certificates.showQr")}
        </Button>
        <A class="button button--secondary" href={`/verify/${props.certificate.code}`}>
          {t("certificates.verify")}
        </A>
      </div>
      <p
        class="certificate__status"
        classList={{ "notice notice--error": Boolean(message()?.error), "notice notice--success": Boolean(message() && !message()!.error) }}
        role="status"
        ref={status}
      >
        {message()?.text}
      </p>
      <Show when={showQr()}>
        <figure class="certificate__qr">
          <QrCode class="qr" value={link()} label={t("certificates.qrLabel", { code: code() })} />
          <figcaption class="muted">{t("certificates.qrHint")}</figcaption>
        </figure>
      </Show>
    </li>
  );
}

/** My certificates: each with its grouped code, the PDF, a verification link to share, and a QR code. */
export default function CertificatesPage() {
  const t = useMessages(learnerMessages);
  const session = useSession();
  usePageTitle(() => t("certificates.title"));
  const certificates = createLoader(
    () => session.user()?.id,
    (id, early) => loadCertificates(id, session.api, early),
  );
  // Keep the signing key on the phone, so certificates can be checked here later without network.
  onMount(() => void publicKey());

  return (
    <LearnerPage>
      <div class="page">
        <h1>{t("certificates.title")}</h1>
        <Show when={certificates.data()?.offline}>
          <OfflineNote savedAt={certificates.data()?.savedAt} />
        </Show>
        <Show when={certificates.error() && !certificates.data()}>
          <LoadError error={certificates.error()} onRetry={() => void certificates.reload()} />
        </Show>
        <Show when={certificates.loading() && !certificates.data()}>
          <p class="loading">{t("app.loading")}</p>
        </Show>
        <Show when={certificates.data()}>
          {(loaded) => (
            <Show when={loaded().data.length} fallback={<p class="empty">{t("certificates.empty")}</p>}>
              <ul class="certificates" role="list">
                <For each={loaded().data}>{(certificate) => <CertificateCard certificate={certificate} />}</For>
              </ul>
            </Show>
          )}
        </Show>
      </div>
    </LearnerPage>
  );
}

import { competenceLabel, type Verification } from "@kns/core/model";
import { useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useI18n, useMessages, usePageTitle } from "../../i18n";
import { ApiError, NetworkError } from "../../lib/api";
import { useSession } from "../../lib/session";
import { checkCode } from "@kns/core/model";
import { publicKey } from "../../features/certificates/public-key";
import { readFacts, verifySignature, type SignatureCheck } from "../../features/certificates/signature";
import { groupCode, shortDate } from "../../lib/format";
import { createLoader } from "../../lib/load";
import "../../features/learner/frame.css";
import "../../features/learner/learner.css";
import { verifyMessages } from "./verify-messages";

type Lookup = { kind: "found"; verification: Verification } | { kind: "not-found" } | { kind: "offline" } | { kind: "busy" };
type Signature = SignatureCheck | "no-key" | "broken";

/**
 * Public certificate check, no sign-in. Two independent answers: the server's record (valid or revoked,
 * masked name, course, date, unit) and — when opened from the certificate's QR code — the Ed25519 signature
 * over the facts in the link, checked on the phone, which works with no network at all.
 */
export default function VerifyPage() {
  const t = useMessages(verifyMessages);
  const { language } = useI18n();
  const params = useParams<{ code?: string }>();
  const [search] = useSearchParams<{ d?: string; s?: string }>();
  const navigate = useNavigate();
  const session = useSession();
  usePageTitle(() => t("verify.title"));
  const [formError, setFormError] = createSignal<string>();

  const checked = () => (params.code ? checkCode(params.code) : undefined);
  const code = () => {
    const result = checked();
    return result && "code" in result ? result.code : undefined;
  };

  const lookup = createLoader(code, async (value): Promise<Lookup> => {
    try {
      return { kind: "found", verification: await session.api.request<Verification>(`/verify/${value}`, { auth: false }) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { kind: "not-found" };
      if (error instanceof NetworkError) return { kind: "offline" };
      return { kind: "busy" };
    }
  });

  const signature = createLoader(
    () => code() && (search.d || search.s) && { code: code()!, d: search.d ?? "", s: search.s ?? "" },
    async ({ code: value, d, s }): Promise<{ check: Signature; facts?: ReturnType<typeof readFacts> }> => {
      const facts = readFacts(d);
      if (!facts || !s) return { check: "broken" };
      const key = await publicKey();
      if (!key) return { check: "no-key", facts };
      return { check: await verifySignature(value, facts, s, key), facts };
    },
  );

  function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const result = checkCode(String(new FormData(event.currentTarget).get("code") ?? ""));
    if ("problem" in result) {
      setFormError(t(`verify.${result.problem}`));
      event.currentTarget.querySelector<HTMLInputElement>("input")?.focus();
      return;
    }
    setFormError(undefined);
    navigate(`/verify/${result.code}`);
  }

  const Row = (props: { label: string; value?: string | number }) => (
    <Show when={props.value !== undefined && props.value !== ""}>
      <div class="facts-row">
        <dt>{props.label}</dt>
        <dd>{props.value}</dd>
      </div>
    </Show>
  );

  return (
    <div class="page verify">
      <h1>{t("verify.title")}</h1>
      <Show when={params.code && checked() && "problem" in checked()!}>
        <p class="notice notice--error" role="alert">
          {t(`verify.${(checked() as { problem: "code.empty" | "code.length" | "code.characters" | "code.check" }).problem}`)}
        </p>
      </Show>

      <Show when={code()}>
        {(value) => (
          <section class="verify-result" aria-live="polite" aria-busy={lookup.loading()}>
            <p class="verify__code">{t("verify.codeShown", { code: groupCode(value()) })}</p>
            <Show when={lookup.loading() && !lookup.data()}>
              <p class="loading">{t("verify.checking")}</p>
            </Show>
            <Switch>
              <Match when={lookup.data()?.kind === "found" && (lookup.data() as { verification: Verification }).verification}>
                {(found) => (
                  <div class={`verdict ${found().status === "valid" ? "verdict--valid" : "verdict--revoked"}`}>
                    <h2 class="verdict__title">
                      <span aria-hidden="true">{found().status === "valid" ? "✓ " : "✗ "}</span>
                      {found().status === "valid" ? t("verify.valid") : t("verify.revoked")}
                    </h2>
                    <Show when={found().status === "revoked"}>
                      <p>{t("verify.revokedOn", { date: shortDate(found().revokedAt, language()) })}</p>
                      <Show when={found().revokedReason}>
                        <p>{t("verify.revokedReason", { reason: found().revokedReason! })}</p>
                      </Show>
                    </Show>
                    <dl class="facts-list">
                      <Row label={t("verify.holder")} value={found().holderDeleted ? t("verify.holderDeleted") : found().holderName} />
                      <Row label={t("verify.course")} value={found().courseTitle} />
                      <Row label={t("verify.version")} value={found().version} />
                      <Row label={t("verify.issued")} value={shortDate(found().issuedAt, language())} />
                      <Row label={t("verify.unit")} value={found().unitName} />
                      <Row
                        label={t("verify.competences")}
                        value={found()
                          .competences?.map((code) => competenceLabel(code, language()))
                          .join("; ")}
                      />
                    </dl>
                  </div>
                )}
              </Match>
              <Match when={lookup.data()?.kind === "not-found"}>
                <div class="verdict verdict--revoked" role="alert">
                  <h2 class="verdict__title">{t("verify.notFound")}</h2>
                </div>
              </Match>
              <Match when={lookup.data()?.kind === "offline" || lookup.data()?.kind === "busy"}>
                <div class="notice notice--warning">
                  <p>{lookup.data()?.kind === "offline" ? t("verify.offline") : t("verify.serverBusy")}</p>
                  <Button variant="secondary" onClick={() => void lookup.reload()}>
                    {t("verify.retry")}
                  </Button>
                </div>
              </Match>
            </Switch>

            <Show when={signature.data()}>
              {(result) => (
                <section class={`signature signature--${result().check}`} aria-labelledby="signature-title">
                  <h2 id="signature-title" class="signature__heading">
                    {t("verify.signatureTitle")}
                  </h2>
                  <Switch>
                    <Match when={result().check === "valid"}>
                      <p class="signature__verdict">
                        <span aria-hidden="true">✓ </span>
                        {t("verify.signatureValid")}
                      </p>
                      <p>{t("verify.signatureValidBody")}</p>
                      <dl class="facts-list">
                        <Row label={t("verify.holder")} value={result().facts?.n} />
                        <Row label={t("verify.course")} value={result().facts?.t} />
                        <Row label={t("verify.version")} value={result().facts?.v} />
                        <Row label={t("verify.issued")} value={shortDate(result().facts?.i, language())} />
                      </dl>
                    </Match>
                    <Match when={result().check === "invalid"}>
                      <p class="signature__verdict" role="alert">
                        <span aria-hidden="true">✗ </span>
                        {t("verify.signatureInvalid")}
                      </p>
                      <p>{t("verify.signatureInvalidBody")}</p>
                    </Match>
                    <Match when={result().check === "unsupported"}>
                      <p>{t("verify.signatureUnsupported")}</p>
                    </Match>
                    <Match when={result().check === "no-key"}>
                      <p>{t("verify.signatureNoKey")}</p>
                    </Match>
                    <Match when={result().check === "broken"}>
                      <p>{t("verify.signatureBroken")}</p>
                    </Match>
                  </Switch>
                </section>
              )}
            </Show>
          </section>
        )}
      </Show>

      <section class="verify-form" aria-labelledby="verify-form-title">
        <h2 id="verify-form-title">{params.code ? t("verify.another") : t("verify.enterCode")}</h2>
        <Show when={!params.code}>
          <p class="lead">{t("verify.intro")}</p>
        </Show>
        <form class="form" novalidate onSubmit={submit}>
          <FormField
            name="code"
            label={t("verify.codeLabel")}
            hint={t("verify.codeHint")}
            error={formError()}
            autocapitalize="characters"
            autocomplete="off"
            spellcheck={false}
            maxlength={16}
          />
          <Button type="submit">{t("verify.submit")}</Button>
        </form>
      </section>
    </div>
  );
}

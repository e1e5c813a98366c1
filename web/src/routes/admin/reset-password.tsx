import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField, PasswordField } from "../../components/form-field";
import { defineArea, useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { explainError } from "../../lib/errors";
import { focusFirstInvalid, withoutError } from "../../lib/form";
import { useSession } from "../../lib/session";
import { hasErrors, newPasswordProblem, phoneProblem, type FieldErrors } from "../../lib/validate";
import vi from "./reset-password.vi";

const messages = defineArea({ vi, en: () => import("./reset-password.en") });

const FIELDS = ["phone", "code", "password", "consent"] as const;
type Field = (typeof FIELDS)[number];

/**
 * /reset-password (public): a member who forgot their password uses the one-time code an admin read out to
 * them (POST /auth/reset), then is signed in with the new password.
 */
export default function ResetPassword() {
  return <CodePasswordPage mode="reset" />;
}

const MODES = {
  reset: {
    endpoint: "/auth/reset",
    digits: 6,
    invalid: "auth.reset_code_invalid",
    title: "reset.title",
    intro: "reset.intro",
    code: "reset.code",
    codeHint: "reset.codeHint",
    codeRule: "validation.code",
    submit: "reset.submit",
    submitting: "reset.submitting",
    done: "reset.done",
  },
  activation: {
    endpoint: "/auth/activate",
    digits: 8,
    invalid: "auth.activation_code_invalid",
    title: "activate.title",
    intro: "activate.intro",
    code: "activate.code",
    codeHint: "activate.codeHint",
    codeRule: "validation.activationCode",
    submit: "activate.submit",
    submitting: "activate.submitting",
    done: "activate.done",
  },
} as const;

/**
 * A one-time code from an admin and a new password: a reset (6 digits) or the first activation of an account
 * an admin created (8 digits, with consent recorded). The activation link on a printed slip's QR code fills in
 * the phone and the code (`?phone=…&code=…`).
 */
export function CodePasswordPage(props: { mode: keyof typeof MODES }) {
  const t = useMessages(messages);
  const mode = MODES[props.mode];
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ phone?: string; code?: string }>();
  usePageTitle(() => t(mode.title));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const [sending, setSending] = createSignal(false);
  const [sentNote, setSentNote] = createSignal<string>();
  let formRef: HTMLFormElement | undefined;

  /** Reset only: a code sent to the registered phone (POST /auth/reset/request), instead of asking an admin. */
  async function sendCode() {
    const phone = String(new FormData(formRef!).get("phone") ?? "");
    const phoneKey = phoneProblem(phone);
    setAlert(undefined);
    setSentNote(undefined);
    if (phoneKey) {
      setErrors({ phone: t(phoneKey) });
      return focusFirstInvalid(formRef!);
    }
    setSending(true);
    try {
      await session.api.request("/auth/reset/request", { body: { phone }, auth: false });
      setSentNote(t("reset.codeSent"));
      formRef?.querySelector<HTMLInputElement>("input[name=code]")?.focus();
    } catch (error) {
      const explained = explainError(error, t, FIELDS);
      setErrors(explained.fields);
      setAlert(explained.message);
    } finally {
      setSending(false);
    }
  }

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const phone = String(data.get("phone") ?? "");
    const code = String(data.get("code") ?? "").replace(/[\s-]/g, "");
    const password = String(data.get("password") ?? "");
    const consent = props.mode === "reset" || data.get("consent") !== null;
    const phoneKey = phoneProblem(phone);
    const passwordKey = newPasswordProblem(password);
    const problems: FieldErrors<Field> = {
      phone: phoneKey && t(phoneKey),
      code: new RegExp(`^\\d{${mode.digits}}$`).test(code) ? undefined : t(mode.codeRule),
      password: passwordKey && t(passwordKey),
      consent: consent ? undefined : t("validation.consent"),
    };
    setErrors(problems);
    setAlert(undefined);
    if (hasErrors(problems)) return focusFirstInvalid(form);

    setBusy(true);
    try {
      await session.api.request(mode.endpoint, { body: { phone, code, password }, auth: false });
    } catch (error) {
      if (error instanceof ApiError && error.code === mode.invalid) {
        setErrors({ code: t("validation.codeInvalid") });
      } else {
        const explained = explainError(error, t, FIELDS);
        setErrors(explained.fields);
        setAlert(explained.message);
      }
      setBusy(false);
      return focusFirstInvalid(form);
    }
    try {
      await session.signIn(phone, password);
      navigate("/", { replace: true });
    } catch {
      // The new password is set; only signing in failed (e.g. the connection dropped): say so plainly.
      setDone(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="reset-title">
      <h1 id="reset-title">{t(mode.title)}</h1>
      <Show
        when={!done()}
        fallback={
          <p class="alert-region" role="status">
            {t(mode.done)} <A href="/sign-in">{t("reset.toSignIn")}</A>
          </p>
        }
      >
        <p class="lead">{t(mode.intro)}</p>
        <Alert message={alert()} />
        <form ref={formRef} class="form" method="post" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
          <FormField
            name="phone"
            type="tel"
            inputmode="tel"
            autocomplete="username"
            required
            label={t("field.phone")}
            hint={t("field.phoneHint")}
            error={errors().phone}
            value={params.phone ?? ""}
          />
          <Show when={props.mode === "reset"}>
            <div class="send-code">
              <Button variant="secondary" busy={sending()} busyLabel={t("reset.sending")} onClick={() => void sendCode()}>
                {t("reset.sendCode")}
              </Button>
              <p class="field__hint" role="status">
                {sentNote()}
              </p>
            </div>
          </Show>
          <FormField
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxLength={mode.digits + 2}
            required
            label={t(mode.code)}
            hint={t(mode.codeHint)}
            error={errors().code}
            value={params.code ?? ""}
          />
          <PasswordField
            name="password"
            autocomplete="new-password"
            required
            label={t("reset.newPassword")}
            hint={t("reset.passwordRule")}
            error={errors().password}
          />
          <Show when={props.mode === "activation"}>
            <fieldset class="consent" classList={{ "field--invalid": Boolean(errors().consent) }}>
              <legend>{t("activate.privacyTitle")}</legend>
              <p>
                <A href="/privacy" target="_blank" rel="noopener">
                  {t("activate.privacyLink")}
                </A>
              </p>
              <Show when={errors().consent}>
                <p class="field__error" id="activate-consent-error">
                  {errors().consent}
                </p>
              </Show>
              <label class="checkbox">
                <input
                  type="checkbox"
                  name="consent"
                  aria-invalid={errors().consent ? "true" : undefined}
                  aria-describedby={errors().consent ? "activate-consent-error" : undefined}
                />
                <span>{t("activate.consent")}</span>
              </label>
            </fieldset>
          </Show>
          <Button type="submit" busy={busy()} busyLabel={t(mode.submitting)}>
            {t(mode.submit)}
          </Button>
        </form>
        <p class="switch-page">
          {t("reset.remembered")} <A href="/sign-in">{t("reset.toSignIn")}</A>
        </p>
      </Show>
    </section>
  );
}

import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { FormField, PasswordField } from "../components/form-field";
import { useMessages, usePageTitle } from "../i18n";
import { registerMessages } from "../i18n/register";
import { ApiError } from "../lib/api";
import { explainError } from "../lib/errors";
import { focusFirstInvalid, withoutError } from "../lib/form";
import { useSession } from "../lib/session";
import { fullNameProblem, hasErrors, newPasswordProblem, phoneProblem, type FieldErrors } from "../lib/validate";

const FIELDS = ["fullName", "phone", "password", "joinCode", "consent"] as const;
type Field = (typeof FIELDS)[number];

/** Self-registration with the team code a team leader hands out (also accepted as `?code=` in a shared link). */
export default function Register() {
  const t = useMessages(registerMessages);
  const session = useSession();
  const [params] = useSearchParams<{ code?: string }>();
  usePageTitle(() => t("register.title"));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  /** The phone an admin already created an account for: that person activates it with a code instead. */
  const [activatePhone, setActivatePhone] = createSignal<string>();

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      fullName: String(data.get("fullName") ?? "").trim(),
      phone: String(data.get("phone") ?? ""),
      password: String(data.get("password") ?? ""),
      joinCode: String(data.get("joinCode") ?? "").trim(),
      consent: data.get("consent") === "yes",
    };
    const problem = (key: Parameters<typeof t>[0] | undefined) => key && t(key);
    const problems: FieldErrors<Field> = {
      fullName: problem(fullNameProblem(input.fullName)),
      phone: problem(phoneProblem(input.phone)),
      password: problem(newPasswordProblem(input.password)),
      joinCode: input.joinCode ? undefined : t("validation.joinCode"),
      consent: input.consent ? undefined : t("validation.consent"),
    };
    setErrors(problems);
    setAlert(undefined);
    if (hasErrors(problems) || !input.consent) return focusFirstInvalid(form);

    setBusy(true);
    try {
      await session.register({ ...input, consent: true });
    } catch (error) {
      setActivatePhone(error instanceof ApiError && error.code === "user.activation_required" ? input.phone : undefined);
      const explained = explainError(error, t, FIELDS);
      setErrors(explained.fields);
      setAlert(explained.message);
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="register-title">
      <h1 id="register-title">{t("register.title")}</h1>
      <p class="lead">{t("register.intro")}</p>
      <Alert message={alert()} />
      <Show when={activatePhone()}>
        {(phone) => (
          <p class="switch-page">
            <A href={`/activate?phone=${encodeURIComponent(phone())}`}>{t("signIn.activate")}</A>
          </p>
        )}
      </Show>
      <form class="form" method="post" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
        <FormField
          name="fullName"
          autocomplete="name"
          autocapitalize="words"
          required
          label={t("field.fullName")}
          hint={t("field.fullNameHint")}
          error={errors().fullName}
        />
        <FormField
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          required
          label={t("field.phone")}
          hint={t("field.phoneHint")}
          error={errors().phone}
        />
        <PasswordField
          name="password"
          autocomplete="new-password"
          required
          label={t("field.password")}
          hint={t("field.passwordRule")}
          error={errors().password}
        />
        <FormField
          name="joinCode"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          required
          value={params.code ?? ""}
          label={t("field.joinCode")}
          hint={t("field.joinCodeHint")}
          error={errors().joinCode}
        />
        <fieldset class="consent" classList={{ "field--invalid": Boolean(errors().consent) }} aria-describedby="consent-notice">
          <legend>{t("register.privacyTitle")}</legend>
          <p id="consent-notice">{t("register.privacyNotice")}</p>
          <p>
            <A href="/privacy" target="_blank" rel="noopener">
              {t("register.privacyLink")}
            </A>
          </p>
          <Show when={errors().consent}>
            <p class="field__error" id="consent-error">
              {errors().consent}
            </p>
          </Show>
          <label class="checkbox">
            <input
              type="checkbox"
              name="consent"
              value="yes"
              required
              aria-invalid={errors().consent ? "true" : undefined}
              aria-describedby={errors().consent ? "consent-error" : undefined}
            />
            <span>{t("register.consent")}</span>
          </label>
        </fieldset>
        <Button type="submit" busy={busy()} busyLabel={t("register.submitting")}>
          {t("register.submit")}
        </Button>
      </form>
      <p class="switch-page">
        {t("register.haveAccount")} <A href="/sign-in">{t("register.toSignIn")}</A>
      </p>
    </section>
  );
}

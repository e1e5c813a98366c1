import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { FormField, PasswordField } from "../components/form-field";
import { usePageTitle, useI18n, type MessageKey } from "../i18n";
import { explainError } from "../lib/errors";
import { focusFirstInvalid, withoutError } from "../lib/form";
import { otherProfileCount, useSession } from "../lib/session";
import { hasErrors, phoneProblem, type FieldErrors } from "../lib/validate";

const FIELDS = ["phone", "password"] as const;
type Field = (typeof FIELDS)[number];

/** Signing in is the first thing anyone sees, so this chunk stays small. Where to go next is the guard's job. */
export default function SignIn() {
  const { t } = useI18n();
  const session = useSession();
  usePageTitle(() => t("signIn.title"));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const phone = String(data.get("phone") ?? "");
    const password = String(data.get("password") ?? "");
    const problem = (key: MessageKey | undefined) => key && t(key);
    const problems: FieldErrors<Field> = {
      phone: problem(phoneProblem(phone)),
      password: password ? undefined : t("validation.passwordRequired"),
    };
    setErrors(problems);
    setAlert(undefined);
    if (hasErrors(problems)) return focusFirstInvalid(form);

    setBusy(true);
    try {
      await session.signIn(phone, password);
    } catch (error) {
      const explained = explainError(error, t, FIELDS);
      setErrors(explained.fields);
      setAlert(explained.message);
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      <p class="lead">{t("signIn.intro")}</p>
      <Alert message={alert()} />
      <form class="form" method="post" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
        <FormField
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="username"
          required
          label={t("field.phone")}
          hint={t("field.phoneHint")}
          error={errors().phone}
        />
        <PasswordField name="password" autocomplete="current-password" required label={t("field.password")} error={errors().password} />
        <Button type="submit" busy={busy()} busyLabel={t("signIn.submitting")}>
          {t("signIn.submit")}
        </Button>
      </form>
      <p class="switch-page">
        {t("signIn.noAccount")} <A href="/register">{t("signIn.toRegister")}</A>
      </p>
      <p class="switch-page">
        <A href="/reset-password">{t("signIn.forgot")}</A>
      </p>
      <p class="switch-page">
        <A href="/activate">{t("signIn.activate")}</A>
      </p>
      <Show when={otherProfileCount()}>
        {(count) => (
          <p class="switch-page">
            <A href="/profiles">{t("signIn.otherProfiles", { count: count() })}</A>
          </p>
        )}
      </Show>
    </section>
  );
}

import { A, useSearchParams } from "@solidjs/router";
import { createSignal, lazy, Match, Show, Switch } from "solid-js";
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

/** The resident's form and its commune picker: a chunk of their own, fetched only when someone picks "resident". */
const ResidentForm = lazy(() => import("../features/citizens/resident-form"));

const FIELDS = ["fullName", "phone", "password", "joinCode", "consent"] as const;
type Field = (typeof FIELDS)[number];

/**
 * /register: first who is signing up, a team member (with the code a team leader hands out) or a resident (no
 * code: a commune from the official list). `?as=member` and `?as=citizen` are the two forms, so the back
 * button returns to the choice; a shared link's `?code=` goes straight to the member form.
 */
export default function Register() {
  const [params] = useSearchParams<{ code?: string; as?: string }>();
  return (
    <Switch fallback={<Choice />}>
      <Match when={params.code || params.as === "member"}>
        <MemberForm />
      </Match>
      <Match when={params.as === "citizen"}>
        <ResidentForm />
      </Match>
    </Switch>
  );
}

function Choice() {
  const t = useMessages(registerMessages);
  usePageTitle(() => t("register.choiceTitle"));
  return (
    <section class="page" aria-labelledby="register-choice-title">
      <h1 id="register-choice-title">{t("register.choiceTitle")}</h1>
      <p class="lead">{t("register.choiceIntro")}</p>
      <ul class="choices" role="list">
        <li>
          <A class="button button--primary" href="/register?as=member" aria-describedby="register-as-member">
            {t("register.asMember")}
          </A>
          <p class="muted choices__note" id="register-as-member">
            {t("register.asMemberNote")}
          </p>
        </li>
        <li>
          <A class="button button--primary" href="/register?as=citizen" aria-describedby="register-as-citizen">
            {t("register.asCitizen")}
          </A>
          <p class="muted choices__note" id="register-as-citizen">
            {t("register.asCitizenNote")}
          </p>
        </li>
      </ul>
      <p class="switch-page">
        {t("register.haveAccount")} <A href="/sign-in">{t("register.toSignIn")}</A>
      </p>
    </section>
  );
}

/** Self-registration with the team code a team leader hands out (also accepted as `?code=` in a shared link). */
function MemberForm() {
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
        <Show when={activatePhone()}>
          {(phone) => (
            <p class="field-link">
              <A href={`/activate?phone=${encodeURIComponent(phone())}`}>{t("signIn.activate")}</A>
            </p>
          )}
        </Show>
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
        <A href="/register?as=citizen">{t("register.toCitizen")}</A>
      </p>
      <p class="switch-page">
        {t("register.haveAccount")} <A href="/sign-in">{t("register.toSignIn")}</A>
      </p>
    </section>
  );
}

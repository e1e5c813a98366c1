import type { RegisterRequest, SessionResponse } from "@kns/core/model";
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField, PasswordField } from "../../components/form-field";
import { useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { explainError } from "../../lib/errors";
import { focusFirstInvalid, withoutError } from "../../lib/form";
import { useSession } from "../../lib/session";
import { fullNameProblem, hasErrors, newPasswordProblem, phoneProblem, type FieldErrors } from "../../lib/validate";
import { citizenMessages } from "./messages";
import { PlacePicker } from "./place-picker";

const FIELDS = ["provinceCode", "communeCode", "fullName", "phone", "password", "consent"] as const;
type Field = (typeof FIELDS)[number];

/** The resident a team member has just registered, shown on the member's phone (never signed in there). */
export interface Neighbour {
  fullName: string;
  phone: string;
}

/**
 * A resident's registration, without a join code: their province and commune, name, phone, password and
 * consent. On their own (`/register?as=citizen`) it signs them in, and the register screen steps aside to
 * their catalogue. In help mode (`onHelped`), a signed-in team member registers a neighbour on the member's own
 * phone: the member's token goes along (the server records that the team helped), the member stays signed in,
 * and the neighbour's new session is ended at once rather than kept here, so the two accounts share nothing.
 */
export default function ResidentForm(props: { onHelped?: (neighbour: Neighbour) => void }) {
  const t = useMessages(citizenMessages);
  const session = useSession();
  const helping = () => Boolean(props.onHelped);
  usePageTitle(() => (helping() ? t("citizen.helpTitle") : t("citizen.title")));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "");
    const input = {
      provinceCode: text("provinceCode"),
      communeCode: text("communeCode"),
      fullName: text("fullName").trim(),
      phone: text("phone"),
      password: text("password"),
      consent: data.get("consent") === "yes",
    };
    const problem = (key: Parameters<typeof t>[0] | undefined) => key && t(key);
    const problems: FieldErrors<Field> = {
      provinceCode: input.provinceCode ? undefined : t("validation.province"),
      communeCode: !input.provinceCode || input.communeCode ? undefined : t("validation.commune"),
      fullName: problem(fullNameProblem(input.fullName)),
      phone: problem(phoneProblem(input.phone)),
      password: problem(newPasswordProblem(input.password)),
      consent: input.consent ? undefined : t("validation.consent"),
    };
    setErrors(problems);
    setAlert(undefined);
    if (hasErrors(problems)) return focusFirstInvalid(form);

    const request: RegisterRequest = {
      audience: "citizen",
      communeCode: input.communeCode,
      fullName: input.fullName,
      phone: input.phone,
      password: input.password,
      consent: true,
    };
    setBusy(true);
    try {
      if (props.onHelped) {
        const created = await session.api.request<SessionResponse>("/auth/register", { body: request });
        void session.api.request("/auth/logout", { body: { refreshToken: created.refreshToken }, auth: false }).catch(() => undefined);
        props.onHelped({ fullName: created.user.fullName, phone: input.phone });
      } else {
        await session.register(request);
      }
    } catch (error) {
      const explained = explainError(error, t, FIELDS);
      if (error instanceof ApiError && error.code === "auth.commune_invalid") {
        explained.fields.communeCode = t("error.communeInvalid");
        explained.message = t("validation.fixFields");
      } else if (error instanceof ApiError && error.code === "auth.forbidden") {
        explained.message = t("citizen.membersOnly");
      }
      setErrors(explained.fields);
      setAlert(explained.message);
      focusFirstInvalid(form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page" aria-labelledby="resident-title">
      <h1 id="resident-title">{helping() ? t("citizen.helpTitle") : t("citizen.title")}</h1>
      <Show when={helping()} fallback={<p class="lead">{t("citizen.intro")}</p>}>
        <p class="help-note">{t("citizen.helpIntro")}</p>
        <p class="lead">{t("citizen.helpNote")}</p>
      </Show>
      <Alert message={alert()} />
      <form class="form" method="post" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
        <PlacePicker
          provinceError={errors().provinceCode}
          communeError={errors().communeCode}
          onProvince={() => setErrors({ ...errors(), provinceCode: undefined, communeCode: undefined })}
        />
        <FormField
          name="fullName"
          autocomplete={helping() ? "off" : "name"}
          autocapitalize="words"
          required
          label={t("field.fullName")}
          hint={helping() ? t("citizen.helpNameHint") : t("field.fullNameHint")}
          error={errors().fullName}
        />
        <FormField
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete={helping() ? "off" : "tel"}
          required
          label={t("field.phone")}
          hint={helping() ? t("citizen.helpPhoneHint") : t("field.phoneHint")}
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
        <fieldset class="consent" classList={{ "field--invalid": Boolean(errors().consent) }} aria-describedby="resident-consent-notice">
          <legend>{t("register.privacyTitle")}</legend>
          <p id="resident-consent-notice">{t("citizen.privacyNotice")}</p>
          <p>
            <A href="/privacy" target="_blank" rel="noopener">
              {t("register.privacyLink")}
            </A>
          </p>
          <Show when={errors().consent}>
            <p class="field__error" id="resident-consent-error">
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
              aria-describedby={errors().consent ? "resident-consent-error" : undefined}
            />
            <span>{helping() ? t("citizen.helpConsent") : t("register.consent")}</span>
          </label>
        </fieldset>
        <Button type="submit" busy={busy()} busyLabel={t("register.submitting")}>
          {helping() ? t("citizen.helpSubmit") : t("register.submit")}
        </Button>
      </form>
      <Show when={!helping()}>
        <p class="switch-page">
          <A href="/register?as=member">{t("citizen.toMember")}</A>
        </p>
        <p class="switch-page">
          {t("register.haveAccount")} <A href="/sign-in">{t("register.toSignIn")}</A>
        </p>
      </Show>
    </section>
  );
}

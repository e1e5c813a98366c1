import { useNavigate } from "@solidjs/router";
import { createSignal, lazy, Show, Suspense } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { PasswordField } from "../../components/form-field";
import { defineArea, useMessages, usePageTitle } from "../../i18n";
import type { SessionResponse } from "../../lib/api";
import { explainError } from "../../lib/errors";
import { focusFirstInvalid, withoutError } from "../../lib/form";
import { useSession } from "../../lib/session";
import { hasErrors, newPasswordProblem, type FieldErrors } from "../../lib/validate";
import { forgetShownLesson } from "../../features/offline/stored-lesson";
import { forgetProfile } from "../../features/profiles/profiles";
import vi from "./account.vi";

const messages = defineArea({ vi, en: () => import("./account.en") });
/** Its own chunk: the push and consent code loads only when the account screen is opened. */
const NotificationSettings = lazy(() => import("../../features/notifications/settings"));

const FIELDS = ["currentPassword", "newPassword"] as const;
type Field = (typeof FIELDS)[number];

/** /account: change one's own password (the current one is required), end every session, choose notification channels. */
export default function Account() {
  const t = useMessages(messages);
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(() => t("account.title"));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [done, setDone] = createSignal(false);
  const [busy, setBusy] = createSignal<"password" | "everywhere">();
  const [confirming, setConfirming] = createSignal(false);

  async function change(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    const rule = newPasswordProblem(newPassword);
    const problems: FieldErrors<Field> = { currentPassword: currentPassword ? undefined : t("validation.currentRequired"), newPassword: rule && t(rule) };
    setErrors(problems);
    setAlert(undefined);
    setDone(false);
    if (hasErrors(problems)) return focusFirstInvalid(form);
    setBusy("password");
    try {
      const fresh = await session.api.request<SessionResponse>("/me/password", { body: { currentPassword, newPassword } });
      // Every session ended, this one too: the answer is this phone's new one.
      session.adopt({ accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, user: fresh.user });
      form.reset();
      setDone(true);
    } catch (error) {
      const explained = explainError(error, t, FIELDS);
      setErrors(explained.fields);
      setAlert(explained.message);
      focusFirstInvalid(form);
    } finally {
      setBusy(undefined);
    }
  }

  async function everywhere() {
    const user = session.user();
    setBusy("everywhere");
    try {
      await session.api.request("/me/sign-out-everywhere", { method: "POST", body: {} });
      if (user) {
        forgetProfile(user.id);
        forgetShownLesson(user.id);
      }
      await session.signOut();
      navigate("/sign-in", { replace: true });
    } catch (error) {
      setAlert(explainError(error, t, []).message);
    } finally {
      setBusy(undefined);
      setConfirming(false);
    }
  }

  return (
    <div class="page">
      <h1>{t("account.title")}</h1>
      <Alert message={alert()} />
      <section aria-labelledby="password-title">
        <h2 id="password-title">{t("account.passwordTitle")}</h2>
        <p class="muted">{t("account.passwordIntro")}</p>
        <Show when={done()}>
          <p class="notice notice--success" role="status">
            {t("account.changed")}
          </p>
        </Show>
        <form class="form" method="post" novalidate onSubmit={change} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
          <PasswordField name="currentPassword" autocomplete="current-password" required label={t("account.current")} error={errors().currentPassword} />
          <PasswordField
            name="newPassword"
            autocomplete="new-password"
            required
            label={t("account.new")}
            hint={t("account.newRule")}
            error={errors().newPassword}
          />
          <Button type="submit" busy={busy() === "password"} busyLabel={t("account.changing")}>
            {t("account.change")}
          </Button>
        </form>
      </section>
      <section aria-labelledby="everywhere-title">
        <h2 id="everywhere-title">{t("account.everywhereTitle")}</h2>
        <p class="muted">{t("account.everywhereIntro")}</p>
        <Show
          when={confirming()}
          fallback={
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              {t("account.everywhere")}
            </Button>
          }
        >
          <div class="confirm" role="group" aria-label={t("account.everywhereConfirm")}>
            <p>{t("account.everywhereConfirm")}</p>
            <div class="button-row">
              <Button busy={busy() === "everywhere"} busyLabel={t("account.changing")} onClick={() => void everywhere()}>
                {t("account.everywhere")}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t("account.cancel")}
              </Button>
            </div>
          </div>
        </Show>
      </section>
      <Suspense>
        <NotificationSettings />
      </Suspense>
    </div>
  );
}

import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { FormField, PasswordField } from "../../components/form-field";
import { defineMessages, useMessages, usePageTitle } from "../../i18n";
import { ApiError } from "../../lib/api";
import { explainError } from "../../lib/errors";
import { focusFirstInvalid, withoutError } from "../../lib/form";
import { useSession } from "../../lib/session";
import { hasErrors, newPasswordProblem, phoneProblem, type FieldErrors } from "../../lib/validate";

const messages = defineMessages(
  {
    "reset.title": "Quên mật khẩu",
    "reset.intro": "Hãy nhờ tổ trưởng hoặc quản trị viên đơn vị cấp cho bạn một mã 6 chữ số, rồi đặt mật khẩu mới tại đây.",
    "reset.code": "Mã đặt lại mật khẩu",
    "reset.codeHint": "6 chữ số, dùng được một lần trong 24 giờ.",
    "reset.newPassword": "Mật khẩu mới",
    "reset.passwordRule": "Ít nhất 8 ký tự, có chữ cái và ít nhất một chữ số.",
    "reset.submit": "Đặt mật khẩu mới",
    "reset.submitting": "Đang đặt mật khẩu…",
    "reset.done": "Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu này.",
    "reset.toSignIn": "Đăng nhập",
    "reset.remembered": "Đã nhớ mật khẩu?",
    "validation.code": "Mã gồm đúng 6 chữ số.",
    "validation.codeInvalid": "Mã này không đúng hoặc đã hết hạn. Hãy xin mã mới.",
    "validation.passwordRule": "Mật khẩu cần ít nhất 8 ký tự, có chữ cái và ít nhất một chữ số.",
    "validation.passwordEasy": "Mật khẩu này quá dễ đoán. Hãy chọn mật khẩu khác.",
  },
  {
    "reset.title": "Forgot password",
    "reset.intro": "Ask your team leader or your unit's administrator for a 6-digit code, then set a new password here.",
    "reset.code": "Reset code",
    "reset.codeHint": "6 digits, usable once within 24 hours.",
    "reset.newPassword": "New password",
    "reset.passwordRule": "At least 8 characters, with letters and at least one digit.",
    "reset.submit": "Set new password",
    "reset.submitting": "Setting the password…",
    "reset.done": "Your new password is set. Sign in with it.",
    "reset.toSignIn": "Sign in",
    "reset.remembered": "Remembered your password?",
    "validation.code": "The code has exactly 6 digits.",
    "validation.codeInvalid": "This code is wrong or has expired. Ask for a new one.",
    "validation.passwordRule": "The password needs at least 8 characters, with letters and at least one digit.",
    "validation.passwordEasy": "This password is too easy to guess. Please choose another one.",
  },
);

const FIELDS = ["phone", "code", "password"] as const;
type Field = (typeof FIELDS)[number];

/**
 * /reset-password (public): a member who forgot their password uses the one-time code an admin read out to
 * them (POST /auth/reset), then is signed in with the new password.
 */
export default function ResetPassword() {
  const t = useMessages(messages);
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(() => t("reset.title"));
  const [errors, setErrors] = createSignal<FieldErrors<Field>>({});
  const [alert, setAlert] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const phone = String(data.get("phone") ?? "");
    const code = String(data.get("code") ?? "").replace(/\s/g, "");
    const password = String(data.get("password") ?? "");
    const phoneKey = phoneProblem(phone);
    const passwordKey = newPasswordProblem(password);
    const problems: FieldErrors<Field> = {
      phone: phoneKey && t(phoneKey),
      code: /^\d{6}$/.test(code) ? undefined : t("validation.code"),
      password: passwordKey && t(passwordKey),
    };
    setErrors(problems);
    setAlert(undefined);
    if (hasErrors(problems)) return focusFirstInvalid(form);

    setBusy(true);
    try {
      await session.api.request("/auth/reset", { body: { phone, code, password }, auth: false });
    } catch (error) {
      if (error instanceof ApiError && error.code === "auth.reset_code_invalid") {
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
      <h1 id="reset-title">{t("reset.title")}</h1>
      <Show
        when={!done()}
        fallback={
          <p class="alert-region" role="status">
            {t("reset.done")} <A href="/sign-in">{t("reset.toSignIn")}</A>
          </p>
        }
      >
        <p class="lead">{t("reset.intro")}</p>
        <Alert message={alert()} />
        <form class="form" method="post" novalidate onSubmit={submit} onInput={(event) => setErrors(withoutError(errors(), event.target))}>
          <FormField name="phone" type="tel" inputmode="tel" autocomplete="username" required label={t("field.phone")} hint={t("field.phoneHint")} error={errors().phone} />
          <FormField
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxLength={6}
            required
            label={t("reset.code")}
            hint={t("reset.codeHint")}
            error={errors().code}
          />
          <PasswordField name="password" autocomplete="new-password" required label={t("reset.newPassword")} hint={t("reset.passwordRule")} error={errors().password} />
          <Button type="submit" busy={busy()} busyLabel={t("reset.submitting")}>
            {t("reset.submit")}
          </Button>
        </form>
        <p class="switch-page">
          {t("reset.remembered")} <A href="/sign-in">{t("reset.toSignIn")}</A>
        </p>
      </Show>
    </section>
  );
}

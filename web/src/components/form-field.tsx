import { createSignal, createUniqueId, Show, splitProps, type JSX } from "solid-js";
import { useI18n } from "../i18n";

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "id">;

interface FormFieldProps extends InputProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/**
 * A labelled input whose hint and error are tied to it with aria-describedby, so a screen reader reads them
 * when the field gets focus. The error sits above the input, where it stays visible above the keyboard.
 */
export function FormField(props: FormFieldProps) {
  const [own, input] = splitProps(props, ["label", "hint", "error"]);
  const id = `field-${props.name}-${createUniqueId()}`;
  const describedBy = () => [own.hint && `${id}-hint`, own.error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field" classList={{ "field--invalid": Boolean(own.error) }}>
      <label class="field__label" for={id}>
        {own.label}
      </label>
      <Show when={own.hint}>
        <p class="field__hint" id={`${id}-hint`}>
          {own.hint}
        </p>
      </Show>
      <Show when={own.error}>
        <p class="field__error" id={`${id}-error`}>
          {own.error}
        </p>
      </Show>
      <input class="field__input" {...input} id={id} aria-invalid={own.error ? "true" : undefined} aria-describedby={describedBy()} />
    </div>
  );
}

/** A password field with a "show password" switch: typing blind on a small screen is where most mistakes happen. */
export function PasswordField(props: Omit<FormFieldProps, "type">) {
  const { t } = useI18n();
  const [visible, setVisible] = createSignal(false);
  return (
    <div class="password-field">
      <FormField {...props} type={visible() ? "text" : "password"} autocapitalize="off" spellcheck={false} />
      <label class="checkbox checkbox--small">
        <input type="checkbox" checked={visible()} onChange={(event) => setVisible(event.currentTarget.checked)} />
        <span>{t("field.showPassword")}</span>
      </label>
    </div>
  );
}

import { createSignal, Show } from "solid-js";
import { Button } from "../../components/button";
import { FormField } from "../../components/form-field";
import { useMessages } from "../../i18n";
import type { User } from "../../lib/api";
import { focusFirstInvalid } from "../../lib/form";
import { learnerMessages } from "../learner/messages";
import { pinProblem } from "./pin";
import { setPin } from "./profiles";

export const pinInput = { type: "password", inputmode: "numeric", autocomplete: "off", maxlength: 6, pattern: "[0-9]*" } as const;

/** Sets (or changes) the PIN of the person using the phone. */
export function SetPinForm(props: { user: User; intro?: string; submitLabel?: string; onDone: () => void | Promise<void>; onCancel?: () => void }) {
  const t = useMessages(learnerMessages);
  const [errors, setErrors] = createSignal<{ pin?: string; again?: string }>({});
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent & { currentTarget: HTMLFormElement }) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const pin = String(data.get("pin") ?? "");
    const again = String(data.get("again") ?? "");
    const problem = pinProblem(pin);
    const next = { pin: problem ? t(problem) : undefined, again: !problem && pin !== again ? t("pin.mismatch") : undefined };
    setErrors(next);
    if (next.pin || next.again) return focusFirstInvalid(form);
    setBusy(true);
    try {
      await setPin(props.user, pin);
      await props.onDone();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form pin-form" novalidate onSubmit={submit}>
      <Show when={props.intro}>
        <p>{props.intro}</p>
      </Show>
      <FormField name="pin" label={t("pin.new")} hint={t("pin.hint")} error={errors().pin} {...pinInput} />
      <FormField name="again" label={t("pin.again")} error={errors().again} {...pinInput} />
      <Button type="submit" busy={busy()} busyLabel={t("state.saving")}>
        {props.submitLabel ?? t("pin.save")}
      </Button>
      <Show when={props.onCancel}>
        <Button variant="secondary" onClick={() => props.onCancel?.()}>
          {t("action.cancel")}
        </Button>
      </Show>
    </form>
  );
}

import { Show } from "solid-js";

/** A message about the whole form; role="alert" makes screen readers announce it as soon as it appears. */
export function Alert(props: { message?: string }) {
  return (
    <div role="alert" class="alert-region">
      <Show when={props.message}>
        <p class="alert">{props.message}</p>
      </Show>
    </div>
  );
}

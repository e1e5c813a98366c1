import { Show } from "solid-js";

/**
 * A message about the whole form; role="alert" makes screen readers announce it as soon as it appears. Focusable
 * from script (`focusFirstInvalid` brings it into view when no field is to blame), not a stop when tabbing.
 */
export function Alert(props: { message?: string }) {
  return (
    <div role="alert" class="alert-region">
      <Show when={props.message}>
        <p class="alert" tabindex="-1">
          {props.message}
        </p>
      </Show>
    </div>
  );
}

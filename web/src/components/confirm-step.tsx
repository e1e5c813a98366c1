import { createUniqueId, onMount, type JSX } from "solid-js";

/**
 * Asks before something that cannot be undone (or loses work), in the page rather than in a pop-up: the question
 * takes the place of the button that asked it, gets the focus so a screen reader reads it, and offers the
 * choices as buttons (`children`). Cancelling is always one of them.
 */
export function ConfirmStep(props: { question: string; children: JSX.Element; details?: JSX.Element }) {
  const id = `confirm-${createUniqueId()}`;
  let group: HTMLDivElement | undefined;
  onMount(() => {
    group?.scrollIntoView?.({ block: "nearest" });
    group?.focus({ preventScroll: true });
  });
  return (
    <div class="confirm-step" role="group" aria-labelledby={id} tabindex="-1" ref={group}>
      <p id={id} class="confirm-step__question">
        {props.question}
      </p>
      {props.details}
      <div class="confirm-step__actions">{props.children}</div>
    </div>
  );
}

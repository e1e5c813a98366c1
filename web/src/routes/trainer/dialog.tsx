import { createEffect, onCleanup, Show, type JSX } from "solid-js";

/**
 * A modal dialog on the native <dialog> element: it traps focus, Esc closes it, and screen readers announce it
 * by its title. `open` drives it; closing by Esc calls `onClose`.
 */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: JSX.Element; wide?: boolean }) {
  let element!: HTMLDialogElement;
  const titleId = `dialog-${Math.random().toString(36).slice(2)}`;
  createEffect(() => {
    if (props.open && !element.open) {
      if (typeof element.showModal === "function") element.showModal();
      else element.setAttribute("open", "");
    } else if (!props.open && element.open) {
      if (typeof element.close === "function") element.close();
      else element.removeAttribute("open");
    }
  });
  const onCancel = (event: Event) => {
    event.preventDefault();
    props.onClose();
  };
  onCleanup(() => element?.open && element.close?.());
  return (
    <dialog ref={element} class="t-dialog" classList={{ "t-dialog--wide": props.wide }} aria-labelledby={titleId} onCancel={onCancel}>
      <Show when={props.open}>
        <h2 id={titleId} class="t-dialog__title">
          {props.title}
        </h2>
        {props.children}
      </Show>
    </dialog>
  );
}

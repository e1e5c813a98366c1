/**
 * Where the eye goes after a failed submit. A long form on a small phone is scrolled to its button when it is
 * sent, so a problem shown at the top (a server's "wrong team code") sits off-screen and seems not to exist.
 */

/** Brings `element` to the middle of the screen (the error sits above its input: show the whole field) and focuses it. */
function reveal(element: HTMLElement, around: HTMLElement = element) {
  // jsdom (the component tests) has no scrolling.
  around.scrollIntoView?.({ block: "center" });
  element.focus({ preventScroll: true });
}

/**
 * After a failed submit: the first field marked `aria-invalid` (its label, message and input) is scrolled to the
 * middle of the screen and focused, so a screen reader reads its message too; when no field is marked, the
 * alert is, given or found on the form's page (the `<Alert>` beside the form). Call it once the errors are set:
 * Solid has rendered them by then.
 */
export function focusFirstInvalid(form: HTMLFormElement, alert?: HTMLElement | null) {
  const field = form.querySelector<HTMLElement>("[aria-invalid='true']");
  if (field) return reveal(field, field.closest<HTMLElement>(".field, fieldset") ?? field);
  const found = alert ?? pageAlert(form);
  if (found) reveal(found);
}

/** The alert that belongs to `form`: the one in the nearest page section around it that has a message. */
function pageAlert(form: HTMLFormElement): HTMLElement | undefined {
  for (let scope = form.parentElement; scope; scope = scope.parentElement) {
    const alert = scope.querySelector<HTMLElement>(".alert-region .alert");
    if (alert) return alert;
    if (scope.matches(".page, main")) return undefined;
  }
  return undefined;
}

/** Once someone edits a field, its old error no longer describes it: drop it until the next submit. */
export function withoutError<Errors extends Partial<Record<string, string>>>(errors: Errors, target: EventTarget | null): Errors {
  const name = target instanceof HTMLInputElement ? target.name : "";
  return name && errors[name] ? { ...errors, [name]: undefined } : errors;
}

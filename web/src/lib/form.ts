/** After a failed submit, put the cursor where the first problem is (or leave it for the alert to announce). */
export function focusFirstInvalid(form: HTMLFormElement) {
  form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
}

/** Once someone edits a field, its old error no longer describes it: drop it until the next submit. */
export function withoutError<Errors extends Partial<Record<string, string>>>(errors: Errors, target: EventTarget | null): Errors {
  const name = target instanceof HTMLInputElement ? target.name : "";
  return name && errors[name] ? { ...errors, [name]: undefined } : errors;
}

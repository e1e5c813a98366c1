import { createUniqueId, For } from "solid-js";

/** A labelled select for the trainer's forms (outside the editor, where fields carry no content path). */
export function SelectField<Value extends string>(props: {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
  hint?: string;
}) {
  const id = `sel-${createUniqueId()}`;
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {props.label}
      </label>
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <select
        id={id}
        class="field__input t-select"
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value as Value)}
      >
        <For each={props.options}>
          {(option) => (
            <option value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
    </div>
  );
}

import { CONTENT_LIMITS as L } from "@kns/core/model";
import { createSignal, createUniqueId, For, Match, Show, Switch, type JSX } from "solid-js";
import { useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";
import { ACCEPT, formatBytes, type MediaKind } from "../media";
import { mediaUrl, type Image } from "../model";
import { UploadRefused, useEditor } from "./state";

/** The message of the device's finding at exactly this path, once the trainer has tried to save or publish. */
export function useFieldError(path: () => string) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  return () => {
    if (!editor.attempted()) return undefined;
    const finding = editor.findings().find((f) => f.path === path());
    return finding ? t(`problem.${finding.code}`, finding.params) : undefined;
  };
}

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: JSX.Element;
}

function FieldFrame(props: FieldFrameProps) {
  return (
    <div class="field t-field" classList={{ "field--invalid": Boolean(props.error) }}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
      {props.children}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

/**
 * What a text box holds, in composed Unicode (NFC). Some Vietnamese keyboards ("Unicode tổ hợp") and text pasted
 * from some documents write a letter and its marks as separate characters (NFD); fonts without the combining marks
 * then draw them detached ("đê`"), searching and comparing miss, and the stored text differs from what the same
 * word typed elsewhere gives. The box is rewritten only when that changes something, keeping the cursor in place,
 * and never while a keyboard is still composing a letter (that waits for the change at the end).
 */
export function composedValue(event: Event & { currentTarget: HTMLInputElement | HTMLTextAreaElement }): string {
  const field = event.currentTarget;
  const raw = field.value;
  const value = raw.normalize("NFC");
  if (value === raw || ("isComposing" in event && event.isComposing === true)) return value;
  const start = raw.slice(0, field.selectionStart ?? raw.length).normalize("NFC").length;
  const end = raw.slice(0, field.selectionEnd ?? raw.length).normalize("NFC").length;
  field.value = value;
  field.setSelectionRange?.(start, end);
  return value;
}

export function TextField(props: {
  label: string;
  value: string | undefined;
  onInput: (value: string) => void;
  path: string;
  hint?: string;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  placeholder?: string;
  inputMode?: "text" | "url";
  /** Set to tie other controls (a toolbar) to the box. */
  id?: string;
  /** Shown between the label (hint, error) and the box: a formatting toolbar. */
  above?: JSX.Element;
  textareaRef?: (element: HTMLTextAreaElement) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
}) {
  const id = props.id ?? `tf-${createUniqueId()}`;
  const error = useFieldError(() => props.path);
  const onInput = (event: Event & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onInput(composedValue(event));
  const onChange = (event: Event & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    if (event.currentTarget.value !== event.currentTarget.value.normalize("NFC")) props.onInput(composedValue(event));
  };
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error()}>
      {props.above}
      <Show
        when={props.multiline}
        fallback={
          <input
            id={id}
            class="field__input"
            type={props.inputMode === "url" ? "url" : "text"}
            value={props.value ?? ""}
            maxLength={props.maxLength}
            placeholder={props.placeholder}
            data-path={props.path}
            aria-invalid={error() ? "true" : undefined}
            aria-describedby={describedBy(id, props.hint, error())}
            onInput={onInput}
            onChange={onChange}
          />
        }
      >
        <textarea
          ref={(element) => props.textareaRef?.(element)}
          id={id}
          class="field__input t-textarea"
          rows={props.rows ?? 4}
          value={props.value ?? ""}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          data-path={props.path}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={describedBy(id, props.hint, error())}
          onInput={onInput}
          onChange={onChange}
          onKeyDown={(event) => props.onKeyDown?.(event)}
        />
      </Show>
    </FieldFrame>
  );
}

/** A whole number; an empty box is reported as null (the caller decides whether that means "none" or "missing"). */
export function NumberField(props: {
  label: string;
  value: number | null;
  onInput: (value: number | null) => void;
  path: string;
  hint?: string;
  min?: number;
  max?: number;
  placeholder?: string;
}) {
  const id = `nf-${createUniqueId()}`;
  const error = useFieldError(() => props.path);
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={error()}>
      <input
        id={id}
        class="field__input t-number"
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        value={props.value ?? ""}
        placeholder={props.placeholder}
        data-path={props.path}
        aria-invalid={error() ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, error())}
        onInput={(event) => {
          const raw = event.currentTarget.value.trim();
          props.onInput(raw === "" ? null : Number(raw));
        }}
      />
    </FieldFrame>
  );
}

export function SelectField<Value extends string>(props: {
  label: string;
  value: Value;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value) => void;
  path: string;
  hint?: string;
}) {
  const id = `sf-${createUniqueId()}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint}>
      <select
        id={id}
        class="field__input t-select"
        data-path={props.path}
        aria-describedby={describedBy(id, props.hint)}
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
    </FieldFrame>
  );
}

export function CheckField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; path?: string; hint?: string }) {
  const id = `cf-${createUniqueId()}`;
  return (
    <div class="t-check">
      <label class="checkbox" for={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          data-path={props.path}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          onChange={(event) => props.onChange(event.currentTarget.checked)}
        />
        <span>{props.label}</span>
      </label>
      <Show when={props.hint}>
        <p class="field__hint t-check__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

/**
 * Upload a file of one kind: shows what is there now (a thumbnail, a player or the file name), a button to pick a
 * file, the progress and a plain reason when the file is refused.
 */
export function MediaPicker(props: {
  kind: MediaKind;
  label: string;
  src: string | undefined;
  path: string;
  onUploaded: (file: { src: string; width?: number; height?: number }) => void;
  hint?: string;
}) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const id = `mp-${createUniqueId()}`;
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string>();
  const missing = useFieldError(() => props.path);
  const bytes = () => (props.src ? editor.media()[props.src]?.bytes : undefined);
  const present = () => Boolean(props.src?.trim());

  async function onPick(event: Event & { currentTarget: HTMLInputElement }) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    try {
      props.onUploaded(await editor.upload(file, props.kind));
    } catch (error) {
      setProblem(error instanceof UploadRefused ? t(error.key, error.params) : t("error.serverBusy"));
    } finally {
      setBusy(false);
    }
  }

  const error = () => problem() ?? missing();
  return (
    <div class="t-media" classList={{ "field--invalid": Boolean(error()) }}>
      <p class="field__label" id={`${id}-label`}>
        {props.label}
      </p>
      <Show when={props.hint}>
        <p class="field__hint">{props.hint}</p>
      </Show>
      <Show when={present()}>
        <div class="t-media__current">
          <Switch>
            <Match when={props.kind === "image"}>
              <img class="t-media__thumb" src={mediaUrl(props.src!)} alt="" />
            </Match>
            <Match when={props.kind === "audio"}>
              <audio class="t-media__player" controls preload="none" src={mediaUrl(props.src!)} aria-labelledby={`${id}-label`} />
            </Match>
            <Match when={props.kind === "video"}>
              <video class="t-media__player" controls preload="metadata" src={mediaUrl(props.src!)} aria-labelledby={`${id}-label`} />
            </Match>
          </Switch>
          <span class="muted t-media__name">
            {props.src!.startsWith("media/") ? t("upload.stored", { size: bytes() === undefined ? "?" : formatBytes(bytes()!) }) : props.src}
          </span>
        </div>
      </Show>
      <Show when={error()}>
        <p class="field__error" role="alert">
          {error()}
        </p>
      </Show>
      <label class="button button--secondary t-upload" classList={{ "t-upload--busy": busy() }} aria-busy={busy() ? "true" : undefined}>
        <input
          class="t-visually-hidden"
          type="file"
          accept={ACCEPT[props.kind]}
          disabled={busy()}
          data-path={props.path}
          aria-labelledby={`${id}-label ${id}-action`}
          onChange={onPick}
        />
        <span id={`${id}-action`}>{busy() ? t("upload.busy") : present() ? t("upload.replace") : t(`upload.pick.${props.kind}`)}</span>
      </label>
    </div>
  );
}

/** An image with its required alt text (and optional caption): upload, then describe it for people who cannot see it. */
export function ImageField(props: {
  label: string;
  value: Image | undefined;
  path: string;
  onChange: (image: Image) => void;
  caption?: boolean;
  hint?: string;
}) {
  const t = useMessages(trainerMessages);
  const image = () => props.value ?? { src: "", alt: "" };
  return (
    <div class="t-image-field">
      <MediaPicker
        kind="image"
        label={props.label}
        hint={props.hint ?? t("upload.imageHint")}
        src={props.value?.src}
        path={`${props.path}.src`}
        onUploaded={(file) => {
          const { width: _w, height: _h, ...rest } = image();
          props.onChange({ ...rest, src: file.src, ...(file.width && file.height ? { width: file.width, height: file.height } : {}) });
        }}
      />
      <TextField
        label={t("field.alt")}
        hint={t("field.altHint")}
        value={image().alt}
        path={`${props.path}.alt`}
        maxLength={L.alt}
        multiline
        rows={2}
        onInput={(alt) => props.onChange({ ...image(), alt })}
      />
      <Show when={props.caption}>
        <TextField
          label={t("field.caption")}
          value={image().caption}
          path={`${props.path}.caption`}
          maxLength={L.caption}
          onInput={(caption) => {
            const { caption: _c, ...rest } = image();
            props.onChange(caption ? { ...rest, caption } : rest);
          }}
        />
      </Show>
    </div>
  );
}

/** "Add: + Text + Image …": one button per kind of item a list can take, all disabled once the list is full. */
export function AddKinds<Kind extends string>(props: {
  label: string;
  kinds: readonly Kind[];
  name: (kind: Kind) => string;
  full: boolean;
  onAdd: (kind: Kind) => void;
}) {
  return (
    <div class="t-add" role="group" aria-label={props.label}>
      <span class="t-add__label">{props.label}</span>
      <For each={props.kinds}>
        {(kind) => (
          <button type="button" class="t-chip" disabled={props.full} onClick={() => props.onAdd(kind)}>
            + {props.name(kind)}
          </button>
        )}
      </For>
    </div>
  );
}

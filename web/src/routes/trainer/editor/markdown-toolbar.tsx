import { createSignal, createUniqueId, For, Show } from "solid-js";
import { useMessages } from "../../../i18n";
import { trainerMessages, type TrainerKey } from "../messages";
import { TextField } from "./fields";
import { applyEdit, bold, bulletList, heading, link, normaliseUrl, type TextEdit } from "./markdown-edit";

/**
 * Puts an edit into the textarea the way typing would: through the browser's own editing command where there is
 * one, so Ctrl+Z takes the formatting back in one step, and an ordinary input event either way, so the editor's
 * state follows.
 */
export function applyToTextarea(area: HTMLTextAreaElement, edit: TextEdit) {
  const expected = applyEdit(area.value, edit);
  area.focus({ preventScroll: true });
  area.setSelectionRange(edit.from, edit.to);
  let done = false;
  try {
    done = typeof document.execCommand === "function" && document.execCommand("insertText", false, edit.insert);
  } catch {
    done = false;
  }
  if (!done || area.value !== expected) {
    area.value = expected;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  area.setSelectionRange(edit.selectFrom, edit.selectTo);
}

/** 20 × 20 line icons, as path data (hidden from screen readers: every button says its name in words). */
const ICONS = {
  bold: "M6 4h5.5a3.5 3.5 0 0 1 0 7H6zM6 11h6.5a3.5 3.5 0 0 1 0 7H6z",
  list: "M8 5h9M8 10h9M8 15h9M3.5 5h.01M3.5 10h.01M3.5 15h.01",
  heading: "M5 4v12M15 4v12M5 10h10",
  link: "M8.5 11.5a3.5 3.5 0 0 0 5 0l2.5-2.5a3.5 3.5 0 0 0-5-5L10 5M11.5 8.5a3.5 3.5 0 0 0-5 0L4 11a3.5 3.5 0 0 0 5 5l1-1",
  image: "M3 4h14v12H3zM3 13l4-4 4 4 2-2 4 4M13 8h.01",
  preview: "M1.5 10S4.5 4 10 4s8.5 6 8.5 6-3 6-8.5 6-8.5-6-8.5-6zM10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
} as const;

function Icon(props: { name: keyof typeof ICONS }) {
  return (
    <svg class="t-md__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      <path d={ICONS[props.name]} />
    </svg>
  );
}

interface Tool {
  id: keyof typeof ICONS;
  label: TrainerKey;
  shortcut?: string;
  run: () => void;
}

/**
 * A Markdown field with a row of formatting buttons above it (bold, list, heading, link, picture) that write the
 * Markdown for the trainer, at the cursor or around the selection. Ctrl+B makes bold and Ctrl+K adds a link.
 * "Picture" adds a picture lesson after this one: lessons carry pictures with their description, the lesson text
 * has none. "Preview" (on a phone, where the preview is a tab) shows the lesson as learners will see it.
 */
export function MarkdownField(props: {
  label: string;
  value: string | undefined;
  onInput: (value: string) => void;
  path: string;
  hint?: string;
  rows?: number;
  onAddImage?: () => void;
  onPreview?: () => void;
}) {
  const t = useMessages(trainerMessages);
  const id = `md-${createUniqueId()}`;
  let area: HTMLTextAreaElement | undefined;
  let toolbar: HTMLDivElement | undefined;
  const [active, setActive] = createSignal(0);
  /** The link form, with the selection it will replace (the textarea loses focus to the form). */
  const [linkAt, setLinkAt] = createSignal<{ start: number; end: number }>();
  const [linkError, setLinkError] = createSignal(false);
  let urlInput: HTMLInputElement | undefined;
  let textInput: HTMLInputElement | undefined;

  const selection = () => ({ value: area?.value ?? "", start: area?.selectionStart ?? 0, end: area?.selectionEnd ?? 0 });
  const run = (make: (s: ReturnType<typeof selection>) => TextEdit) => area && applyToTextarea(area, make(selection()));

  function openLink() {
    if (!area) return;
    const { start, end, value } = selection();
    setLinkError(false);
    setLinkAt({ start, end });
    queueMicrotask(() => {
      if (textInput) textInput.value = value.slice(start, end).trim();
      if (urlInput) urlInput.value = "";
      urlInput?.focus();
    });
  }
  function closeLink() {
    const at = linkAt();
    setLinkAt(undefined);
    if (area && at) {
      area.focus();
      area.setSelectionRange(at.start, at.end);
    }
  }
  function insertLink() {
    const at = linkAt();
    const url = normaliseUrl(urlInput?.value ?? "");
    if (!at || !area) return;
    if (!url) {
      setLinkError(true);
      urlInput?.focus();
      return;
    }
    const text = textInput?.value ?? "";
    setLinkAt(undefined);
    applyToTextarea(area, link({ value: area.value, start: at.start, end: at.end }, text, url));
  }

  const tools = (): Tool[] => [
    { id: "bold", label: "format.bold", shortcut: "Control+B", run: () => run((s) => bold(s, t("format.boldSample"))) },
    { id: "list", label: "format.list", run: () => run(bulletList) },
    { id: "heading", label: "format.heading", run: () => run((s) => heading(s, t("format.headingSample"))) },
    { id: "link", label: "format.link", shortcut: "Control+K", run: openLink },
    ...(props.onAddImage ? [{ id: "image" as const, label: "format.image" as const, run: () => props.onAddImage?.() }] : []),
    ...(props.onPreview ? [{ id: "preview" as const, label: "format.preview" as const, run: () => props.onPreview?.() }] : []),
  ];

  /**
   * One tab stop for the whole toolbar; the arrow keys move between its buttons (the ARIA toolbar pattern),
   * skipping the ones not shown ("Preview" on a wide screen).
   */
  function onToolbarKey(event: KeyboardEvent) {
    const buttons = Array.from(toolbar?.querySelectorAll<HTMLButtonElement>(".t-md__tool") ?? []);
    const shown = buttons.filter((button) => button.offsetParent !== null);
    const at = Math.max(0, shown.indexOf(buttons[active()]!));
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: shown.length - 1 };
    const next = moves[event.key];
    if (next === undefined || shown.length === 0) return;
    event.preventDefault();
    const target = shown[(next + shown.length) % shown.length]!;
    setActive(buttons.indexOf(target));
    target.focus();
  }

  function onFieldKey(event: KeyboardEvent) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === "b") {
      event.preventDefault();
      run((s) => bold(s, t("format.boldSample")));
    } else if (key === "k") {
      event.preventDefault();
      openLink();
    }
  }

  const linkId = `${id}-link`;
  return (
    <TextField
      id={id}
      label={props.label}
      hint={props.hint}
      value={props.value}
      path={props.path}
      multiline
      rows={props.rows ?? 10}
      textareaRef={(el) => {
        area = el;
      }}
      onKeyDown={onFieldKey}
      above={
        <>
          <div ref={toolbar} class="t-md" role="toolbar" aria-label={t("format.toolbar")} aria-controls={id} onKeyDown={onToolbarKey}>
            <For each={tools()}>
              {(tool, index) => (
                <button
                  type="button"
                  class="t-md__tool"
                  classList={{ "t-md__tool--preview": tool.id === "preview" }}
                  tabindex={index() === active() ? 0 : -1}
                  aria-keyshortcuts={tool.shortcut}
                  aria-expanded={tool.id === "link" ? Boolean(linkAt()) : undefined}
                  aria-controls={tool.id === "link" && linkAt() ? linkId : undefined}
                  onFocus={() => setActive(index())}
                  onClick={() => tool.run()}
                >
                  <Icon name={tool.id} />
                  <span class="t-md__label">{t(tool.label)}</span>
                </button>
              )}
            </For>
          </div>
          <Show when={linkAt()}>
            <div
              class="t-md__link"
              id={linkId}
              role="group"
              aria-label={t("format.linkTitle")}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.preventDefault();
                  closeLink();
                } else if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
                  event.preventDefault();
                  insertLink();
                }
              }}
            >
              <label class="field__label" for={`${linkId}-url`}>
                {t("format.linkUrl")}
              </label>
              <Show when={linkError()}>
                <p class="field__error" id={`${linkId}-error`}>
                  {t("format.linkInvalid")}
                </p>
              </Show>
              <input
                ref={urlInput}
                id={`${linkId}-url`}
                class="field__input"
                type="url"
                inputMode="url"
                autocomplete="url"
                placeholder="https://"
                aria-invalid={linkError() ? "true" : undefined}
                aria-describedby={linkError() ? `${linkId}-error` : undefined}
              />
              <label class="field__label" for={`${linkId}-text`}>
                {t("format.linkText")}
              </label>
              <input ref={textInput} id={`${linkId}-text`} class="field__input" type="text" />
              <div class="t-row t-md__link-actions">
                <button type="button" class="button button--primary" onClick={insertLink}>
                  {t("format.linkInsert")}
                </button>
                <button type="button" class="button button--secondary" onClick={closeLink}>
                  {t("action.cancel")}
                </button>
              </div>
            </div>
          </Show>
        </>
      }
      onInput={props.onInput}
    />
  );
}

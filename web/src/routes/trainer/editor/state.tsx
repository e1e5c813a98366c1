import { batch, createContext, createEffect, createMemo, createSignal, on, useContext, type ParentProps } from "solid-js";
import { createStore, reconcile, unwrap, type SetStoreFunction } from "solid-js/store";
import type { MessageKey } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import { readStorage, writeStorage } from "../../../lib/storage";
import type { Authoring } from "../api";
import { contentProblems, type ContentProblem } from "@kns/core/model";
import type { Content, Draft, MediaFile } from "../model";
import { prepareFile, type MediaKind } from "../media";
import type { TrainerKey } from "../messages";

export type EditorTab = "edit" | "preview" | "problems";

/** What the live preview shows: one lesson or one question, by id (ids survive reordering). */
export type PreviewTarget = { kind: "lesson"; id: string } | { kind: "question"; id: string };

type Notice = { tone: "ok" | "error" | "info"; key: TrainerKey | MessageKey; params?: Record<string, string | number> };

/** Unsaved edits kept on this device until the server has them, so a closed tab or a lost connection loses nothing. */
interface StoredEdits {
  baseRevision: number;
  content: Content;
  at: string;
}

export const editsKey = (courseId: string) => `kns.trainer.edits.${courseId}`;
const backupKey = (courseId: string) => `kns.trainer.backup.${courseId}`;

export function readEdits(courseId: string, key = editsKey(courseId)): StoredEdits | undefined {
  try {
    const value = JSON.parse(readStorage(key) ?? "null") as StoredEdits | null;
    return value && typeof value.baseRevision === "number" && value.content && Array.isArray(value.content.modules) ? value : undefined;
  } catch {
    return undefined;
  }
}

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** JSON with keys in a fixed order: the server returns the same content with its keys in schema order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export class UploadRefused extends Error {
  constructor(
    readonly key: TrainerKey | MessageKey,
    readonly params?: Record<string, string | number>,
  ) {
    super(key);
  }
}

export function createEditor(courseId: string, draft: Draft, api: Authoring) {
  const [content, setContent] = createStore<Content>(clone(draft.content));
  const [media, setMedia] = createSignal<Record<string, MediaFile>>(draft.media);
  const [revision, setRevision] = createSignal(draft.revision);
  const [savedJson, setSavedJson] = createSignal(canonical(draft.content));
  const [serverProblems, setServerProblems] = createSignal<ContentProblem[]>(draft.problems);
  const [saving, setSaving] = createSignal(false);
  const [notice, setNotice] = createSignal<Notice>();
  /** Set when the server has a newer draft than the one these edits started from. */
  const [conflict, setConflict] = createSignal(false);
  /** Inline field errors appear once the trainer has tried to save or publish, not while a new item is still empty. */
  const [attempted, setAttempted] = createSignal(false);
  const [expanded, setExpanded] = createSignal<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = createSignal<PreviewTarget>();
  const [tab, setTab] = createSignal<EditorTab>("edit");
  /** The field the trainer was writing in when they opened the preview tab, to go back to. */
  const [returnTo, setReturnTo] = createSignal<string>();

  const json = createMemo(() => canonical(content));
  const dirty = createMemo(() => json() !== savedJson());
  const findings = createMemo<ContentProblem[]>(() => contentProblems(content, media()));
  const blocking = createMemo(() => findings().filter((f) => f.level === "save"));

  // Keep unsaved edits on the device; forget them once saved.
  createEffect(
    on(json, (current) => {
      if (current === savedJson()) writeStorage(editsKey(courseId), null);
      else
        writeStorage(
          editsKey(courseId),
          JSON.stringify({ baseRevision: revision(), content: JSON.parse(current), at: new Date().toISOString() } satisfies StoredEdits),
        );
    }),
  );
  // Server findings describe the saved draft; once the content changes the device's own list is the current one.
  createEffect(on(json, () => dirty() && setServerProblems([]), { defer: true }));

  /** Sets a value (or applies an updater) at a path into the content; objects merge, `reconcile(...)` replaces. */
  function set(path: (string | number)[], value: unknown) {
    (setContent as unknown as (...args: unknown[]) => void)(...path, value);
  }

  function replaceContent(next: Content) {
    setContent(reconcile(clone(next)));
  }

  function applyDraft(next: Draft, keepEdits: boolean) {
    batch(() => {
      setRevision(next.revision);
      setMedia(next.media);
      setSavedJson(canonical(next.content));
      setServerProblems(next.problems);
      if (!keepEdits) replaceContent(next.content);
    });
    // The stored copy records the new base revision (or disappears when there is nothing unsaved).
    const current = json();
    writeStorage(
      editsKey(courseId),
      current === savedJson() ? null : JSON.stringify({ baseRevision: revision(), content: JSON.parse(current), at: new Date().toISOString() }),
    );
  }

  async function save(): Promise<boolean> {
    if (saving()) return false;
    if (blocking().length) {
      setAttempted(true);
      setNotice({ tone: "error", key: "save.blocked", params: { n: blocking().length } });
      return false;
    }
    setSaving(true);
    setNotice({ tone: "info", key: "state.saving" });
    const sent = json();
    try {
      const saved = await api.save(courseId, JSON.parse(sent) as Content, revision());
      const unchangedSince = json() === sent;
      applyDraft(saved, !unchangedSince);
      setNotice({ tone: "ok", key: "save.done", params: { n: saved.revision } });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === "course.draft_changed") {
        setConflict(true);
        setNotice({ tone: "error", key: "save.conflict" });
      } else if (error instanceof ApiError && error.status === 400 && error.details.length) {
        setServerProblems(error.details.filter((issue): issue is ContentProblem => typeof issue.code === "string" && Boolean(issue.level)));
        setNotice({ tone: "error", key: "save.invalid" });
        setTab("problems");
      } else if (error instanceof ApiError && error.status === 413) {
        setNotice({ tone: "error", key: "save.tooLarge" });
      } else if (error instanceof NetworkError) {
        setNotice({ tone: "error", key: "save.offline" });
      } else if (error instanceof ApiError && error.status < 500) {
        setNotice({ tone: "error", key: "save.failed", params: { message: error.message } });
      } else {
        setNotice({ tone: "error", key: "error.serverBusy" });
      }
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** Conflict, option 1: take the other person's draft; my edits go to a backup I can bring back. */
  async function loadLatest() {
    const latest = await api.draft(courseId);
    writeStorage(
      backupKey(courseId),
      JSON.stringify({ baseRevision: revision(), content: unwrap(content), at: new Date().toISOString() } satisfies StoredEdits),
    );
    applyDraft(latest, false);
    setConflict(false);
    setNotice({ tone: "info", key: "conflict.loaded" });
  }

  /** Conflict, option 2: keep my edits and save them over the newer draft. */
  async function overwrite() {
    const latest = await api.draft(courseId);
    applyDraft(latest, true);
    setConflict(false);
    return save();
  }

  function restoreBackup() {
    const backup = readEdits(courseId, backupKey(courseId));
    if (!backup) return;
    replaceContent(backup.content);
    writeStorage(backupKey(courseId), null);
    setNotice({ tone: "info", key: "conflict.restored" });
  }

  async function upload(file: File, kind: MediaKind): Promise<{ src: string; bytes: number; width?: number; height?: number }> {
    const prepared = await prepareFile(file, kind);
    if (!prepared.ok) {
      if (prepared.reason === "type") throw new UploadRefused(`upload.type.${kind}`);
      if (prepared.reason === "size") throw new UploadRefused("upload.tooLarge", { mb: prepared.limitMb ?? 0 });
      throw new UploadRefused("upload.decode");
    }
    try {
      const stored = await api.upload(courseId, prepared.blob);
      setMedia((current) => ({ ...current, [stored.src]: { key: stored.src, bytes: stored.bytes, contentType: stored.contentType } }));
      return { src: stored.src, bytes: stored.bytes, width: prepared.width, height: prepared.height };
    } catch (error) {
      if (error instanceof NetworkError) throw new UploadRefused("upload.offline");
      if (error instanceof ApiError && error.code === "media.unsafe_svg") throw new UploadRefused("upload.unsafeSvg");
      if (error instanceof ApiError && (error.code === "media.too_large" || error.status === 413)) throw new UploadRefused("upload.tooLargeServer");
      if (error instanceof ApiError && error.code === "media.type_not_allowed") throw new UploadRefused(`upload.type.${kind}`);
      if (error instanceof ApiError && error.status < 500) throw new UploadRefused("upload.failed", { message: error.message });
      throw new UploadRefused("error.serverBusy");
    }
  }

  const isExpanded = (id: string) => expanded().has(id);
  function toggle(id: string, open = !isExpanded(id)) {
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  /** Opens what a content path points into, then focuses the closest field (problem list → place in the editor). */
  function reveal(path: string) {
    const parts = path.replace(/^content\./, "").split(".");
    batch(() => {
      setTab("edit");
      if (parts[0] === "modules" && parts[1] && /^\d+$/.test(parts[1])) {
        const module = content.modules[Number(parts[1])];
        if (module) {
          toggle(module.id, true);
          if (parts[2] === "lessons" && parts[3] && /^\d+$/.test(parts[3])) {
            const lesson = module.lessons[Number(parts[3])];
            if (lesson) {
              toggle(lesson.id, true);
              setSelected({ kind: "lesson", id: lesson.id });
            }
          }
          if (parts[2] === "quiz") {
            toggle(`${module.id}:quiz`, true);
            if (parts[3] === "questions" && parts[4] && /^\d+$/.test(parts[4])) {
              const question = module.quiz.questions[Number(parts[4])];
              if (question) {
                toggle(question.id, true);
                setSelected({ kind: "question", id: question.id });
              }
            }
          }
        }
      }
    });
    const target = parts.join(".");
    setTimeout(() => focusPath(target), 0);
  }

  return {
    courseId,
    content,
    setContent: setContent as SetStoreFunction<Content>,
    set,
    media,
    revision,
    dirty,
    findings,
    blocking,
    serverProblems,
    saving,
    notice,
    setNotice,
    conflict,
    setConflict,
    attempted,
    setAttempted,
    save,
    loadLatest,
    overwrite,
    restoreBackup,
    hasBackup: () => Boolean(readStorage(backupKey(courseId))),
    upload,
    isExpanded,
    toggle,
    selected,
    select: setSelected,
    tab,
    setTab,
    returnTo,
    setReturnTo,
    reveal,
    replaceContent,
    applyDraft,
  };
}

/** Focuses the editor field for a path, or the nearest one: exact, then a more specific one, then the closest parent. */
export function focusPath(path: string, options: { scroll?: boolean } = {}) {
  const root = document;
  const fields = Array.from(root.querySelectorAll<HTMLElement>("[data-path]"));
  const pathOf = (el: HTMLElement) => el.dataset.path ?? "";
  const target =
    fields.find((el) => pathOf(el) === path) ??
    fields.find((el) => pathOf(el).startsWith(`${path}.`)) ??
    fields.filter((el) => path.startsWith(`${pathOf(el)}.`)).sort((a, b) => pathOf(b).length - pathOf(a).length)[0];
  if (!target) return;
  if (options.scroll !== false) target.scrollIntoView?.({ block: "center" });
  target.focus({ preventScroll: true });
}

/**
 * Shows one tab of the phone layout (where edit, preview and problems are tabs). A new tab starts at its top,
 * not wherever the previous one was scrolled to, when the tab bar is stuck to the top of the screen.
 */
export function openTab(editor: Editor, id: EditorTab) {
  editor.setTab(id);
  const tabs = document.querySelector<HTMLElement>(".t-tabs");
  if (tabs && tabs.getBoundingClientRect().top <= 1)
    window.scrollTo({ top: window.scrollY + (document.getElementById(`panel-${id}`)?.getBoundingClientRect().top ?? 0) - tabs.offsetHeight - 8 });
}

/** "Preview" from a field: the phone shows that lesson or question, and its "back" button returns to the field. */
export function showPreview(editor: Editor, target: PreviewTarget, from: string) {
  editor.select(target);
  editor.setReturnTo(from);
  openTab(editor, "preview");
  setTimeout(() => document.getElementById("preview-title")?.focus({ preventScroll: true }), 0);
}

export type Editor = ReturnType<typeof createEditor>;

const EditorContext = createContext<Editor>();

export function EditorProvider(props: ParentProps<{ editor: Editor }>) {
  return <EditorContext.Provider value={props.editor}>{props.children}</EditorContext.Provider>;
}

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error("useEditor must be used inside <EditorProvider>");
  return editor;
}

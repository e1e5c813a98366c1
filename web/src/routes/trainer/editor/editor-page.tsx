import { A, useBeforeLeave, useParams } from "@solidjs/router";
import { createSignal, ErrorBoundary, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { Button } from "../../../components/button";
import { useI18n, useMessages, usePageTitle } from "../../../i18n";
import { ApiError, NetworkError } from "../../../lib/api";
import { createLoader } from "../../../lib/load";
import { useSession } from "../../../lib/session";
import { writeStorage } from "../../../lib/storage";
import { authoring, downloadJson, type Authoring } from "../api";
import { DuplicateDialog } from "../duplicate-dialog";
import { dateTime } from "../../../lib/format";
import { trainerMessages } from "../messages";
import { issuesCertificates, type Draft, type PublishRequestState, type VersionInfo } from "../model";
import { CourseFields, ModuleList } from "./modules";
import { countProblems, ProblemsList } from "./problems";
import { LivePreview } from "./preview";
import { PublishDialog } from "./publish-dialog";
import { canonical, createEditor, EditorProvider, type EditorTab, editsKey, openTab, readEdits, useEditor } from "./state";

/** The course editor: fields and structure on the left, the learner's phone and the checklist on the right. */
export default function EditorPage() {
  const params = useParams<{ courseId: string }>();
  const session = useSession();
  const t = useMessages(trainerMessages);
  const api = authoring(session.api);
  const loaded = createLoader(
    () => params.courseId,
    async (id) => {
      const [draft, versions] = await Promise.all([api.draft(id), api.versions(id)]);
      return { id, draft, versions };
    },
  );
  usePageTitle(() => loaded.data()?.draft.content.title || t("editor.pageTitle"));
  return (
    <div class="t-page t-page--wide">
      <Switch fallback={<p class="loading">{t("app.loading")}</p>}>
        <Match when={loaded.error()}>{(error) => <LoadError error={error()} retry={() => void loaded.reload()} />}</Match>
        <Match when={loaded.data()} keyed>
          {(data) => <Editor courseId={data.id} draft={data.draft} versions={data.versions} api={api} />}
        </Match>
      </Switch>
    </div>
  );
}

function LoadError(props: { error: unknown; retry: () => void }) {
  const t = useMessages(trainerMessages);
  const notFound = () => props.error instanceof ApiError && props.error.status === 404;
  return (
    <div class="t-card">
      <p class="alert" role="alert">
        {notFound() ? t("editor.notFound") : props.error instanceof NetworkError ? t("error.network") : t("error.serverBusy")}
      </p>
      <div class="t-row">
        <A class="button button--secondary" href="/trainer">
          {t("nav.backToList")}
        </A>
        <Show when={!notFound()}>
          <Button onClick={props.retry}>{t("action.retry")}</Button>
        </Show>
      </div>
    </div>
  );
}

function Editor(props: { courseId: string; draft: Draft; versions: VersionInfo[]; api: Authoring }) {
  const editor = createEditor(props.courseId, props.draft, props.api);
  const t = useMessages(trainerMessages);
  const { language } = useI18n();
  const [versions, setVersions] = createSignal(props.versions);
  const [publishOpen, setPublishOpen] = createSignal(false);
  const [request, setRequest] = createSignal(props.draft.publishRequest);
  const [duplicateOpen, setDuplicateOpen] = createSignal(false);
  const [restored, setRestored] = createSignal(false);
  const latest = () => versions().find((v) => !v.withdrawn);

  // Edits kept on this device from an earlier visit come back; if the server moved on meanwhile, say so.
  const stored = readEdits(props.courseId);
  if (stored && canonical(stored.content) !== canonical(props.draft.content)) {
    editor.replaceContent(stored.content);
    if (stored.baseRevision === props.draft.revision) setRestored(true);
    else editor.setConflict(true);
  }

  function discardRestored() {
    if (!window.confirm(t("restored.confirmDiscard"))) return;
    writeStorage(editsKey(props.courseId), null);
    editor.replaceContent(props.draft.content);
    setRestored(false);
  }

  // Leaving with unsaved edits asks first (they are kept on this device either way).
  useBeforeLeave((event) => {
    if (editor.dirty() && !event.defaultPrevented) {
      event.preventDefault();
      if (window.confirm(t("editor.leaveConfirm"))) event.retry(true);
    }
  });
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!editor.dirty()) return;
    event.preventDefault();
    event.returnValue = "";
  };
  const onKey = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      void editor.save();
    }
  };
  onMount(() => {
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("keydown", onKey);
  });
  onCleanup(() => {
    window.removeEventListener("beforeunload", onBeforeUnload);
    window.removeEventListener("keydown", onKey);
  });

  async function published(version: number) {
    setPublishOpen(false);
    editor.setNotice({ tone: "ok", key: "publish.done", params: { n: version } });
    try {
      setVersions(await props.api.versions(props.courseId));
    } catch {
      // The notice already says it worked; the status line catches up on the next visit.
    }
  }

  function requested(state: PublishRequestState) {
    setPublishOpen(false);
    setRequest(state);
    editor.setNotice({ tone: "ok", key: "publish.requested", params: { n: state.draftRevision } });
  }

  /** Where the newest publish request stands, for its author: waiting, stale (draft edited since), returned with the comment. */
  const requestStatus = () => {
    const state = request();
    if (!state) return undefined;
    if (state.status === "pending") return state.draftRevision === editor.revision() ? t("request.pending", { n: state.draftRevision }) : t("request.stale");
    if (state.status === "returned") return t("request.returned", { comment: state.comment ?? "" });
    return undefined;
  };

  async function download() {
    try {
      downloadJson(await props.api.bundle(props.courseId), `${props.courseId}.kns.json`);
    } catch (error) {
      editor.setNotice({ tone: "error", key: error instanceof NetworkError ? "error.network" : "error.serverBusy" });
    }
  }

  const status = () => {
    const version = latest();
    const draft = t("editor.revision", { n: editor.revision() });
    return version
      ? `${t("editor.published", { n: version.version, date: dateTime(version.publishedAt, language()) })} · ${draft}`
      : `${t("editor.neverPublished")} · ${draft}`;
  };

  const problemCount = () => countProblems(editor.findings(), editor.serverProblems());

  return (
    <EditorProvider editor={editor}>
      <div class="t-editor">
        <header class="t-editor__bar">
          <div class="t-editor__heading">
            <A href="/trainer" class="t-back">
              ← {t("nav.backToList")}
            </A>
            <h1 class="t-editor__title">{editor.content.title.trim() || props.courseId}</h1>
            <p class="muted t-editor__status">
              {status()}
              <Show when={editor.dirty()}>
                {" · "}
                <strong class="t-unsaved">{t("editor.unsaved")}</strong>
              </Show>
            </p>
          </div>
          <Show when={requestStatus()}>
            {(text) => (
              <p class="t-request" classList={{ "t-request--returned": request()?.status === "returned" }} role="status">
                {text()}
              </p>
            )}
          </Show>
          <div class="t-editor__actions">
            <Button class="t-action" busy={editor.saving()} busyLabel={t("state.saving")} onClick={() => void editor.save()} aria-keyshortcuts="Control+S">
              {t("editor.save")}
            </Button>
            <Button class="t-action" variant="secondary" onClick={() => setPublishOpen(true)}>
              {issuesCertificates(editor.content) ? t("editor.requestReview") : t("editor.publish")}
            </Button>
            <A class="button button--secondary t-action" href={`/trainer/courses/${props.courseId}/history`}>
              {t("editor.history")}
            </A>
            <Button class="t-action" variant="secondary" onClick={() => setDuplicateOpen(true)}>
              {t("editor.duplicate")}
            </Button>
            <Button class="t-action" variant="secondary" onClick={download}>
              {t("editor.download")}
            </Button>
          </div>
        </header>

        <Notices restored={restored()} onDiscard={discardRestored} onKeepRestored={() => setRestored(false)} />

        <div class="t-tabs" role="tablist" aria-label={t("tabs.label")}>
          <TabButton id="edit" label={t("tabs.edit")} />
          <TabButton id="preview" label={t("tabs.preview")} />
          <TabButton id="problems" label={problemCount() ? t("tabs.problemsCount", { n: problemCount() }) : t("tabs.problems")} />
        </div>

        <div class="t-editor__layout">
          <div
            class="t-editor__main t-panel"
            classList={{ "t-panel--active": editor.tab() === "edit" }}
            role="tabpanel"
            id="panel-edit"
            aria-labelledby="tab-edit"
          >
            <CourseFields />
            <ModuleList />
          </div>
          <aside class="t-editor__side">
            <div class="t-panel" classList={{ "t-panel--active": editor.tab() === "preview" }} role="tabpanel" id="panel-preview" aria-labelledby="tab-preview">
              <ErrorBoundary fallback={<p class="alert">{t("preview.failed")}</p>}>
                <LivePreview api={props.api} />
              </ErrorBoundary>
            </div>
            <div
              class="t-panel"
              classList={{ "t-panel--active": editor.tab() === "problems" }}
              role="tabpanel"
              id="panel-problems"
              aria-labelledby="tab-problems"
            >
              <ProblemsList content={editor.content} media={editor.media()} serverProblems={editor.serverProblems()} onSelect={editor.reveal} />
            </div>
          </aside>
        </div>

        <Show when={editor.dirty()}>
          <div class="t-savebar">
            <p>{t("editor.unsaved")}</p>
            <Button busy={editor.saving()} busyLabel={t("state.saving")} onClick={() => void editor.save()}>
              {t("editor.save")}
            </Button>
          </div>
        </Show>

        <PublishDialog
          open={publishOpen()}
          onClose={() => setPublishOpen(false)}
          api={props.api}
          publishedBefore={versions().length > 0}
          onPublished={published}
          onRequested={requested}
        />
        <Show when={duplicateOpen()}>
          <DuplicateDialog
            open
            onClose={() => setDuplicateOpen(false)}
            api={props.api}
            source={{ id: props.courseId, title: editor.content.title, audience: editor.content.audience }}
          />
        </Show>
      </div>
    </EditorProvider>
  );
}

function TabButton(props: { id: EditorTab; label: string }) {
  const editor = useEditor();
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${props.id}`}
      class="t-tab"
      aria-controls={`panel-${props.id}`}
      aria-selected={editor.tab() === props.id}
      onClick={() => openTab(editor, props.id)}
    >
      {props.label}
    </button>
  );
}

/** Save results, conflicts and restored edits, above the editor where they cannot be missed. */
function Notices(props: { restored: boolean; onDiscard: () => void; onKeepRestored: () => void }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const [busy, setBusy] = createSignal<"latest" | "overwrite">();
  async function run(kind: "latest" | "overwrite") {
    setBusy(kind);
    try {
      if (kind === "latest") await editor.loadLatest();
      else await editor.overwrite();
    } catch (error) {
      editor.setNotice({ tone: "error", key: error instanceof NetworkError ? "error.network" : "error.serverBusy" });
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <div class="t-notices">
      <div role="status" class="t-live">
        <Show when={editor.notice()}>
          {(notice) => (
            <p class={`t-notice t-notice--${notice().tone}`} role={notice().tone === "error" ? "alert" : undefined}>
              {t(notice().key, notice().params)}
            </p>
          )}
        </Show>
      </div>
      <Show when={editor.conflict()}>
        <div class="t-banner t-banner--warning" role="alert">
          <p>{t("conflict.text")}</p>
          <div class="t-row">
            <Button busy={busy() === "overwrite"} busyLabel={t("state.saving")} onClick={() => run("overwrite")}>
              {t("conflict.overwrite")}
            </Button>
            <Button variant="secondary" busy={busy() === "latest"} busyLabel={t("app.loading")} onClick={() => run("latest")}>
              {t("conflict.loadLatest")}
            </Button>
          </div>
        </div>
      </Show>
      <Show when={editor.hasBackup() && !editor.conflict() && editor.notice()?.key === "conflict.loaded"}>
        <div class="t-banner">
          <p>{t("conflict.backupKept")}</p>
          <Button variant="secondary" onClick={editor.restoreBackup}>
            {t("conflict.restore")}
          </Button>
        </div>
      </Show>
      <Show when={props.restored && editor.dirty()}>
        <div class="t-banner">
          <p>{t("restored.text")}</p>
          <div class="t-row">
            <Button onClick={props.onKeepRestored}>{t("restored.keep")}</Button>
            <Button variant="secondary" onClick={props.onDiscard}>
              {t("restored.discard")}
            </Button>
          </div>
        </div>
      </Show>
    </div>
  );
}

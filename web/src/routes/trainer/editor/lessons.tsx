import { CONTENT_LIMITS as L, type Source } from "@kns/core/model";
import { For, Match, Show, Switch } from "solid-js";
import { reconcile } from "solid-js/store";
import { useMessages } from "../../../i18n";
import { trainerMessages, type TrainerKey } from "../messages";
import {
  LESSON_KINDS,
  move,
  newLesson,
  type AudioLesson,
  type Image,
  type ImageLesson,
  type Lesson,
  type LessonKind,
  type ScenarioLesson,
  type SlidesLesson,
  type TextLesson,
  type VideoLesson,
} from "../model";
import { CompetenceField, ReviewedField, SourcesField } from "./currency";
import { AddKinds, ImageField, MediaPicker, TextField } from "./fields";
import { ReorderButtons } from "./reorder";
import { MarkdownField } from "./markdown-toolbar";
import { ScenarioFields } from "./scenario";
import { focusPath, showPreview, useEditor } from "./state";

/** The lessons of one module: add one of each kind, reorder, delete, and edit each in place. */
export function LessonList(props: { moduleIndex: number }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const module = () => editor.content.modules[props.moduleIndex]!;
  const base = () => `modules.${props.moduleIndex}.lessons`;

  function add(kind: LessonKind) {
    const lesson = newLesson(editor.content, module(), kind);
    editor.set(["modules", props.moduleIndex, "lessons"], (list: Lesson[]) => [...list, lesson]);
    editor.toggle(lesson.id, true);
    editor.select({ kind: "lesson", id: lesson.id });
    setTimeout(() => focusPath(`${base()}.${module().lessons.length - 1}.title`), 0);
  }

  return (
    <section class="t-lessons" aria-label={t("lessons.title", { n: props.moduleIndex + 1 })}>
      <h4 class="t-subheading">{t("lessons.heading")}</h4>
      <Show when={module().lessons.length === 0}>
        <p class="muted" data-path={base()} tabindex="-1">
          {t("lessons.empty")}
        </p>
      </Show>
      <ol class="t-items">
        <For each={module().lessons}>{(lesson, index) => <LessonCard moduleIndex={props.moduleIndex} index={index()} lesson={lesson} />}</For>
      </ol>
      <AddKinds label={t("lessons.add")} kinds={LESSON_KINDS} name={(kind) => t(`kind.${kind}`)} full={module().lessons.length >= 20} onAdd={add} />
    </section>
  );
}

function LessonCard(props: { moduleIndex: number; index: number; lesson: Lesson }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const path = () => `modules.${props.moduleIndex}.lessons.${props.index}`;
  const at = () => ["modules", props.moduleIndex, "lessons", props.index];
  const open = () => editor.isExpanded(props.lesson.id);
  const name = () => props.lesson.title.trim() || t("lessons.untitled", { n: props.index + 1 });
  const count = () => editor.content.modules[props.moduleIndex]!.lessons.length;
  const hasProblem = () => editor.findings().some((f) => f.path.startsWith(`${path()}.`) || f.path === path());

  /** Pictures go in a picture lesson of their own, with a description for people who cannot see them. */
  function addImageAfter() {
    const module = editor.content.modules[props.moduleIndex]!;
    const lesson = newLesson(editor.content, module, "image");
    const index = props.index + 1;
    editor.set(["modules", props.moduleIndex, "lessons"], (list: Lesson[]) => [...list.slice(0, index), lesson, ...list.slice(index)]);
    editor.toggle(lesson.id, true);
    editor.select({ kind: "lesson", id: lesson.id });
    setTimeout(() => focusPath(`modules.${props.moduleIndex}.lessons.${index}.image.src`), 0);
  }

  function remove() {
    if (!window.confirm(t("lessons.confirmDelete", { name: name() }))) return;
    editor.set(["modules", props.moduleIndex, "lessons"], (list: Lesson[]) => list.filter((_, i) => i !== props.index));
  }

  return (
    <li
      class="t-item"
      classList={{ "t-item--open": open(), "t-item--selected": editor.selected()?.id === props.lesson.id }}
      onFocusIn={() => editor.select({ kind: "lesson", id: props.lesson.id })}
    >
      <div class="t-item__head">
        <button type="button" class="t-item__toggle" aria-expanded={open()} data-path={path()} onClick={() => editor.toggle(props.lesson.id)}>
          <span class="t-chevron" aria-hidden="true">
            ▸
          </span>
          <span class="t-badge">{t(`kind.${props.lesson.kind}`)}</span>
          <span class="t-item__title">
            {t("lessons.number", { n: props.index + 1 })}: {name()}
          </span>
          <Show when={hasProblem()}>
            <span class="t-flag" title={t("item.hasProblems")}>
              <span aria-hidden="true">!</span>
              <span class="t-visually-hidden">{t("item.hasProblems")}</span>
            </span>
          </Show>
        </button>
        <span class="t-item__actions">
          <ReorderButtons
            index={props.index}
            count={count()}
            name={name()}
            onMove={(to) => editor.set(["modules", props.moduleIndex, "lessons"], (list: Lesson[]) => move(list, props.index, to))}
          />
          <button
            type="button"
            class="t-icon-button t-icon-button--danger"
            aria-label={t("lessons.delete", { name: name() })}
            title={t("lessons.delete", { name: name() })}
            onClick={remove}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </span>
      </div>
      <Show when={open()}>
        <div class="t-item__body">
          <TextField
            label={t("field.lessonTitle")}
            value={props.lesson.title}
            path={`${path()}.title`}
            maxLength={L.lessonTitle}
            onInput={(title) => editor.set([...at(), "title"], title)}
          />
          <CompetenceField path={`${path()}.competences`} value={props.lesson.competences} onChange={(codes) => editor.set([...at(), "competences"], codes)} />
          <Switch>
            <Match when={props.lesson.kind === "text" && (props.lesson as TextLesson)}>
              {(lesson) => (
                <>
                  <MarkdownField
                    label={t("field.body")}
                    value={lesson().body}
                    path={`${path()}.body`}
                    rows={10}
                    onInput={(body) => editor.set([...at(), "body"], body)}
                    onAddImage={count() < L.lessons ? addImageAfter : undefined}
                    onPreview={() => showPreview(editor, { kind: "lesson", id: props.lesson.id }, `${path()}.body`)}
                  />
                  <MarkdownHelp />
                </>
              )}
            </Match>
            <Match when={props.lesson.kind === "image" && (props.lesson as ImageLesson)}>
              {(lesson) => (
                <>
                  <ImageField
                    label={t("field.image")}
                    value={lesson().image}
                    path={`${path()}.image`}
                    caption
                    onChange={(image) => editor.set([...at(), "image"], reconcile(image))}
                  />
                  <MarkdownField
                    label={t("field.bodyOptional")}
                    value={lesson().body}
                    path={`${path()}.body`}
                    rows={5}
                    onInput={(body) => editor.set([...at(), "body"], body || undefined)}
                    onPreview={() => showPreview(editor, { kind: "lesson", id: props.lesson.id }, `${path()}.body`)}
                  />
                </>
              )}
            </Match>
            <Match when={props.lesson.kind === "slides" && (props.lesson as SlidesLesson)}>
              {(lesson) => <SlidesFields lesson={lesson()} path={path()} at={at()} />}
            </Match>
            <Match when={props.lesson.kind === "video" && (props.lesson as VideoLesson)}>
              {(lesson) => <VideoFields lesson={lesson()} path={path()} at={at()} />}
            </Match>
            <Match when={props.lesson.kind === "audio" && (props.lesson as AudioLesson)}>
              {(lesson) => (
                <>
                  <MediaPicker
                    kind="audio"
                    label={t("field.audio")}
                    hint={t("upload.audioHint")}
                    src={lesson().audio.src}
                    path={`${path()}.audio.src`}
                    onUploaded={(file) => editor.set([...at(), "audio"], reconcile({ src: file.src }))}
                  />
                  <MarkdownField
                    label={t("field.transcript")}
                    hint={t("field.transcriptHint")}
                    value={lesson().transcript}
                    path={`${path()}.transcript`}
                    rows={6}
                    onInput={(text) => editor.set([...at(), "transcript"], text || undefined)}
                  />
                </>
              )}
            </Match>
            <Match when={props.lesson.kind === "scenario" && (props.lesson as ScenarioLesson)}>
              {(lesson) => <ScenarioFields lesson={lesson()} path={path()} at={at()} />}
            </Match>
          </Switch>
          <SourcesField
            path={`${path()}.sources`}
            value={props.lesson.sources}
            onField={(index, field, value) => editor.set([...at(), "sources", index, field], value)}
            onAdd={() => editor.set([...at(), "sources"], (list: Source[] | undefined) => [...(list ?? []), { title: "" }])}
            onRemove={(index) => editor.set([...at(), "sources"], (list: Source[] | undefined) => (list ?? []).filter((_, i) => i !== index))}
          />
          <ReviewedField path={`${path()}.reviewedAt`} value={props.lesson.reviewedAt} onChange={(day) => editor.set([...at(), "reviewedAt"], day)} />
        </div>
      </Show>
    </li>
  );
}

function SlidesFields(props: { lesson: SlidesLesson; path: string; at: (string | number)[] }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const slides = () => [...props.at, "slides"];
  function add() {
    editor.set(slides(), (list: Image[]) => [...list, { src: "", alt: "" }]);
    setTimeout(() => focusPath(`${props.path}.slides.${props.lesson.slides.length - 1}.src`), 0);
  }
  return (
    <div class="t-slides" data-path={`${props.path}.slides`} tabindex="-1">
      <h5 class="t-subheading">{t("slides.heading", { n: props.lesson.slides.length })}</h5>
      <ol class="t-slides__list">
        <For each={props.lesson.slides}>
          {(slide, index) => (
            <li class="t-slide">
              <div class="t-slide__head">
                <span class="t-slide__number">{t("slides.number", { n: index() + 1 })}</span>
                <ReorderButtons
                  index={index()}
                  count={props.lesson.slides.length}
                  name={t("slides.number", { n: index() + 1 })}
                  onMove={(to) => editor.set(slides(), (list: Image[]) => move(list, index(), to))}
                />
                <button
                  type="button"
                  class="t-icon-button t-icon-button--danger"
                  aria-label={t("slides.delete", { n: index() + 1 })}
                  title={t("slides.delete", { n: index() + 1 })}
                  onClick={() =>
                    window.confirm(t("slides.confirmDelete", { n: index() + 1 })) &&
                    editor.set(slides(), (list: Image[]) => list.filter((_, i) => i !== index()))
                  }
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </div>
              <ImageField
                label={t("slides.image", { n: index() + 1 })}
                value={slide}
                path={`${props.path}.slides.${index()}`}
                caption
                onChange={(image) => editor.set([...slides(), index()], reconcile(image))}
              />
            </li>
          )}
        </For>
      </ol>
      <button type="button" class="button button--secondary" disabled={props.lesson.slides.length >= 40} onClick={add}>
        + {t("slides.add")}
      </button>
    </div>
  );
}

function VideoFields(props: { lesson: VideoLesson; path: string; at: (string | number)[] }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const video = () => [...props.at, "video"];
  const isUpload = () => props.lesson.video.src.startsWith("media/");
  return (
    <>
      <MediaPicker
        kind="video"
        label={t("field.video")}
        hint={t("upload.videoHint")}
        src={isUpload() ? props.lesson.video.src : undefined}
        path={`${props.path}.video.src`}
        onUploaded={(file) => editor.set([...video(), "src"], file.src)}
      />
      <TextField
        label={t("field.videoUrl")}
        hint={t("field.videoUrlHint")}
        inputMode="url"
        value={isUpload() ? "" : props.lesson.video.src}
        path={`${props.path}.video.url`}
        placeholder="https://"
        onInput={(url) => editor.set([...video(), "src"], url)}
      />
      <Show
        when={props.lesson.video.poster}
        fallback={
          <button type="button" class="button button--secondary" onClick={() => editor.set([...video(), "poster"], { src: "", alt: "" })}>
            + {t("video.addPoster")}
          </button>
        }
      >
        {(poster) => (
          <div class="t-sub">
            <ImageField
              label={t("field.poster")}
              value={poster()}
              path={`${props.path}.video.poster`}
              onChange={(image) => editor.set([...video(), "poster"], reconcile(image))}
            />
            <button type="button" class="link-button t-link-button" onClick={() => editor.set([...video(), "poster"], undefined)}>
              {t("video.removePoster")}
            </button>
          </div>
        )}
      </Show>
      <MediaPicker
        kind="captions"
        label={t("field.captions")}
        hint={t("upload.captionsHint")}
        src={props.lesson.video.captions}
        path={`${props.path}.video.captions`}
        onUploaded={(file) => editor.set([...video(), "captions"], file.src)}
      />
      <Show when={props.lesson.video.captions}>
        <button type="button" class="link-button t-link-button" onClick={() => editor.set([...video(), "captions"], undefined)}>
          {t("video.removeCaptions")}
        </button>
      </Show>
      <MarkdownField
        label={t("field.transcript")}
        hint={t("field.transcriptHint")}
        value={props.lesson.transcript}
        path={`${props.path}.transcript`}
        rows={6}
        onInput={(text) => editor.set([...props.at, "transcript"], text || undefined)}
      />
    </>
  );
}

/**
 * The Markdown the server renders for lessons (packages/core/src/course/markdown.ts), in a few lines, for
 * trainers who would rather type it than use the buttons. The samples are in the body font, not a monospace
 * one: common monospace fonts (DejaVu Sans Mono, Android's Droid Sans Mono) lack the composed Vietnamese letters
 * such as "ề", and the browser then draws the mark beside the letter ("đê`").
 */
function MarkdownHelp() {
  const t = useMessages(trainerMessages);
  const rows: [string, TrainerKey][] = [
    ["**chữ đậm**", "markdown.bold"],
    ["*chữ nghiêng*", "markdown.italic"],
    ["### Tiêu đề nhỏ", "markdown.heading"],
    ["- ý thứ nhất", "markdown.list"],
    ["1. bước một", "markdown.numbered"],
    ["> lời khuyên", "markdown.quote"],
    ["[Cổng DVC](https://dichvucong.gov.vn)", "markdown.link"],
  ];
  return (
    <details class="t-help">
      <summary>{t("markdown.title")}</summary>
      <p class="muted">{t("markdown.intro")}</p>
      <dl class="t-help__list">
        <For each={rows}>
          {([code, key]) => (
            <div class="t-help__row">
              <dt>
                <code class="t-help__code">{code}</code>
              </dt>
              <dd>{t(key)}</dd>
            </div>
          )}
        </For>
      </dl>
      <p class="muted t-help__note">{t("markdown.image", { kind: t("kind.image") })}</p>
    </details>
  );
}

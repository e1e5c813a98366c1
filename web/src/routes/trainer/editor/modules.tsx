import { CURRICULUM, type Curriculum, CONTENT_LIMITS as L } from "@kns/core/model";
import { createEffect, createSignal, For, Show, untrack } from "solid-js";
import { reconcile } from "solid-js/store";
import { useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";
import { move, newModule, TOPICS, type Module, type Topic } from "../model";
import { ImageField, NumberField, SelectField, TextField } from "./fields";
import { LessonList } from "./lessons";
import { QuizEditor } from "./quiz";
import { ReorderButtons } from "./reorder";
import { focusPath, useEditor } from "./state";

/** Title, summary, topic, audience, language, place in the programme, tags and the optional cover. */
export function CourseFields() {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const c = editor.content;
  return (
    <section class="t-card" aria-labelledby="course-fields-title">
      <h2 id="course-fields-title" class="t-card__title">
        {t("course.heading")}
      </h2>
      <TextField label={t("field.courseTitle")} value={c.title} path="title" maxLength={L.courseTitle} onInput={(value) => editor.set(["title"], value)} />
      <TextField
        label={t("field.summary")}
        hint={t("field.summaryHint")}
        value={c.summary}
        path="summary"
        multiline
        rows={3}
        maxLength={L.summary}
        onInput={(value) => editor.set(["summary"], value)}
      />
      <div class="t-grid">
        <SelectField
          label={t("field.topic")}
          value={c.topic}
          path="topic"
          options={TOPICS.map((value) => ({ value, label: t(`topic.${value}`) }))}
          onChange={(value: Topic) => editor.set(["topic"], value)}
        />
        <SelectField
          label={t("field.audience")}
          value={c.audience}
          path="audience"
          options={[
            { value: "members", label: t("audience.members") },
            { value: "citizens", label: t("audience.citizens") },
          ]}
          onChange={(value) => editor.set(["audience"], value)}
        />
        <SelectField
          label={t("field.language")}
          value={c.language}
          path="language"
          options={[
            { value: "vi", label: "Tiếng Việt" },
            { value: "en", label: "English" },
          ]}
          onChange={(value) => editor.set(["language"], value)}
        />
      </div>
      <SelectField
        label={t("field.curriculum")}
        hint={t(`curriculum.${c.curriculum ?? "optional"}Hint`)}
        value={c.curriculum ?? "optional"}
        path="curriculum"
        options={CURRICULUM.map((value) => ({ value, label: t(`curriculum.${value}`) }))}
        onChange={(value: Curriculum) => editor.set(["curriculum"], value)}
      />
      <TagsField />
      <Show
        when={c.cover}
        fallback={
          <button type="button" class="link-button t-link-button" onClick={() => editor.set(["cover"], { src: "", alt: "" })}>
            + {t("course.addCover")}
          </button>
        }
      >
        {(cover) => (
          <div class="t-sub">
            <ImageField label={t("field.cover")} value={cover()} path="cover" onChange={(image) => editor.set(["cover"], reconcile(image))} />
            <button type="button" class="link-button t-link-button" onClick={() => editor.set(["cover"], undefined)}>
              {t("course.removeCover")}
            </button>
          </div>
        )}
      </Show>
    </section>
  );
}

/** Tags typed as one comma-separated line; the box keeps what is typed (a trailing comma too) while the list updates. */
function TagsField() {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const parse = (raw: string) =>
    raw
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
  const [raw, setRaw] = createSignal(editor.content.tags.join(", "));
  createEffect(() => {
    const tags = editor.content.tags.join("\u0000");
    if (untrack(() => parse(raw()).join("\u0000")) !== tags) setRaw(editor.content.tags.join(", "));
  });
  return (
    <TextField
      label={t("field.tags")}
      hint={t("field.tagsHint")}
      value={raw()}
      path="tags"
      onInput={(value) => {
        setRaw(value);
        editor.set(["tags"], reconcile(parse(value)));
      }}
    />
  );
}

/** The course's modules in order, each with its lessons and its quiz. */
export function ModuleList() {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  function add() {
    const module = newModule(editor.content);
    editor.set(["modules"], (list: Module[]) => [...list, module]);
    editor.toggle(module.id, true);
    setTimeout(() => focusPath(`modules.${editor.content.modules.length - 1}.title`), 0);
  }
  return (
    <section class="t-modules" aria-labelledby="modules-title">
      <h2 id="modules-title" class="t-section-title" data-path="modules" tabindex="-1">
        {t("modules.heading", { n: editor.content.modules.length })}
      </h2>
      <Show when={editor.content.modules.length === 0}>
        <p class="empty">{t("modules.empty")}</p>
      </Show>
      <ol class="t-module-list">
        <For each={editor.content.modules}>{(module, index) => <ModuleCard module={module} index={index()} />}</For>
      </ol>
      <button type="button" class="button button--secondary" disabled={editor.content.modules.length >= L.modules} onClick={add}>
        + {t("modules.add")}
      </button>
    </section>
  );
}

function ModuleCard(props: { module: Module; index: number }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const path = () => `modules.${props.index}`;
  const open = () => editor.isExpanded(props.module.id);
  const label = () => t("where.module", { n: props.index + 1 });
  const name = () => (props.module.title.trim() ? `${label()}: ${props.module.title.trim()}` : label());
  const problems = () => editor.findings().filter((f) => f.path.startsWith(`${path()}.`) || f.path === path()).length;

  function remove() {
    const message = t("modules.confirmDelete", { name: name(), lessons: props.module.lessons.length, questions: props.module.quiz.questions.length });
    if (!window.confirm(message)) return;
    editor.set(["modules"], (list: Module[]) => list.filter((_, i) => i !== props.index));
  }

  return (
    <li class="t-card t-module" aria-label={name()}>
      <div class="t-module__head">
        <button type="button" class="t-module__toggle" aria-expanded={open()} data-path={path()} onClick={() => editor.toggle(props.module.id)}>
          <span class="t-chevron" aria-hidden="true">
            ▸
          </span>
          <span class="t-module__title">{name()}</span>
          <span class="muted">
            {t("modules.stats", {
              lessons: props.module.lessons.length,
              questions: props.module.quiz.questions.length,
              minutes: props.module.estimatedMinutes ?? "?",
            })}
            <Show when={problems()}> · {t("modules.problems", { n: problems() })}</Show>
          </span>
        </button>
        <span class="t-item__actions">
          <ReorderButtons
            index={props.index}
            count={editor.content.modules.length}
            name={name()}
            onMove={(to) => editor.set(["modules"], (list: Module[]) => move(list, props.index, to))}
          />
          <button
            type="button"
            class="t-icon-button t-icon-button--danger"
            aria-label={t("modules.delete", { name: name() })}
            title={t("modules.delete", { name: name() })}
            onClick={remove}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </span>
      </div>
      <Show when={open()}>
        <div class="t-module__body">
          <div class="t-grid t-grid--title">
            <TextField
              label={t("field.moduleTitle")}
              value={props.module.title}
              path={`${path()}.title`}
              maxLength={L.moduleTitle}
              onInput={(value) => editor.set(["modules", props.index, "title"], value)}
            />
            <NumberField
              label={t("field.minutes")}
              hint={t("field.minutesHint")}
              min={L.moduleMinutes.min}
              max={L.moduleMinutes.max}
              value={props.module.estimatedMinutes}
              path={`${path()}.estimatedMinutes`}
              onInput={(value) => editor.set(["modules", props.index, "estimatedMinutes"], value)}
            />
          </div>
          <LessonList moduleIndex={props.index} />
          <QuizEditor moduleIndex={props.index} />
        </div>
      </Show>
    </li>
  );
}

import type { LearnerLesson, LearnerQuestion } from "@kns/core/model";
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { LessonView } from "../../../features/player/lesson-view";
import { QuestionView } from "../../../features/player/question-view";
import { useMessages } from "../../../i18n";
import { NetworkError } from "../../../lib/api";
import type { Authoring } from "../api";
import { QUESTION_KINDS, contentProblems } from "@kns/core/model";
import { trainerMessages } from "../messages";
import { formatBytes } from "../media";
import { correctIds, type Content, type Module, type Question, type Quiz } from "../model";
import { useEditor, type PreviewTarget } from "./state";

interface Located {
  target: PreviewTarget;
  moduleIndex: number;
  index: number;
  module: Module;
}

/**
 * The smallest valid course around one lesson or question, so the server can render it the way a learner
 * receives it (sanitised HTML, media URLs and sizes) even while other parts of the draft are unfinished.
 * Fields of the surrounding course that are not valid yet are replaced for the preview only, never saved.
 */
export function previewContent(content: Content, at: Located, fallbackTitle: string): Content {
  const valid = (n: unknown, min: number, max: number) => typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
  const quiz: Quiz = {
    passPercent: valid(at.module.quiz.passPercent, 1, 100) ? at.module.quiz.passPercent : 70,
    attemptsAllowed: valid(at.module.quiz.attemptsAllowed, 1, 100) ? at.module.quiz.attemptsAllowed : null,
    shuffleQuestions: false,
    shuffleOptions: false,
    drawCount: null,
    reviewPolicy: at.module.quiz.reviewPolicy,
    questions: at.target.kind === "question" ? [at.module.quiz.questions[at.index]!] : [],
  };
  return {
    title: content.title.trim() || fallbackTitle,
    summary: content.summary.trim() || fallbackTitle,
    topic: content.topic,
    audience: content.audience,
    language: content.language,
    tags: [],
    modules: [
      {
        id: at.module.id,
        title: at.module.title.trim() || fallbackTitle,
        estimatedMinutes: valid(at.module.estimatedMinutes, 1, 60) ? at.module.estimatedMinutes : 5,
        lessons: at.target.kind === "lesson" ? [at.module.lessons[at.index]!] : [],
        quiz,
      },
    ],
  };
}

/** The learner's phone, 360 × 640, showing the chosen lesson or question of the unsaved draft. */
export function LivePreview(props: { api: Authoring }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const [result, setResult] = createSignal<{ lesson?: LearnerLesson; question?: LearnerQuestion; moduleTitle: string; key: string }>();
  const [state, setState] = createSignal<"idle" | "loading" | "offline" | "failed">("idle");

  const options = createMemo(() =>
    editor.content.modules.flatMap((module, m) => [
      {
        group: t("preview.lessons", { module: t("where.module", { n: m + 1 }) }),
        items: module.lessons.map((lesson, l) => ({
          value: `lesson:${lesson.id}`,
          label: `${t("lessons.number", { n: l + 1 })}: ${lesson.title.trim() || t("lessons.untitled", { n: l + 1 })}`,
        })),
      },
      {
        group: t("preview.questions", { module: t("where.module", { n: m + 1 }) }),
        items: module.quiz.questions.map((question, q) => ({
          value: `question:${question.id}`,
          label: `${t("questions.number", { n: q + 1 })}: ${question.prompt.trim().slice(0, 60) || t("questions.noPrompt")}`,
        })),
      },
    ]),
  );

  /** The chosen item, or the first there is. */
  const located = createMemo<Located | undefined>(() => {
    const find = (target: PreviewTarget | undefined): Located | undefined => {
      if (!target) return undefined;
      for (const [m, module] of editor.content.modules.entries()) {
        const list = target.kind === "lesson" ? module.lessons : module.quiz.questions;
        const index = list.findIndex((item) => item.id === target.id);
        if (index >= 0) return { target, moduleIndex: m, index, module };
      }
      return undefined;
    };
    const first = editor.content.modules.flatMap((m) => [
      ...m.lessons.map((l) => ({ kind: "lesson" as const, id: l.id })),
      ...m.quiz.questions.map((q) => ({ kind: "question" as const, id: q.id })),
    ])[0];
    return find(editor.selected()) ?? find(first);
  });

  const path = () => {
    const at = located();
    return at ? `modules.${at.moduleIndex}.${at.target.kind === "lesson" ? "lessons" : "quiz.questions"}.${at.index}` : "";
  };
  /** What keeps this item from being shown (the server renders only valid content). */
  const missing = createMemo(() => {
    const prefix = `${path()}.`;
    return editor
      .findings()
      .filter((f) => f.level === "save" && f.path.startsWith(prefix))
      .map((f) => ({ path: f.path, message: t(`problem.${f.code}`, f.params) }));
  });
  const request = createMemo(() => {
    const at = located();
    if (!at || missing().length) return undefined;
    const content = previewContent(editor.content, at, "…");
    // Belt and braces: only ask the server for what it will accept.
    if (contentProblems(content).some((f) => f.level === "save")) return undefined;
    return { key: `${at.target.kind}:${at.target.id}`, moduleTitle: at.module.title, json: JSON.stringify(content) };
  });

  // Ask the server at most every half second while the trainer types; a newer request cancels the older.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  createEffect(
    on(
      () => request()?.json,
      () => {
        const next = request();
        clearTimeout(timer);
        if (!next) return;
        timer = setTimeout(async () => {
          controller?.abort();
          controller = new AbortController();
          setState("loading");
          try {
            const preview = await props.api.preview(editor.courseId, JSON.parse(next.json) as Content, controller.signal);
            const module = preview.course.modules[0];
            const quiz = module ? preview.quizzes[module.quizId] : undefined;
            setResult({ lesson: module?.lessons[0], question: quiz?.questions[0], moduleTitle: next.moduleTitle, key: next.key });
            setState("idle");
          } catch (error) {
            if (controller?.signal.aborted) return;
            setState(error instanceof NetworkError ? "offline" : "failed");
          }
        }, 500);
      },
    ),
  );
  onCleanup(() => {
    clearTimeout(timer);
    controller?.abort();
  });

  const current = () => {
    const shown = result();
    const at = located();
    return shown && at && shown.key === `${at.target.kind}:${at.target.id}` ? shown : undefined;
  };
  const [selected, setSelected] = createSignal<string[]>([]);
  createEffect(
    on(
      () => located()?.target.id,
      () => setSelected([]),
    ),
  );
  /** Phone layout: back to the field the trainer came from (or this item's header), in the edit tab. */
  function backToEditing() {
    const from = editor.returnTo();
    editor.reveal(from?.startsWith(`${path()}.`) ? from : path());
  }
  const [reveal, setReveal] = createSignal(false);
  const answer = createMemo(() => {
    const at = located();
    return at?.target.kind === "question" ? at.module.quiz.questions[at.index] : undefined;
  });

  return (
    <section class="t-preview" aria-labelledby="preview-title">
      <h2 id="preview-title" class="t-preview__title" tabindex="-1">
        {t("preview.title")}
      </h2>
      <Show when={located()}>
        <button type="button" class="link-button t-link-button t-preview__back" onClick={backToEditing}>
          ← {t("preview.backToEdit")}
        </button>
      </Show>
      <Show when={options().some((g) => g.items.length)} fallback={<p class="empty">{t("preview.empty")}</p>}>
        <label class="field__label" for="preview-pick">
          {t("preview.pick")}
        </label>
        <select
          id="preview-pick"
          class="field__input t-select"
          onChange={(event) => {
            const [kind, id] = event.currentTarget.value.split(":") as ["lesson" | "question", string];
            editor.select({ kind, id });
          }}
        >
          <For each={options().filter((g) => g.items.length)}>
            {(group) => (
              <optgroup label={group.group}>
                <For each={group.items}>
                  {(item) => (
                    <option value={item.value} selected={located() ? item.value === `${located()!.target.kind}:${located()!.target.id}` : false}>
                      {item.label}
                    </option>
                  )}
                </For>
              </optgroup>
            )}
          </For>
        </select>
        <p class="muted t-preview__note" role="status">
          {state() === "loading"
            ? t("preview.loading")
            : state() === "offline"
              ? t("preview.offline")
              : state() === "failed"
                ? t("preview.failed")
                : t("preview.note")}
        </p>
        <div class="t-phone" role="region" aria-label={t("preview.frame")} data-testid="phone-preview">
          <div class="t-phone__screen">
            <Switch>
              <Match when={missing().length}>
                <div class="t-phone__missing">
                  <p>{t("preview.incomplete")}:</p>
                  <ul>
                    <For each={missing()}>
                      {(item) => (
                        <li>
                          <button type="button" class="link-button t-link-button" onClick={() => editor.reveal(item.path)}>
                            {item.message}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              </Match>
              <Match when={current()?.lesson}>
                {(lesson) => (
                  <article class="t-phone__lesson">
                    <p class="t-phone__eyebrow">
                      {t("preview.lessonPosition", {
                        m: (located()?.moduleIndex ?? 0) + 1,
                        n: (located()?.index ?? 0) + 1,
                        total: located()?.module.lessons.length ?? 1,
                      })}
                    </p>
                    <h1 class="t-phone__heading">{lesson().title}</h1>
                    <p class="t-phone__meta muted">
                      {t(`kind.${lesson().kind}`)} · {formatBytes(lesson().sizeBytes)}
                    </p>
                    <LessonView lesson={lesson()} />
                  </article>
                )}
              </Match>
              <Match when={current()?.question}>
                {(question) => (
                  <article class="t-phone__question">
                    <p class="t-phone__crumb">{current()!.moduleTitle}</p>
                    <p class="t-phone__eyebrow">
                      {t("preview.questionPosition", { n: (located()?.index ?? 0) + 1, total: located()?.module.quiz.questions.length ?? 1 })}
                    </p>
                    <QuestionView
                      question={question()}
                      selected={selected()}
                      onChange={setSelected}
                      review={reveal() && answer() ? reviewOf(answer()!, question(), selected()) : undefined}
                    />
                  </article>
                )}
              </Match>
              <Match when={true}>
                <p class="loading t-phone__wait">{t("preview.loading")}</p>
              </Match>
            </Switch>
          </div>
        </div>
        <Show when={answer()}>
          <label class="checkbox t-preview__reveal">
            <input type="checkbox" checked={reveal()} onChange={(event) => setReveal(event.currentTarget.checked)} />
            <span>{t("preview.reveal")}</span>
          </label>
        </Show>
      </Show>
    </section>
  );
}

/**
 * The answer as the phone would show it after passing. The server's preview gives ordering steps the learner's
 * opaque ids, so the right order is matched to them by each step's text.
 */
function reviewOf(question: Question, shown: LearnerQuestion, selected: string[]) {
  const idOf = new Map(shown.options.map((o) => [o.text, o.id]));
  const right = correctIds(question).map((id) => {
    const text = question.options.find((o) => o.id === id)?.text ?? "";
    return idOf.get(text) ?? id;
  });
  const ordered = QUESTION_KINDS[question.kind].answer === "order";
  const correct = ordered
    ? right.length === selected.length && right.every((id, i) => selected[i] === id)
    : right.length === selected.length && right.every((id) => selected.includes(id));
  return { correct, correctOptionIds: right, explanation: question.explanation };
}

import { CompetenceField } from "./currency";
import { CONTENT_LIMITS as L } from "@kns/core/model";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { reconcile } from "solid-js/store";
import { useMessages } from "../../../i18n";
import { trainerMessages } from "../messages";
import { QUESTION_KINDS } from "@kns/core/model";
import {
  move,
  mediaUrl,
  newQuestion,
  nextOptionId,
  QUESTION_KINDS_SHOWN,
  REVIEW_POLICIES,
  type Option,
  type Question,
  type QuestionKind,
  type Region,
} from "../model";
import { AddKinds, CheckField, ImageField, NumberField, SelectField, TextField } from "./fields";
import { RegionDrawer } from "./region-drawer";
import { ReorderButtons } from "./reorder";
import { focusPath, useEditor } from "./state";

/** A module's quiz: its rules, then its question pool. */
export function QuizEditor(props: { moduleIndex: number }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const module = () => editor.content.modules[props.moduleIndex]!;
  const quiz = () => module().quiz;
  const at = () => ["modules", props.moduleIndex, "quiz"];
  const path = () => `modules.${props.moduleIndex}.quiz`;
  const key = () => `${module().id}:quiz`;
  const open = () => editor.isExpanded(key());

  function add(kind: QuestionKind) {
    const question = newQuestion(editor.content, module(), kind, { true: t("question.true"), false: t("question.false") });
    editor.set([...at(), "questions"], (list: Question[]) => [...list, question]);
    editor.toggle(question.id, true);
    editor.select({ kind: "question", id: question.id });
    setTimeout(() => focusPath(`${path()}.questions.${quiz().questions.length - 1}.prompt`), 0);
  }

  return (
    <section class="t-quiz">
      <button type="button" class="t-section-toggle" aria-expanded={open()} data-path={path()} onClick={() => editor.toggle(key())}>
        <span class="t-chevron" aria-hidden="true">
          ▸
        </span>
        <span class="t-subheading">{t("quiz.heading")}</span>
        <span class="muted">{t("quiz.summary", { n: quiz().questions.length, pass: quiz().passPercent })}</span>
      </button>
      <Show when={open()}>
        <div class="t-quiz__body">
          <div class="t-grid">
            <NumberField
              label={t("quiz.passPercent")}
              hint={t("quiz.passPercentHint")}
              min={L.passPercent.min}
              max={L.passPercent.max}
              value={quiz().passPercent}
              path={`${path()}.passPercent`}
              onInput={(value) => editor.set([...at(), "passPercent"], value)}
            />
            <NumberField
              label={t("quiz.attempts")}
              hint={t("quiz.attemptsHint")}
              min={L.attempts.min}
              max={L.attempts.max}
              placeholder={t("quiz.unlimited")}
              value={quiz().attemptsAllowed}
              path={`${path()}.attemptsAllowed`}
              onInput={(value) => editor.set([...at(), "attemptsAllowed"], value)}
            />
            <NumberField
              label={t("quiz.drawCount")}
              hint={t("quiz.drawCountHint")}
              min={1}
              placeholder={t("quiz.all")}
              value={quiz().drawCount}
              path={`${path()}.drawCount`}
              onInput={(value) => editor.set([...at(), "drawCount"], value)}
            />
            <SelectField
              label={t("quiz.review")}
              value={quiz().reviewPolicy}
              path={`${path()}.reviewPolicy`}
              options={REVIEW_POLICIES.map((value) => ({ value, label: t(`review.${value}`) }))}
              onChange={(value) => editor.set([...at(), "reviewPolicy"], value)}
            />
          </div>
          <CheckField
            label={t("quiz.shuffleQuestions")}
            checked={quiz().shuffleQuestions}
            path={`${path()}.shuffleQuestions`}
            onChange={(value) => editor.set([...at(), "shuffleQuestions"], value)}
          />
          <CheckField
            label={t("quiz.shuffleOptions")}
            checked={quiz().shuffleOptions}
            path={`${path()}.shuffleOptions`}
            onChange={(value) => editor.set([...at(), "shuffleOptions"], value)}
          />

          <h5 class="t-subheading" data-path={`${path()}.questions`} tabindex="-1">
            {t("questions.heading", { n: quiz().questions.length })}
          </h5>
          <ol class="t-items">
            <For each={quiz().questions}>{(question, index) => <QuestionCard moduleIndex={props.moduleIndex} index={index()} question={question} />}</For>
          </ol>
          <AddKinds
            label={t("questions.add")}
            kinds={QUESTION_KINDS_SHOWN}
            name={(kind) => t(`qkind.${kind}`)}
            full={quiz().questions.length >= L.questions}
            onAdd={add}
          />
        </div>
      </Show>
    </section>
  );
}

function QuestionCard(props: { moduleIndex: number; index: number; question: Question }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const path = () => `modules.${props.moduleIndex}.quiz.questions.${props.index}`;
  const at = () => ["modules", props.moduleIndex, "quiz", "questions", props.index];
  const open = () => editor.isExpanded(props.question.id);
  const name = () => t("questions.number", { n: props.index + 1 });
  const count = () => editor.content.modules[props.moduleIndex]!.quiz.questions.length;
  const hasProblem = () => editor.findings().some((f) => f.path.startsWith(`${path()}.`) || f.path === path());
  const preview = () => props.question.prompt.trim() || t("questions.noPrompt");

  function remove() {
    if (!window.confirm(t("questions.confirmDelete", { name: name() }))) return;
    editor.set(["modules", props.moduleIndex, "quiz", "questions"], (list: Question[]) => list.filter((_, i) => i !== props.index));
  }

  return (
    <li
      class="t-item"
      classList={{ "t-item--open": open(), "t-item--selected": editor.selected()?.id === props.question.id }}
      onFocusIn={() => editor.select({ kind: "question", id: props.question.id })}
    >
      <div class="t-item__head">
        <button type="button" class="t-item__toggle" aria-expanded={open()} data-path={path()} onClick={() => editor.toggle(props.question.id)}>
          <span class="t-chevron" aria-hidden="true">
            ▸
          </span>
          <span class="t-badge">{t(`qkind.${props.question.kind}`)}</span>
          <span class="t-item__title">
            {name()}: {preview()}
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
            onMove={(to) => editor.set(["modules", props.moduleIndex, "quiz", "questions"], (list: Question[]) => move(list, props.index, to))}
          />
          <button
            type="button"
            class="t-icon-button t-icon-button--danger"
            aria-label={t("questions.delete", { name: name() })}
            title={t("questions.delete", { name: name() })}
            onClick={remove}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </span>
      </div>
      <Show when={open()}>
        <div class="t-item__body">
          <TextField
            label={t("question.prompt")}
            value={props.question.prompt}
            path={`${path()}.prompt`}
            multiline
            rows={3}
            maxLength={L.prompt}
            onInput={(prompt) => editor.set([...at(), "prompt"], prompt)}
          />
          <Switch fallback={<ChoiceOptions question={props.question as Choice} path={path()} at={at()} />}>
            <Match when={QUESTION_KINDS[props.question.kind].regions}>
              <SpotTheScam question={props.question as Choice} path={path()} at={at()} />
            </Match>
            <Match when={QUESTION_KINDS[props.question.kind].answer === "order"}>
              <OrderingSteps question={props.question} path={path()} at={at()} />
            </Match>
          </Switch>
          <TextField
            label={t("question.explanation")}
            hint={t("question.explanationHint")}
            value={props.question.explanation}
            path={`${path()}.explanation`}
            multiline
            rows={3}
            maxLength={L.explanation}
            onInput={(explanation) => editor.set([...at(), "explanation"], explanation)}
          />
          <CompetenceField
            path={`${path()}.competences`}
            value={props.question.competences}
            hint={t("competence.questionHint")}
            onChange={(codes) => editor.set([...at(), "competences"], codes)}
          />
        </div>
      </Show>
    </li>
  );
}

/** A question whose right answer is marked option by option (every kind but ordering). */
type Choice = Extract<Question, { correctOptionIds: string[] }>;

/**
 * Ordering: the steps written in their right order (that order is the answer), moved with the same buttons as
 * everything else in the editor. Learners get them scrambled.
 */
function OrderingSteps(props: { question: Question; path: string; at: (string | number)[] }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  function add() {
    const id = nextOptionId(props.question);
    editor.set([...props.at, "options"], (list: Option[]) => [...list, { id, text: "" }]);
    setTimeout(() => focusPath(`${props.path}.options.${props.question.options.length - 1}.text`), 0);
  }
  return (
    <fieldset class="t-options" data-path={`${props.path}.options`} tabindex="-1">
      <legend class="field__label">{t("question.stepsLegend")}</legend>
      <p class="field__hint">{t("question.stepsHint")}</p>
      <Show when={editor.attempted() && editor.findings().find((f) => f.path === `${props.path}.options`)}>
        {(finding) => <p class="field__error">{t(`problem.${finding().code}`, finding().params)}</p>}
      </Show>
      <ol class="t-options__list">
        <For each={props.question.options}>
          {(option, index) => (
            <li class="t-option">
              <span aria-hidden="true" class="t-option__letter">
                {index() + 1}
              </span>
              <input
                class="field__input t-option__text"
                value={option.text}
                maxLength={L.optionText}
                aria-label={t("question.stepText", { n: index() + 1 })}
                data-path={`${props.path}.options.${index()}.text`}
                onInput={(event) => editor.set([...props.at, "options", index(), "text"], event.currentTarget.value)}
              />
              <ReorderButtons
                index={index()}
                count={props.question.options.length}
                name={t("question.stepName", { n: index() + 1 })}
                onMove={(to) => editor.set([...props.at, "options"], (list: Option[]) => move(list, index(), to))}
              />
              <button
                type="button"
                class="t-icon-button t-icon-button--danger"
                disabled={props.question.options.length <= L.options.min}
                aria-label={t("question.removeStep", { n: index() + 1 })}
                title={t("question.removeStep", { n: index() + 1 })}
                onClick={() => editor.set([...props.at, "options"], (list: Option[]) => list.filter((_, i) => i !== index()))}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          )}
        </For>
      </ol>
      <button type="button" class="button button--secondary" disabled={props.question.options.length >= L.options.max} onClick={add}>
        + {t("question.addStep")}
      </button>
    </fieldset>
  );
}

/** Options of single, multiple and true/false questions, each with its "correct" mark. */
function ChoiceOptions(props: { question: Choice; path: string; at: (string | number)[] }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const single = () => QUESTION_KINDS[props.question.kind].answer === "one";
  const fixed = () => QUESTION_KINDS[props.question.kind].starterOptions.some((o) => o.label);
  const group = `correct-${props.question.id}-${Math.random().toString(36).slice(2, 7)}`;

  function mark(id: string, on: boolean) {
    const current = props.question.correctOptionIds;
    editor.set([...props.at, "correctOptionIds"], single() ? [id] : on ? [...current.filter((c) => c !== id), id] : current.filter((c) => c !== id));
  }
  function add() {
    const id = nextOptionId(props.question);
    editor.set([...props.at, "options"], (list: Option[]) => [...list, { id, text: "" }]);
    setTimeout(() => focusPath(`${props.path}.options.${props.question.options.length - 1}.text`), 0);
  }
  function remove(index: number, id: string) {
    editor.set([...props.at, "options"], (list: Option[]) => list.filter((_, i) => i !== index));
    editor.set([...props.at, "correctOptionIds"], (list: string[]) => list.filter((c) => c !== id));
  }

  return (
    <>
      <fieldset class="t-options" data-path={`${props.path}.correctOptionIds`} tabindex="-1">
        <legend class="field__label">{single() ? t("question.optionsOne") : t("question.optionsMany")}</legend>
        <Show when={editor.attempted() && editor.findings().find((f) => f.path === `${props.path}.correctOptionIds` || f.path === `${props.path}.options`)}>
          {(finding) => <p class="field__error">{t(`problem.${finding().code}`, finding().params)}</p>}
        </Show>
        <ol class="t-options__list" data-path={`${props.path}.options`} tabindex="-1">
          <For each={props.question.options}>
            {(option, index) => (
              <li class="t-option">
                <label class="t-option__correct">
                  <input
                    type={single() ? "radio" : "checkbox"}
                    name={group}
                    checked={props.question.correctOptionIds.includes(option.id)}
                    onChange={(event) => mark(option.id, event.currentTarget.checked)}
                  />
                  <span class="t-visually-hidden">{t("question.markCorrect", { n: index() + 1 })}</span>
                  <span aria-hidden="true" class="t-option__letter">
                    {String.fromCharCode(65 + index())}
                  </span>
                </label>
                <input
                  class="field__input t-option__text"
                  value={option.text}
                  maxLength={L.optionText}
                  aria-label={t("question.optionText", { n: index() + 1 })}
                  data-path={`${props.path}.options.${index()}.text`}
                  onInput={(event) => editor.set([...props.at, "options", index(), "text"], event.currentTarget.value)}
                />
                <Show when={!fixed()}>
                  <ReorderButtons
                    index={index()}
                    count={props.question.options.length}
                    name={t("question.optionName", { n: index() + 1 })}
                    onMove={(to) => editor.set([...props.at, "options"], (list: Option[]) => move(list, index(), to))}
                  />
                  <button
                    type="button"
                    class="t-icon-button t-icon-button--danger"
                    disabled={props.question.options.length <= L.options.min}
                    aria-label={t("question.removeOption", { n: index() + 1 })}
                    title={t("question.removeOption", { n: index() + 1 })}
                    onClick={() => remove(index(), option.id)}
                  >
                    <span aria-hidden="true">✕</span>
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
        <Show when={!fixed()}>
          <button type="button" class="button button--secondary" disabled={props.question.options.length >= L.options.max} onClick={add}>
            + {t("question.addOption")}
          </button>
        </Show>
      </fieldset>
      <Show
        when={props.question.image}
        fallback={
          <button type="button" class="link-button t-link-button" onClick={() => editor.set([...props.at, "image"], { src: "", alt: "" })}>
            + {t("question.addImage")}
          </button>
        }
      >
        {(image) => (
          <div class="t-sub">
            <ImageField
              label={t("question.image")}
              value={image()}
              path={`${props.path}.image`}
              onChange={(next) => editor.set([...props.at, "image"], reconcile(next))}
            />
            <button type="button" class="link-button t-link-button" onClick={() => editor.set([...props.at, "image"], undefined)}>
              {t("question.removeImage")}
            </button>
          </div>
        )}
      </Show>
    </>
  );
}

/** Spot the scam: an image, rectangles drawn on it, each named neutrally, the giveaways marked. */
function SpotTheScam(props: { question: Choice; path: string; at: (string | number)[] }) {
  const editor = useEditor();
  const t = useMessages(trainerMessages);
  const [selected, setSelected] = createSignal<string>();
  const image = () => props.question.image;
  const size = () => {
    const current = image();
    return current?.src && current.width && current.height ? { width: current.width, height: current.height } : undefined;
  };

  /** Images without a stated size (an SVG without width/height) are measured once they load. */
  function measure(event: Event & { currentTarget: HTMLImageElement }) {
    const { naturalWidth, naturalHeight } = event.currentTarget;
    if (naturalWidth > 0 && naturalHeight > 0 && !size()) {
      const scale = Math.min(1, L.imageSide / Math.max(naturalWidth, naturalHeight));
      editor.set([...props.at, "image"], { width: Math.round(naturalWidth * scale), height: Math.round(naturalHeight * scale) });
    }
  }

  function draw(region: Region) {
    const id = nextOptionId(props.question);
    editor.set([...props.at, "options"], (list: Option[]) => [...list, { id, text: "", region }]);
    setSelected(id);
    // The name box gets the focus, but the picture stays in view for the next region.
    setTimeout(() => focusPath(`${props.path}.options.${props.question.options.length - 1}.text`, { scroll: false }), 0);
  }
  function remove(index: number, id: string) {
    editor.set([...props.at, "options"], (list: Option[]) => list.filter((_, i) => i !== index));
    editor.set([...props.at, "correctOptionIds"], (list: string[]) => list.filter((c) => c !== id));
  }
  function setCorrect(id: string, on: boolean) {
    editor.set([...props.at, "correctOptionIds"], (list: string[]) => (on ? [...list.filter((c) => c !== id), id] : list.filter((c) => c !== id)));
  }
  function setCoordinate(index: number, key: keyof Region, value: number | null) {
    if (value === null || !Number.isFinite(value)) return;
    editor.set([...props.at, "options", index, "region", key], Math.max(key === "w" || key === "h" ? 1 : 0, Math.round(value)));
  }

  return (
    <div class="t-spot">
      <ImageField
        label={t("spot.image")}
        hint={t("spot.imageHint")}
        value={image()}
        path={`${props.path}.image`}
        onChange={(next) => editor.set([...props.at, "image"], reconcile(next))}
      />
      <Show when={image()?.src && !size()}>
        <img class="t-visually-hidden" src={mediaUrl(image()!.src)} alt="" onLoad={measure} />
      </Show>
      <Show when={size()} fallback={<p class="muted">{t("spot.needImage")}</p>}>
        {(dims) => (
          <RegionDrawer
            src={mediaUrl(image()!.src)}
            alt={image()!.alt}
            width={dims().width}
            height={dims().height}
            selectedId={selected()}
            onSelect={(id) => {
              setSelected(id);
              const index = props.question.options.findIndex((o) => o.id === id);
              if (index >= 0) focusPath(`${props.path}.options.${index}.text`, { scroll: false });
            }}
            regions={props.question.options.map((o) => ({
              id: o.id,
              label: o.text,
              region: o.region,
              correct: props.question.correctOptionIds.includes(o.id),
            }))}
            onDraw={draw}
          />
        )}
      </Show>
      <Show when={size()}>
        {(dims) => (
          <button
            type="button"
            class="button button--secondary"
            disabled={props.question.options.length >= L.options.max}
            onClick={() =>
              draw({
                x: Math.round(dims().width * 0.25),
                y: Math.round(dims().height * 0.4),
                w: Math.round(dims().width * 0.5),
                h: Math.max(12, Math.round(dims().height * 0.1)),
              })
            }
          >
            + {t("spot.addByNumbers")}
          </button>
        )}
      </Show>
      <fieldset class="t-options" data-path={`${props.path}.options`} tabindex="-1">
        <legend class="field__label">{t("spot.regions", { n: props.question.options.length })}</legend>
        <p class="field__hint">{t("spot.regionsHint")}</p>
        <Show when={editor.attempted() && editor.findings().find((f) => f.path === `${props.path}.correctOptionIds` || f.path === `${props.path}.options`)}>
          {(finding) => <p class="field__error">{t(`problem.${finding().code}`, finding().params)}</p>}
        </Show>
        <ol class="t-regions__list" data-path={`${props.path}.correctOptionIds`} tabindex="-1">
          <For each={props.question.options}>
            {(option, index) => (
              <li class="t-region-row" classList={{ "t-region-row--selected": selected() === option.id }}>
                <span class="t-region-row__number" aria-hidden="true">
                  {index() + 1}
                </span>
                <div class="t-region-row__fields">
                  <input
                    class="field__input"
                    value={option.text}
                    maxLength={L.optionText}
                    placeholder={t("spot.namePlaceholder")}
                    aria-label={t("spot.name", { n: index() + 1 })}
                    data-path={`${props.path}.options.${index()}.text`}
                    onFocus={() => setSelected(option.id)}
                    onInput={(event) => editor.set([...props.at, "options", index(), "text"], event.currentTarget.value)}
                  />
                  <label class="checkbox">
                    <input
                      type="checkbox"
                      checked={props.question.correctOptionIds.includes(option.id)}
                      onChange={(event) => setCorrect(option.id, event.currentTarget.checked)}
                    />
                    <span>{t("spot.giveaway")}</span>
                  </label>
                  <Show when={option.region}>
                    {(region) => (
                      <details class="t-coords">
                        <summary>{t("spot.coordinates", { x: region().x, y: region().y, w: region().w, h: region().h })}</summary>
                        <div class="t-coords__grid">
                          <For each={["x", "y", "w", "h"] as const}>
                            {(key) => (
                              <label class="t-coords__field">
                                <span>{t(`spot.coord.${key}`)}</span>
                                <input
                                  class="field__input"
                                  type="number"
                                  inputMode="numeric"
                                  min={0}
                                  max={L.imageSide}
                                  value={region()[key]}
                                  onChange={(event) => setCoordinate(index(), key, Number(event.currentTarget.value))}
                                />
                              </label>
                            )}
                          </For>
                        </div>
                      </details>
                    )}
                  </Show>
                </div>
                <button
                  type="button"
                  class="t-icon-button t-icon-button--danger"
                  aria-label={t("spot.remove", { n: index() + 1 })}
                  title={t("spot.remove", { n: index() + 1 })}
                  onClick={() => remove(index(), option.id)}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </li>
            )}
          </For>
        </ol>
      </fieldset>
    </div>
  );
}

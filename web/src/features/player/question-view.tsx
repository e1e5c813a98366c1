import type { LearnerQuestion } from "@kns/core/model";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { useMessages } from "../../i18n";
import { MediaImage } from "./lesson-view";
import { playerMessages } from "./messages";
import { OrderingView } from "./ordering";
import "./player.css";

type Option = LearnerQuestion["options"][number];

export interface QuestionReview {
  correct: boolean;
  correctOptionIds?: string[];
  explanation?: string;
}

export interface QuestionViewProps {
  question: LearnerQuestion;
  /** Option ids in the order to show them (a quiz may shuffle); defaults to the question's own order. */
  order?: string[];
  selected: string[];
  onChange?: (optionIds: string[]) => void;
  /** After grading: shows what was right and wrong, and the explanation when the quiz reveals it. */
  review?: QuestionReview;
  /** Heading level of the prompt, so the page outline stays right wherever this is placed. */
  level?: 2 | 3;
  /** The verdict once graded ("Trả lời đúng"), for a screen that moves focus to it after checking. */
  verdictRef?: (element: HTMLParagraphElement) => void;
}

function ordered(question: LearnerQuestion, order: string[] | undefined): Option[] {
  if (!order) return question.options;
  const byId = new Map(question.options.map((o) => [o.id, o]));
  const shown = order.map((id) => byId.get(id)).filter((o): o is Option => Boolean(o));
  // Options the order does not know (the quiz changed) still show, at the end.
  return [...shown, ...question.options.filter((o) => !order.includes(o.id))];
}

/**
 * The prompt as shown. Authors often end a many-answer prompt with "(Chọn tất cả ý đúng)", which the hint right
 * under it already says ("Chọn tất cả đáp án đúng."): shown once is enough.
 */
export function shownPrompt(question: Pick<LearnerQuestion, "prompt" | "select">): string {
  if (question.select !== "many") return question.prompt;
  return question.prompt.replace(/\s*\((?:chọn (?:tất cả|hết|nhiều)[^)]*|(?:select|choose|tick|pick) all[^)]*)\)\s*$/iu, "");
}

function toggle(selected: string[], id: string, many: boolean): string[] {
  if (!many) return [id];
  return selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id];
}

/** What an option is after grading, for its mark and its class. */
function verdict(review: QuestionReview | undefined, selected: string[], id: string) {
  if (!review) return undefined;
  const chosen = selected.includes(id);
  const right = review.correctOptionIds?.includes(id);
  if (chosen && right) return "chosen-right" as const;
  if (chosen && review.correctOptionIds) return "chosen-wrong" as const;
  if (chosen) return review.correct ? ("chosen-right" as const) : ("chosen" as const);
  if (right) return "right" as const;
  return undefined;
}

/**
 * One quiz question of any kind, from data only (no routing, no session): the quiz screen, the results and
 * the trainer's preview render it. Choices are native radios and checkboxes in large labels; spot-the-scam
 * puts a toggle button over each region of the picture.
 */
export function QuestionView(props: QuestionViewProps) {
  const t = useMessages(playerMessages);
  const id = `question-${createUniqueId()}`;
  const many = () => props.question.select === "many";
  const choose = (optionId: string) => {
    if (props.review) return;
    props.onChange?.(toggle(props.selected, optionId, many()));
  };
  const hint = () => {
    if (props.question.select === "order") return t("question.orderHint");
    switch (props.question.kind) {
      case "spot-the-scam":
        return t("question.spotHint");
      case "true-false":
        return t("question.trueFalse");
      default:
        return many() ? t("question.pickMany") : t("question.pickOne");
    }
  };
  const Heading = (heading: { children: string }) =>
    props.level === 3 ? (
      <h3 id={`${id}-prompt`} class="question__prompt">
        {heading.children}
      </h3>
    ) : (
      <h2 id={`${id}-prompt`} class="question__prompt">
        {heading.children}
      </h2>
    );

  return (
    <div
      class="question"
      classList={{
        "question--review": Boolean(props.review),
        "question--right": props.review?.correct,
        "question--wrong": props.review && !props.review.correct,
      }}
      role="group"
      aria-labelledby={`${id}-prompt`}
      aria-describedby={`${id}-hint`}
    >
      <Heading>{shownPrompt(props.question)}</Heading>
      <Show when={props.review}>
        {(review) => (
          <p class="question__verdict" classList={{ "question__verdict--right": review().correct }} tabindex="-1" ref={props.verdictRef}>
            <span aria-hidden="true">{review().correct ? "✓ " : "✗ "}</span>
            {review().correct ? t("question.resultRight") : t("question.resultWrong")}
          </p>
        )}
      </Show>
      <p id={`${id}-hint`} class="question__hint" classList={{ "visually-hidden": Boolean(props.review) }}>
        {hint()}
      </p>
      <Show when={props.question.select === "order"}>
        <Show when={props.question.image}>{(image) => <MediaImage media={image()} class="question__image" eager />}</Show>
        <OrderingView
          question={props.question}
          order={ordered(props.question, props.order)}
          selected={props.selected}
          onChange={props.onChange}
          review={props.review}
          labelledBy={`${id}-prompt`}
        />
      </Show>
      <Show
        when={props.question.select !== "order" && props.question.kind === "spot-the-scam" && props.question.image}
        fallback={
          <Show when={props.question.select !== "order"}>
            <Show when={props.question.image}>{(image) => <MediaImage media={image()} class="question__image" eager />}</Show>
            <ul class="options" role="list">
              <For each={ordered(props.question, props.order)}>
                {(option) => {
                  const mark = () => verdict(props.review, props.selected, option.id);
                  return (
                    <li>
                      <label class="option" classList={{ [`option--${mark()}`]: Boolean(mark()), "option--selected": props.selected.includes(option.id) }}>
                        <input
                          type={many() ? "checkbox" : "radio"}
                          name={id}
                          value={option.id}
                          checked={props.selected.includes(option.id)}
                          disabled={Boolean(props.review)}
                          onChange={() => choose(option.id)}
                        />
                        <span class="option__text">{option.text}</span>
                        <Mark mark={mark()} />
                      </label>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Show>
        }
      >
        {(image) => <SpotTheScam question={props.question} image={image()} selected={props.selected} review={props.review} onToggle={choose} />}
      </Show>
      <Show when={props.review?.explanation}>{(text) => <p class="question__explanation">{t("question.explanation", { text: text() })}</p>}</Show>
    </div>
  );
}

function Mark(props: { mark: ReturnType<typeof verdict> }) {
  const t = useMessages(playerMessages);
  const label = () => {
    switch (props.mark) {
      case "chosen-right":
        return `✓ ${t("question.chosenRight")}`;
      case "chosen-wrong":
        return `✗ ${t("question.chosenWrong")}`;
      case "right":
        return `✓ ${t("question.rightAnswer")}`;
      default:
        return undefined;
    }
  };
  return (
    <Show when={label()}>
      <span class="option__mark">{label()}</span>
    </Show>
  );
}

function SpotTheScam(props: {
  question: LearnerQuestion;
  image: NonNullable<LearnerQuestion["image"]>;
  selected: string[];
  review?: QuestionReview;
  onToggle: (optionId: string) => void;
}) {
  const t = useMessages(playerMessages);
  // Regions are in the picture's own pixels; without stated dimensions, wait for the picture's natural size.
  const [natural, setNatural] = createSignal<{ width: number; height: number }>();
  const size = () => (props.image.width && props.image.height ? { width: props.image.width, height: props.image.height } : natural());
  const percent = (value: number, of: number) => `${(value / of) * 100}%`;
  const chosenText = () =>
    props.question.options
      .filter((o) => props.selected.includes(o.id))
      .map((o) => o.text)
      .join(", ");

  return (
    <>
      <div class="spot" style={size() ? { "aspect-ratio": `${size()!.width} / ${size()!.height}` } : undefined}>
        <img
          class="spot__image"
          src={props.image.url}
          alt={props.image.alt ?? ""}
          width={props.image.width}
          height={props.image.height}
          decoding="async"
          onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
        />
        <Show when={size()}>
          {(box) => (
            <ul class="spot__regions" role="list" aria-label={t("question.spotRegions")}>
              <For each={props.question.options.filter((o) => o.region)}>
                {(option) => {
                  const region = option.region!;
                  const mark = () => verdict(props.review, props.selected, option.id);
                  return (
                    <li>
                      <button
                        type="button"
                        class="spot__region"
                        classList={{ [`spot__region--${mark()}`]: Boolean(mark()), "spot__region--pressed": props.selected.includes(option.id) }}
                        style={{
                          left: percent(region.x, box().width),
                          top: percent(region.y, box().height),
                          width: percent(region.w, box().width),
                          height: percent(region.h, box().height),
                        }}
                        aria-pressed={props.selected.includes(option.id)}
                        aria-disabled={props.review ? "true" : undefined}
                        onClick={() => props.onToggle(option.id)}
                      >
                        <span class="visually-hidden">{option.text}</span>
                        <Show when={props.selected.includes(option.id) || mark()}>
                          <span class="spot__badge" aria-hidden="true">
                            {mark() === "chosen-wrong" ? "✗" : mark() === "right" ? "!" : "✓"}
                          </span>
                        </Show>
                      </button>
                    </li>
                  );
                }}
              </For>
            </ul>
          )}
        </Show>
      </div>
      <Show
        when={props.review}
        fallback={
          <p class="spot__chosen" aria-live="polite">
            {chosenText() ? t("question.spotChosen", { list: chosenText() }) : t("question.spotNone")}
          </p>
        }
      >
        <ul class="options options--summary" role="list">
          <For each={props.question.options}>
            {(option) => {
              const mark = () => verdict(props.review, props.selected, option.id);
              return (
                <li class="option option--static" classList={{ [`option--${mark()}`]: Boolean(mark()) }}>
                  <span class="option__text">{option.text}</span>
                  <Mark mark={mark()} />
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </>
  );
}

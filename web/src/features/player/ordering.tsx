import type { LearnerQuestion } from "@kns/core/model";
import { For, Show } from "solid-js";
import { useMessages } from "../../i18n";
import { playerMessages } from "./messages";
import type { QuestionReview } from "./question-view";

type Option = LearnerQuestion["options"][number];

/**
 * "Put the steps in order" without dragging: tap a step to place it next; placed steps can be moved up or down
 * or taken back. Every control is a large button, so it works with one thumb, large text and a screen reader.
 * After grading it shows the learner's order and, once the quiz reveals it, the right one.
 */
export function OrderingView(props: {
  question: LearnerQuestion;
  order: Option[];
  selected: string[];
  onChange?: (ids: string[]) => void;
  review?: QuestionReview;
  labelledBy: string;
}) {
  const t = useMessages(playerMessages);
  const byId = () => new Map(props.question.options.map((o) => [o.id, o]));
  const placed = () => props.selected.map((id) => byId().get(id)).filter((o): o is Option => Boolean(o));
  const left = () => props.order.filter((o) => !props.selected.includes(o.id));
  const set = (ids: string[]) => props.onChange?.(ids);
  const moveBy = (index: number, by: number) => {
    const ids = [...props.selected];
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to]!, ids[index]!];
    set(ids);
  };

  return (
    <div class="ordering">
      <p class="ordering__heading">{t("order.yours", { n: placed().length, total: props.question.options.length })}</p>
      <Show when={placed().length} fallback={<p class="ordering__empty">{t("order.none")}</p>}>
        <ol class="ordering__placed" aria-live="polite">
          <For each={placed()}>
            {(option, index) => {
              const right = () => props.review?.correctOptionIds?.[index()];
              return (
                <li
                  class="ordering__step"
                  classList={{
                    "ordering__step--right": Boolean(right()) && right() === option.id,
                    "ordering__step--wrong": Boolean(right()) && right() !== option.id,
                  }}
                >
                  <span class="ordering__number" aria-hidden="true">
                    {index() + 1}
                  </span>
                  <span class="ordering__text">{option.text}</span>
                  <Show when={!props.review}>
                    <span class="ordering__actions">
                      <button
                        type="button"
                        class="ordering__button"
                        disabled={index() === 0}
                        aria-label={t("order.up", { text: option.text })}
                        onClick={() => moveBy(index(), -1)}
                      >
                        <span aria-hidden="true">↑</span>
                      </button>
                      <button
                        type="button"
                        class="ordering__button"
                        disabled={index() === placed().length - 1}
                        aria-label={t("order.down", { text: option.text })}
                        onClick={() => moveBy(index(), 1)}
                      >
                        <span aria-hidden="true">↓</span>
                      </button>
                      <button
                        type="button"
                        class="ordering__button"
                        aria-label={t("order.remove", { text: option.text })}
                        onClick={() => set(props.selected.filter((id) => id !== option.id))}
                      >
                        <span aria-hidden="true">✕</span>
                      </button>
                    </span>
                  </Show>
                </li>
              );
            }}
          </For>
        </ol>
      </Show>
      <Show when={!props.review && left().length}>
        <p class="ordering__heading">{t("order.left")}</p>
        <ul class="ordering__pool" role="list">
          <For each={left()}>
            {(option) => (
              <li>
                <button type="button" class="ordering__choice" aria-describedby={props.labelledBy} onClick={() => set([...props.selected, option.id])}>
                  <span class="ordering__plus" aria-hidden="true">
                    +
                  </span>
                  <span class="visually-hidden">{t("order.place", { n: props.selected.length + 1 })}</span>
                  <span>{option.text}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.review?.correctOptionIds}>
        {(right) => (
          <>
            <p class="ordering__heading">{t("order.right")}</p>
            <ol class="ordering__placed ordering__placed--answer">
              <For each={right()}>
                {(id, index) => (
                  <li class="ordering__step">
                    <span class="ordering__number" aria-hidden="true">
                      {index() + 1}
                    </span>
                    <span class="ordering__text">{byId().get(id)?.text}</span>
                  </li>
                )}
              </For>
            </ol>
          </>
        )}
      </Show>
    </div>
  );
}

import {
  SCENARIO_ACTION_SPECS,
  SCENARIO_ACTIONS,
  SCENARIO_LIMITS as S,
  SCENARIO_PROBLEM_CODES,
  SCENARIO_SCREENS,
  type ProblemCode,
  type Scenario,
  type ScenarioAction,
  type ScenarioChoice,
  type ScenarioEnding,
  type ScenarioMessage,
  type ScenarioScreen,
  type ScenarioStep,
} from "@kns/core/model";
import { For, Show } from "solid-js";
import { reconcile, unwrap } from "solid-js/store";
import { useMessages } from "../../../i18n";
import { move, nextId, type ScenarioLesson } from "../model";
import { CheckField, MediaPicker, SelectField, TextField } from "./fields";
import { ReorderButtons } from "./reorder";
import { scenarioEditorMessages } from "./scenario-messages";
import { focusPath, showPreview, useEditor } from "./state";
import "./scenario.css";

/**
 * The problems of the scenario's graph, shown live beside the part they are about (a dead end under the step's
 * choices, a choice leading nowhere under its target…). Missing text is left to the fields themselves, which say
 * so once the trainer tries to save or publish, like every other field. A loop shows under the step whose choice
 * goes back.
 */
const GRAPH_CODES = new Set<ProblemCode>(SCENARIO_PROBLEM_CODES.filter((code) => code !== "scenarioText"));

type Path = (string | number)[];

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(unwrap(value))) as T;

/**
 * A scenario lesson's form: the phone screen and who calls; the warning signs; the steps (what the phone shows,
 * the signs at that step, and up to four choices, each leading to a step or an ending); the endings; the start.
 * Ids are made here and never shown as something to type: learners' plays and analytics key on them.
 */
export function ScenarioFields(props: { lesson: ScenarioLesson; path: string; at: Path }) {
  const editor = useEditor();
  const t = useMessages(scenarioEditorMessages);
  const scenario = () => props.lesson.scenario;
  const base = () => `${props.path}.scenario`;
  const at = (...rest: Path): Path => [...props.at, "scenario", ...rest];
  const set = (path: Path, value: unknown) => editor.set(at(...path), value);
  const nodeIds = () => [...scenario().steps.map((s) => s.id), ...scenario().endings.map((e) => e.id)];
  const choiceIds = () => scenario().steps.flatMap((s) => s.choices.map((c) => c.id));

  /** Replaces the whole scenario with a changed copy (for edits that touch several parts at once). */
  function change(edit: (draft: Scenario) => void) {
    const draft = clone(scenario());
    edit(draft);
    editor.set(at(), reconcile(draft));
  }

  const screens = () => SCENARIO_SCREENS.map((value) => ({ value, label: t(`scn.screen.${value}`) }));
  const stepLabel = (step: ScenarioStep) => {
    const n = scenario().steps.indexOf(step) + 1;
    const text = step.messages[0]?.text.trim();
    return t("scn.nextStep", { n, text: text ? (text.length > 40 ? `${text.slice(0, 40).trimEnd()}…` : text) : t("scn.noText") });
  };
  const endingLabel = (ending: ScenarioEnding) =>
    t("scn.nextEnding", { title: ending.title.trim() || t("scn.untitled"), outcome: t(`scn.outcome.${ending.outcome}`) });
  /** Where a choice (or the start) can lead: every step, then every ending, and what it names now if that is gone. */
  const targets = (current: string, withEndings: boolean) => {
    const options = [
      ...scenario().steps.map((step) => ({ value: step.id, label: stepLabel(step) })),
      ...(withEndings ? scenario().endings.map((ending) => ({ value: ending.id, label: endingLabel(ending) })) : []),
    ];
    return options.some((o) => o.value === current) ? options : [{ value: current, label: t("scn.nextMissing", { id: current }) }, ...options];
  };

  function addSign() {
    const id = nextId(
      "sign",
      scenario().signs.map((s) => s.id),
    );
    set(["signs"], (list: Scenario["signs"]) => [...list, { id, text: "" }]);
    setTimeout(() => focusPath(`${base()}.signs.${scenario().signs.length - 1}.text`), 0);
  }

  /** A sign goes from every step and choice that named it too, so nothing points at a sign that is gone. */
  function removeSign(id: string) {
    change((draft) => {
      draft.signs = draft.signs.filter((s) => s.id !== id);
      for (const step of draft.steps) {
        if (step.signs) step.signs = step.signs.filter((s) => s !== id);
        if (step.signs?.length === 0) delete step.signs;
        for (const choice of step.choices) {
          if (choice.caught) choice.caught = choice.caught.filter((s) => s !== id);
          if (choice.caught?.length === 0) delete choice.caught;
        }
      }
    });
  }

  function addStep() {
    const step: ScenarioStep = { id: nextId("s", nodeIds()), messages: [{ from: "them", text: "" }], choices: [] };
    set(["steps"], (list: ScenarioStep[]) => [...list, step]);
    setTimeout(() => focusPath(`${base()}.steps.${scenario().steps.length - 1}.messages.0.text`), 0);
  }

  function addEnding() {
    const ending: ScenarioEnding = { id: nextId("e", nodeIds()), outcome: "safe", title: "", body: "" };
    set(["endings"], (list: ScenarioEnding[]) => [...list, ending]);
    setTimeout(() => focusPath(`${base()}.endings.${scenario().endings.length - 1}.title`), 0);
  }

  return (
    <div class="sc" data-path={base()} tabindex="-1">
      <p class="muted">{t("scn.intro")}</p>
      <div class="t-grid">
        <SelectField
          label={t("scn.screen")}
          value={scenario().screen}
          options={screens()}
          path={`${base()}.screen`}
          onChange={(screen) => set(["screen"], screen)}
        />
        <TextField
          label={t("scn.contact")}
          hint={t("scn.contactHint")}
          value={scenario().contact}
          path={`${base()}.contact`}
          maxLength={S.contact}
          onInput={(contact) => set(["contact"], contact)}
        />
      </div>
      <SelectField
        label={t("scn.start")}
        value={scenario().start}
        options={targets(scenario().start, false)}
        path={`${base()}.start`}
        onChange={(start) => set(["start"], start)}
      />
      <Problems at={`${base()}.start`} />

      <section class="sc-section" aria-labelledby={`${props.lesson.id}-signs`}>
        <h5 class="t-subheading" id={`${props.lesson.id}-signs`}>
          {t("scn.signs", { n: scenario().signs.length })}
        </h5>
        <p class="field__hint">{t("scn.signsHint")}</p>
        <Show when={scenario().signs.length === 0}>
          <p class="muted">{t("scn.signsEmpty")}</p>
        </Show>
        <ol class="sc-list">
          <For each={scenario().signs}>
            {(sign, index) => (
              <li>
                <div class="sc-row">
                  <TextField
                    label={t("scn.sign", { n: index() + 1 })}
                    value={sign.text}
                    path={`${base()}.signs.${index()}.text`}
                    maxLength={S.signText}
                    onInput={(text) => set(["signs", index(), "text"], text)}
                  />
                  <DeleteButton label={t("scn.signDelete", { n: index() + 1 })} onClick={() => removeSign(sign.id)} />
                </div>
                <Problems at={`${base()}.signs.${index()}.id`} />
              </li>
            )}
          </For>
        </ol>
        <button type="button" class="button button--secondary" disabled={scenario().signs.length >= S.signs} onClick={addSign}>
          + {t("scn.signAdd")}
        </button>
      </section>

      <section class="sc-section" aria-labelledby={`${props.lesson.id}-steps`}>
        <h5 class="t-subheading" id={`${props.lesson.id}-steps`} data-path={`${base()}.steps`} tabindex="-1">
          {t("scn.steps", { n: scenario().steps.length })}
        </h5>
        <Problems at={`${base()}.steps`} />
        <ol class="sc-list">
          <For each={scenario().steps}>
            {(step, index) => (
              <StepFields
                step={step}
                index={index()}
                scenario={scenario()}
                base={base()}
                at={at("steps", index())}
                targets={(current) => targets(current, true)}
                newChoiceId={() => nextId("c", choiceIds())}
                onMove={(to) => set(["steps"], (list: ScenarioStep[]) => move(list, index(), to))}
                onRemove={() => {
                  if (window.confirm(t("scn.stepConfirmDelete", { n: index() + 1 })))
                    set(["steps"], (list: ScenarioStep[]) => list.filter((_, i) => i !== index()));
                }}
              />
            )}
          </For>
        </ol>
        <button type="button" class="button button--secondary" disabled={scenario().steps.length >= S.steps} onClick={addStep}>
          + {t("scn.stepAdd")}
        </button>
      </section>

      <section class="sc-section" aria-labelledby={`${props.lesson.id}-endings`}>
        <h5 class="t-subheading" id={`${props.lesson.id}-endings`} data-path={`${base()}.endings`} tabindex="-1">
          {t("scn.endings", { n: scenario().endings.length })}
        </h5>
        <Problems at={`${base()}.endings`} />
        <ol class="sc-list">
          <For each={scenario().endings}>
            {(ending, index) => (
              <li class="t-sub sc-node" classList={{ "sc-node--scammed": ending.outcome === "scammed" }}>
                <div class="sc-node__head" data-path={`${base()}.endings.${index()}`} tabindex="-1">
                  <h6 class="sc-node__title">{t("scn.ending", { n: index() + 1 })}</h6>
                  <DeleteButton
                    label={t("scn.endingDelete", { n: index() + 1 })}
                    onClick={() => {
                      if (window.confirm(t("scn.endingConfirmDelete", { n: index() + 1 })))
                        set(["endings"], (list: ScenarioEnding[]) => list.filter((_, i) => i !== index()));
                    }}
                  />
                </div>
                <Problems at={`${base()}.endings.${index()}`} />
                <Problems at={`${base()}.endings.${index()}.id`} />
                <SelectField
                  label={t("scn.endingOutcome", { n: index() + 1 })}
                  value={ending.outcome}
                  options={[
                    { value: "safe" as const, label: t("scn.outcomeSafeLong") },
                    { value: "scammed" as const, label: t("scn.outcomeScammedLong") },
                  ]}
                  path={`${base()}.endings.${index()}.outcome`}
                  onChange={(outcome) => set(["endings", index(), "outcome"], outcome)}
                />
                <TextField
                  label={t("scn.endingTitle", { n: index() + 1 })}
                  value={ending.title}
                  path={`${base()}.endings.${index()}.title`}
                  maxLength={S.endingTitle}
                  onInput={(title) => set(["endings", index(), "title"], title)}
                />
                <TextField
                  label={t("scn.endingBody", { n: index() + 1 })}
                  value={ending.body}
                  path={`${base()}.endings.${index()}.body`}
                  maxLength={S.endingBody}
                  multiline
                  rows={4}
                  onInput={(body) => set(["endings", index(), "body"], body)}
                />
              </li>
            )}
          </For>
        </ol>
        <button type="button" class="button button--secondary" disabled={scenario().endings.length >= S.endings} onClick={addEnding}>
          + {t("scn.endingAdd")}
        </button>
      </section>

      <button
        type="button"
        class="button button--secondary sc-preview"
        onClick={() => showPreview(editor, { kind: "lesson", id: props.lesson.id }, `${base()}.start`)}
      >
        {t("scn.preview")}
      </button>
    </div>
  );
}

function StepFields(props: {
  step: ScenarioStep;
  index: number;
  scenario: Scenario;
  base: string;
  at: Path;
  targets: (current: string) => { value: string; label: string }[];
  newChoiceId: () => string;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const editor = useEditor();
  const t = useMessages(scenarioEditorMessages);
  const path = () => `${props.base}.steps.${props.index}`;
  const set = (rest: Path, value: unknown) => editor.set([...props.at, ...rest], value);
  const name = () => t("scn.step", { n: props.index + 1 });
  const screen = (): ScenarioScreen => props.step.screen ?? props.scenario.screen;

  function addMessage() {
    set(["messages"], (list: ScenarioMessage[]) => [...list, { from: "them", text: "" }]);
    setTimeout(() => focusPath(`${path()}.messages.${props.step.messages.length - 1}.text`), 0);
  }

  function addChoice() {
    // A new choice leads to the first ending until the trainer picks where: never to nowhere.
    const next = props.scenario.endings[0]?.id ?? props.step.id;
    const choice: ScenarioChoice = { id: props.newChoiceId(), action: "reply", text: "", next };
    set(["choices"], (list: ScenarioChoice[]) => [...list, choice]);
    setTimeout(() => focusPath(`${path()}.choices.${props.step.choices.length - 1}.action`), 0);
  }

  return (
    <li class="t-sub sc-node">
      <div class="sc-node__head" data-path={path()} tabindex="-1">
        <h6 class="sc-node__title">
          {name()}
          <Show when={props.scenario.start === props.step.id}>
            <span class="t-badge sc-start">{t("scn.stepStart")}</span>
          </Show>
        </h6>
        <span class="t-item__actions">
          <ReorderButtons index={props.index} count={props.scenario.steps.length} name={name()} onMove={props.onMove} />
          <DeleteButton label={t("scn.stepDelete", { n: props.index + 1 })} onClick={props.onRemove} />
        </span>
      </div>
      <Problems at={path()} />
      <Problems at={`${path()}.id`} />
      <SelectField
        label={t("scn.stepScreen")}
        value={props.step.screen ?? ""}
        options={[
          { value: "", label: t("scn.stepScreenSame", { screen: t(`scn.screen.${props.scenario.screen}`) }) },
          ...SCENARIO_SCREENS.map((value) => ({ value, label: t(`scn.screen.${value}`) })),
        ]}
        path={`${path()}.screen`}
        onChange={(value) => set(["screen"], value || undefined)}
      />

      <fieldset class="sc-group" data-path={`${path()}.messages`} tabindex="-1">
        <legend class="sc-group__legend">{t("scn.messages")}</legend>
        <ol class="sc-list">
          <For each={props.step.messages}>
            {(message, m) => (
              <li class="sc-message">
                <div class="sc-row">
                  <SelectField
                    label={t("scn.messageFrom", { n: m() + 1 })}
                    value={message.from}
                    options={(["them", "me", "system"] as const).map((value) => ({ value, label: t(`scn.from.${value}`) }))}
                    path={`${path()}.messages.${m()}.from`}
                    onChange={(from) => set(["messages", m(), "from"], from)}
                  />
                  <DeleteButton
                    label={t("scn.messageDelete", { n: m() + 1 })}
                    disabled={props.step.messages.length <= S.messages.min}
                    onClick={() => set(["messages"], (list: ScenarioMessage[]) => list.filter((_, i) => i !== m()))}
                  />
                </div>
                <TextField
                  label={t("scn.messageText", { n: m() + 1 })}
                  value={message.text}
                  path={`${path()}.messages.${m()}.text`}
                  maxLength={S.messageText}
                  multiline
                  rows={3}
                  onInput={(text) => set(["messages", m(), "text"], text)}
                />
                <Show when={message.from === "them" || message.audio}>
                  <MediaPicker
                    kind="audio"
                    label={t("scn.messageAudio", { n: m() + 1 })}
                    hint={t("scn.messageAudioHint")}
                    src={message.audio}
                    path={`${path()}.messages.${m()}.audio`}
                    onUploaded={(file) => set(["messages", m(), "audio"], file.src)}
                  />
                  <Show when={message.audio}>
                    <button type="button" class="link-button t-link-button" onClick={() => set(["messages", m(), "audio"], undefined)}>
                      {t("scn.messageAudioRemove", { n: m() + 1 })}
                    </button>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ol>
        <button type="button" class="t-chip" disabled={props.step.messages.length >= S.messages.max} onClick={addMessage}>
          + {t("scn.messageAdd")}
        </button>
      </fieldset>

      <Show when={screen() === "web" || props.step.link !== undefined}>
        <TextField
          label={t("scn.link")}
          hint={t("scn.linkHint")}
          inputMode="url"
          value={props.step.link}
          path={`${path()}.link`}
          maxLength={S.link}
          onInput={(link) => set(["link"], link || undefined)}
        />
      </Show>

      <SignChecks
        legend={t("scn.stepSigns")}
        hint={t("scn.stepSignsHint")}
        scenario={props.scenario}
        chosen={props.step.signs ?? []}
        path={`${path()}.signs`}
        onChange={(signs) => set(["signs"], signs.length ? signs : undefined)}
      />

      <fieldset class="sc-group" data-path={`${path()}.choices`} tabindex="-1">
        <legend class="sc-group__legend">{t("scn.choices", { n: props.step.choices.length, max: S.choices.max })}</legend>
        <Problems at={`${path()}.choices`} />
        <ol class="sc-list">
          <For each={props.step.choices}>
            {(choice, c) => (
              <li class="sc-choice">
                <div class="sc-row">
                  <SelectField
                    label={t("scn.choiceAction", { n: c() + 1 })}
                    value={choice.action}
                    options={SCENARIO_ACTIONS.map((value: ScenarioAction) => ({
                      value,
                      label: SCENARIO_ACTION_SPECS[value].safe ? t("scn.safeHabit", { action: t(`scn.action.${value}`) }) : t(`scn.action.${value}`),
                    }))}
                    path={`${path()}.choices.${c()}.action`}
                    onChange={(action) => set(["choices", c(), "action"], action)}
                  />
                  <DeleteButton
                    label={t("scn.choiceDelete", { n: c() + 1 })}
                    onClick={() => set(["choices"], (list: ScenarioChoice[]) => list.filter((_, i) => i !== c()))}
                  />
                </div>
                <TextField
                  label={t("scn.choiceText", { n: c() + 1 })}
                  hint={t("scn.choiceTextHint")}
                  value={choice.text}
                  path={`${path()}.choices.${c()}.text`}
                  maxLength={S.choiceText}
                  onInput={(text) => set(["choices", c(), "text"], text)}
                />
                <SelectField
                  label={t("scn.choiceNext", { n: c() + 1 })}
                  value={choice.next}
                  options={props.targets(choice.next)}
                  path={`${path()}.choices.${c()}.next`}
                  onChange={(next) => set(["choices", c(), "next"], next)}
                />
                <Problems at={`${path()}.choices.${c()}.next`} />
                <Problems at={`${path()}.choices.${c()}.id`} />
                <SignChecks
                  legend={t("scn.choiceCaught")}
                  scenario={props.scenario}
                  chosen={choice.caught ?? []}
                  path={`${path()}.choices.${c()}.caught`}
                  onChange={(caught) => set(["choices", c(), "caught"], caught.length ? caught : undefined)}
                />
              </li>
            )}
          </For>
        </ol>
        <button type="button" class="t-chip" disabled={props.step.choices.length >= S.choices.max} onClick={addChoice}>
          + {t("scn.choiceAdd")}
        </button>
      </fieldset>
    </li>
  );
}

/** Ticks for the scenario's signs (and any a step still names that no longer exist, so they can be unticked). */
function SignChecks(props: { legend: string; hint?: string; scenario: Scenario; chosen: string[]; path: string; onChange: (ids: string[]) => void }) {
  const t = useMessages(scenarioEditorMessages);
  const options = () => {
    const known = props.scenario.signs.map((sign, i) => ({ id: sign.id, label: sign.text.trim() || t("scn.sign", { n: i + 1 }) }));
    const unknown = props.chosen.filter((id) => !known.some((k) => k.id === id)).map((id) => ({ id, label: t("scn.unknownSign", { id }) }));
    return [...known, ...unknown];
  };
  const toggle = (id: string, on: boolean) => {
    const order = options().map((o) => o.id);
    const next = on ? [...props.chosen, id] : props.chosen.filter((s) => s !== id);
    props.onChange(order.filter((o) => next.includes(o)));
  };
  return (
    <Show when={options().length}>
      <fieldset class="sc-group sc-checks" data-path={props.path} tabindex="-1">
        <legend class="sc-group__legend">{props.legend}</legend>
        <Show when={props.hint}>
          <p class="field__hint">{props.hint}</p>
        </Show>
        <Problems at={props.path} />
        <For each={options()}>
          {(option) => <CheckField label={option.label} checked={props.chosen.includes(option.id)} onChange={(on) => toggle(option.id, on)} />}
        </For>
      </fieldset>
    </Show>
  );
}

/** The graph's problems at exactly this place, worded in the trainer's language. */
function Problems(props: { at: string }) {
  const editor = useEditor();
  const t = useMessages(scenarioEditorMessages);
  const here = () => editor.findings().filter((f) => f.path === props.at && GRAPH_CODES.has(f.code));
  return (
    <Show when={here().length}>
      <ul class="sc-problems">
        <For each={here()}>
          {(problem) => (
            <li class="sc-problem">
              <span aria-hidden="true">! </span>
              {t(`problem.${problem.code}`, problem.params)}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

function DeleteButton(props: { label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      class="t-icon-button t-icon-button--danger"
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      onClick={() => props.onClick()}
    >
      <span aria-hidden="true">✕</span>
    </button>
  );
}

import {
  playScenario,
  SCENARIO_LIMITS,
  type Scenario,
  type ScenarioChoice,
  type ScenarioMessage,
  type ScenarioOutcome,
  type ScenarioScreen,
  type ScenarioStep,
} from "@kns/core/model";
import { batch, createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { useMessages } from "../../i18n";
import { ReadAloud } from "../learner/read-aloud";
import { simulatorMessages } from "./messages";
import "./simulator.css";

/** One play through a scenario, from the start to an ending, as the phone replayed it. */
export interface ScenarioPlay {
  /** Made when the play starts: the outbox and the server key the play on it, so recording it twice counts once. */
  id: string;
  /** The choice ids in order (what the server replays). */
  path: string[];
  outcome: ScenarioOutcome;
}

export interface ScenarioPlayerProps {
  scenario: Scenario;
  /** Called once per play, when it reaches an ending. */
  onPlayed?: (play: ScenarioPlay) => void;
  /** The learner app: a safe ending completes the lesson and a scammed one does not, and the ending says so. */
  graded?: boolean;
}

interface Passed {
  step: ScenarioStep;
  choice: ScenarioChoice;
}

const screenOf = (scenario: Scenario, step: ScenarioStep): ScenarioScreen => step.screen ?? scenario.screen;

/**
 * The scam simulator: a mock phone (no real brand's look) plays the scenario a step at a time; the learner's
 * choice moves along the graph, and the ending says what happened, why, and which warning signs they caught or
 * missed (computed here by the model's `playScenario`, so it shows at once with no network; the server replays
 * the same path to grade it).
 *
 * For a screen reader: the phone is a labelled region; after a choice (the button pressed is gone) focus goes to
 * the first new line on the phone, which the reader reads out, then the rest in order, "Bạn sẽ làm gì?" and the
 * choices; at an ending, to its title. No live region as well: one that speaks while focus moves is cut short
 * (TalkBack), and the same words twice in a row are not read again.
 *
 * The way on after an ending is the page's (the lesson's own "Bài tiếp theo"); the ending offers "Chơi lại".
 */
export default function ScenarioPlayer(props: ScenarioPlayerProps) {
  const t = useMessages(simulatorMessages);
  const [path, setPath] = createSignal<string[]>([]);
  const [playId, setPlayId] = createSignal(crypto.randomUUID());
  let reported: string | undefined;
  let endingTitle: HTMLHeadingElement | undefined;
  let unplayable: HTMLDivElement | undefined;
  let firstNew: HTMLLIElement | undefined;

  const steps = createMemo(() => new Map(props.scenario.steps.map((step) => [step.id, step])));
  const endings = createMemo(() => new Map(props.scenario.endings.map((ending) => [ending.id, ending])));
  const contact = () => props.scenario.contact.trim() || t("sim.unknownContact");

  /** Where the choices made so far lead, and the steps passed on the way. */
  const walk = createMemo(() => {
    const passed: Passed[] = [];
    let at = props.scenario.start;
    for (const id of path()) {
      const step = steps().get(at);
      const choice = step?.choices.find((c) => c.id === id);
      if (!step || !choice) break;
      passed.push({ step, choice });
      at = choice.next;
    }
    return { passed, at };
  });
  const step = () => steps().get(walk().at);
  const ending = () => endings().get(walk().at);
  const outcome = createMemo(() => (ending() ? playScenario(props.scenario, path()) : undefined));
  /**
   * An ending reached that the model will not grade (a path longer than SCENARIO_LIMITS.path, which only a cyclic
   * scenario published before cycles were refused allows): the server would refuse it too, so say so rather
   * than show an ending that is never recorded.
   */
  const ungraded = () => Boolean(ending()) && !outcome();

  /** What the phone shows: the steps passed on the current screen (a thread grows; a new screen starts afresh), then this one. */
  const thread = createMemo(() => {
    const current = step();
    if (!current) return { screen: props.scenario.screen, passed: [] as Passed[], current };
    const screen = screenOf(props.scenario, current);
    const passed = walk().passed;
    let from = passed.length;
    while (from > 0 && screenOf(props.scenario, passed[from - 1]!.step) === screen) from--;
    return { screen, passed: passed.slice(from), current };
  });
  const link = () => {
    const { passed, current } = thread();
    return [current, ...passed.map((p) => p.step).reverse()].find((s) => s?.link)?.link;
  };

  createEffect(
    on(outcome, (result) => {
      if (!result || reported === playId()) return;
      reported = playId();
      props.onPlayed?.({ id: playId(), path: [...path()], outcome: result });
    }),
  );

  const who = (message: ScenarioMessage) =>
    message.from === "me" ? t("sim.me") : message.from === "system" ? t("sim.system") : t("sim.them", { contact: contact() });

  function choose(choice: ScenarioChoice) {
    setPath((current) => [...current, choice.id]);
    const target = ending() ? (ungraded() ? unplayable : endingTitle) : firstNew;
    target?.scrollIntoView?.({ block: "start" });
    target?.focus({ preventScroll: true });
  }

  function again() {
    batch(() => {
      setPath([]);
      setPlayId(crypto.randomUUID());
    });
    firstNew?.scrollIntoView?.({ block: "start" });
    firstNew?.focus({ preventScroll: true });
  }

  /** What "read aloud" reads: what the phone shows now and the choices, or the ending. */
  const spoken = () => {
    const end = ending();
    if (end) return [end.title, end.body].join(". ");
    const current = step();
    if (!current) return "";
    return [...current.messages.map((m) => `${who(m)} ${m.text}`), t("sim.question"), ...current.choices.map((c) => c.text)].join(".\n");
  };

  const Message = (message: ScenarioMessage, first: boolean) => (
    <li
      ref={(element) => {
        if (first) firstNew = element;
      }}
      class={`sim-msg sim-msg--${message.from}`}
      tabindex={first ? "-1" : undefined}
    >
      <span class="visually-hidden">{who(message)} </span>
      <span class="sim-msg__text">{message.text}</span>
      <Show when={message.audio}>
        <audio class="sim-msg__audio" controls preload="none" src={message.audio} aria-label={t("sim.listen")}>
          {t("sim.audioUnsupported")}
        </audio>
      </Show>
    </li>
  );

  const Thread = () => (
    <ol class="sim-thread" role="list">
      <For each={thread().passed}>
        {(passed) => (
          <>
            <For each={passed.step.messages}>{(message) => Message(message, false)}</For>
            <li class="sim-chose">{t("sim.chose", { text: passed.choice.text })}</li>
          </>
        )}
      </For>
      <For each={thread().current?.messages ?? []}>{(message, index) => Message(message, index() === 0)}</For>
    </ol>
  );

  /** The contact's first letter, as phones show it; a number gets a handset, not its first digit. */
  const initial = () => {
    const first = contact()
      .replace(/^[^\p{L}\p{N}]+/u, "")
      .charAt(0)
      .toUpperCase();
    return !first || /\p{N}/u.test(first) ? "☎" : first;
  };

  return (
    <div class="sim">
      <p class="sim__intro">{t("sim.intro")}</p>
      <ReadAloud text={spoken} />
      <Switch>
        <Match when={step()}>
          {(current) => (
            <>
              <section class={`sim-phone sim-phone--${thread().screen}`} aria-label={t("sim.phoneLabel", { contact: contact() })}>
                <div class="sim-status" aria-hidden="true">
                  <span>08:30</span>
                  <span class="sim-status__icons">3G ▮▮▮▯</span>
                </div>
                <div class="sim-screen">
                  <Switch>
                    <Match when={thread().screen === "call"}>
                      <div class="sim-call">
                        <span class="sim-avatar" aria-hidden="true">
                          {initial()}
                        </span>
                        <p class="sim-call__name">{contact()}</p>
                        <p class="sim-call__state">{thread().passed.length ? t("sim.call.ongoing") : t("sim.call.incoming")}</p>
                      </div>
                      <p class="sim-call__says">{t("sim.call.says")}</p>
                    </Match>
                    <Match when={thread().screen === "web"}>
                      <p class="sim-web__bar">
                        <span class="visually-hidden">{t("sim.web.address")}: </span>
                        <span class="sim-web__link">{link() ?? t("sim.web.noAddress")}</span>
                      </p>
                    </Match>
                    <Match when={thread().screen === "notification"}>
                      <p class="sim-app-bar">{t("sim.notification.app")}</p>
                      <p class="sim-notification__source">
                        <span class="sim-app-icon" aria-hidden="true" />
                        {t("sim.notification.source")} · {contact()}
                      </p>
                    </Match>
                    <Match when={true}>
                      <p class="sim-app-bar">
                        <span class="sim-avatar sim-avatar--small" aria-hidden="true">
                          {initial()}
                        </span>
                        <span class="sim-app-bar__who">
                          <span class="sim-app-bar__name">{contact()}</span>
                          <span class="sim-app-bar__app">{thread().screen === "sms" ? t("sim.sms.app") : t("sim.chat.app")}</span>
                        </span>
                      </p>
                    </Match>
                  </Switch>
                  <Thread />
                </div>
              </section>
              <section class="sim-choices" aria-labelledby="sim-question">
                <h2 id="sim-question" class="sim-choices__question">
                  {t("sim.question")}
                </h2>
                <ul class="sim-choices__list" role="list">
                  <For each={current().choices}>
                    {(choice) => (
                      <li>
                        <button type="button" class="sim-choice" onClick={() => choose(choice)}>
                          {choice.text}
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </>
          )}
        </Match>
        <Match when={ungraded()}>
          <div class="sim-broken" role="alert" ref={unplayable} tabindex="-1">
            <p>{t("sim.tooLong", { max: SCENARIO_LIMITS.path })}</p>
            <button type="button" class="button button--primary" onClick={again}>
              {t("sim.again")}
            </button>
          </div>
        </Match>
        <Match when={ending()}>
          {(end) => (
            <section class={`sim-ending sim-ending--${end().outcome}`} aria-labelledby="sim-ending-title">
              <p class="sim-ending__badge">
                <span aria-hidden="true">{end().outcome === "safe" ? "✓ " : "✗ "}</span>
                {end().outcome === "safe" ? t("sim.safe") : t("sim.scammed")}
              </p>
              <h2 id="sim-ending-title" class="sim-ending__title" ref={endingTitle} tabindex="-1">
                {end().title}
              </h2>
              <p class="sim-ending__body">{end().body}</p>
              <Show when={props.graded}>
                <p class="sim-ending__grade">{end().outcome === "safe" ? t("sim.safeDone") : t("sim.scammedRetry")}</p>
              </Show>
              <SignList title={t("sim.caught")} mark="✓" label={t("sim.caughtMark")} kind="caught" ids={outcome()?.caught ?? []} scenario={props.scenario} />
              <SignList title={t("sim.missed")} mark="!" label={t("sim.missedMark")} kind="missed" ids={outcome()?.missed ?? []} scenario={props.scenario} />
              <div class="sim-ending__actions">
                {/* After a scam, playing again is the thing to do; after a safe ending, going on (the page's button). */}
                <button type="button" class={`button ${end().outcome === "safe" ? "button--secondary" : "button--primary"}`} onClick={again}>
                  {t("sim.again")}
                </button>
              </div>
            </section>
          )}
        </Match>
        <Match when={true}>
          <div class="sim-broken" role="alert">
            <p>{t("sim.broken")}</p>
            <button type="button" class="button button--secondary" onClick={again}>
              {t("sim.again")}
            </button>
          </div>
        </Match>
      </Switch>
    </div>
  );
}

function SignList(props: { title: string; mark: string; label: string; kind: "caught" | "missed"; ids: string[]; scenario: Scenario }) {
  const text = (id: string) => props.scenario.signs.find((sign) => sign.id === id)?.text ?? id;
  return (
    <Show when={props.ids.length}>
      <h3 class="sim-signs__title">{props.title}</h3>
      <ul class={`sim-signs sim-signs--${props.kind}`} role="list">
        <For each={props.ids}>
          {(id) => (
            <li class="sim-sign">
              <span class="sim-sign__mark" aria-hidden="true">
                {props.mark}
              </span>
              <span class="visually-hidden">{props.label} </span>
              {text(id)}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

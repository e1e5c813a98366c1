/**
 * The scam simulator (issue 19): a lesson kind in which a mock phone plays a real scam step by step and the
 * learner decides what to do at each step. The scenario is a graph: steps with choices, each choice leading to
 * another step or to an ending. An ending is either `safe` (the learner stopped before the damage) or `scammed`.
 * Behaviour is what is graded: the server replays the learner's choices (`playScenario`) and records whether the
 * ending was safe; only a safe ending completes the lesson (the learner may play again as often as they like).
 *
 * Runtime-free: the server's schema, the publish rules, the trainer's editor and the learner's player all use
 * these types, limits and checks.
 */

/** What the mock phone shows: an incoming call, an SMS thread, a chat app, a bank app notification or a web page. */
export const SCENARIO_SCREENS = ["call", "sms", "chat", "notification", "web"] as const;
export type ScenarioScreen = (typeof SCENARIO_SCREENS)[number];

/**
 * What the learner can do at a step. The registry below says which are safe habits (stopping, checking through a
 * trusted channel, reporting) and which hand the scammer something; the scenario's own branches decide what
 * happens next.
 */
export const SCENARIO_ACTIONS = [
  "reply",
  "tap-link",
  "give-otp",
  "give-info",
  "transfer",
  "scan-qr",
  "install-app",
  "call-back",
  "hang-up",
  "block",
  "report",
  "ask-relative",
  "check-official",
  "ignore",
] as const;
export type ScenarioAction = (typeof SCENARIO_ACTIONS)[number];

export interface ScenarioActionSpec {
  /** A habit the course teaches as safe (hang up, block, report to 156/5656, ask a relative, check the official channel, ignore). */
  safe: boolean;
}
export const SCENARIO_ACTION_SPECS: Record<ScenarioAction, ScenarioActionSpec> = {
  reply: { safe: false },
  "tap-link": { safe: false },
  "give-otp": { safe: false },
  "give-info": { safe: false },
  transfer: { safe: false },
  "scan-qr": { safe: false },
  "install-app": { safe: false },
  "call-back": { safe: false },
  "hang-up": { safe: true },
  block: { safe: true },
  report: { safe: true },
  "ask-relative": { safe: true },
  "check-official": { safe: true },
  ignore: { safe: true },
};

export const SCENARIO_LIMITS = {
  /** Steps in one scenario (a longer one is refused at publish). */
  steps: 40,
  endings: 10,
  signs: 12,
  choices: { min: 1, max: 4 },
  messages: { min: 1, max: 8 },
  messageText: 600,
  choiceText: 200,
  contact: 80,
  link: 300,
  endingTitle: 160,
  endingBody: 2000,
  signText: 300,
  /**
   * The longest path a learner can send back. A publishable scenario has no cycle, so no path passes a step
   * twice: a choice per step at most, within `steps`.
   */
  path: 40,
} as const;

/** A warning sign the scenario teaches (e.g. "a police officer never settles a case over the phone"). */
export interface ScenarioSign {
  id: string;
  text: string;
}

/** A line on the mock phone: the other side says it (caller, sender), the learner said it, or the phone shows it. */
export interface ScenarioMessage {
  from: "them" | "me" | "system";
  text: string;
  /** Optional recording of what the caller says (a media file of the course); the text is always shown too. */
  audio?: string;
}

export interface ScenarioChoice {
  id: string;
  action: ScenarioAction;
  /** What the learner does, in their words ("Cúp máy", "Bấm vào đường link"). */
  text: string;
  /** The step or ending this choice leads to. */
  next: string;
  /** Warning signs this choice shows the learner noticed (safe choices) — the ending names them as caught. */
  caught?: string[];
}

export interface ScenarioStep {
  id: string;
  /** The screen at this step; absent means the scenario's. A scam often moves from a call to a chat or a web page. */
  screen?: ScenarioScreen;
  messages: ScenarioMessage[];
  /** The address shown in the browser bar on a `web` screen. */
  link?: string;
  /** Warning signs visible at this step: the ending names those the learner went past without acting as missed. */
  signs?: string[];
  choices: ScenarioChoice[];
}

export interface ScenarioEnding {
  id: string;
  outcome: "safe" | "scammed";
  title: string;
  /** What happened and why (markdown-free plain text, shown on the phone). */
  body: string;
}

export interface Scenario {
  screen: ScenarioScreen;
  /** Who calls or writes, as the phone shows it (a number or a made-up name, never a real brand). */
  contact: string;
  start: string;
  steps: ScenarioStep[];
  endings: ScenarioEnding[];
  signs: ScenarioSign[];
}

/** What is wrong with a scenario's graph, with the path to the problem inside the scenario. */
export const SCENARIO_PROBLEM_CODES = [
  "scenarioTooManySteps",
  "scenarioNoEnding",
  "scenarioNoSafeEnding",
  "scenarioStart",
  "scenarioDuplicateId",
  "scenarioDeadEnd",
  "scenarioBadTarget",
  "scenarioUnreachable",
  "scenarioCycle",
  "scenarioUnknownSign",
  "scenarioText",
] as const;
export type ScenarioProblemCode = (typeof SCENARIO_PROBLEM_CODES)[number];

export interface ScenarioProblem {
  /** Dotted path inside the scenario, e.g. `steps.3.choices.1.next`. */
  path: string;
  code: ScenarioProblemCode;
  params?: Record<string, string | number>;
}

const blank = (value: string | undefined) => !value || value.trim().length === 0;

/**
 * Every problem of a scenario's graph, each with its path:
 * - more than SCENARIO_LIMITS.steps steps, no ending at all, or no safe ending to learn from;
 * - a start that is not a step, ids used twice (steps and endings share one namespace; choices are told apart
 *   within their step, signs among the signs): the phone and the server take the first, so the second could
 *   never be chosen or named;
 * - a step with no choice (a dead end), or a choice leading nowhere;
 * - a step or ending the start cannot reach;
 * - a cycle: a choice leading back to a step on the way to it (a learner who asks again gets a new step). So
 *   every path ends within as many choices as there are steps, and with no dead end and no choice leading
 *   nowhere, an ending is reachable from every step;
 * - a sign named by a step or choice that the scenario does not define; blank or over-long text.
 */
export function scenarioProblems(scenario: Scenario): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const add = (path: string, code: ScenarioProblemCode, params?: ScenarioProblem["params"]) => out.push({ path, code, ...(params ? { params } : {}) });
  const L = SCENARIO_LIMITS;
  const text = (value: string | undefined, path: string, max: number) => {
    if (blank(value) || value!.trim().length > max) add(path, "scenarioText", { max });
  };
  /** Reports each id met before in the same namespace. */
  const namespace = () => {
    const ids = new Set<string>();
    return (id: string, path: string) => {
      if (ids.has(id)) add(path, "scenarioDuplicateId", { id });
      ids.add(id);
    };
  };

  if (scenario.steps.length > L.steps) add("steps", "scenarioTooManySteps", { max: L.steps, count: scenario.steps.length });
  if (scenario.endings.length === 0) add("endings", "scenarioNoEnding");
  else if (!scenario.endings.some((e) => e.outcome === "safe")) add("endings", "scenarioNoSafeEnding");
  text(scenario.contact, "contact", L.contact);

  const node = namespace();
  scenario.steps.forEach((step, s) => {
    node(step.id, `steps.${s}.id`);
  });
  scenario.endings.forEach((ending, e) => {
    node(ending.id, `endings.${e}.id`);
  });
  const sign = namespace();
  scenario.signs.forEach((entry, i) => {
    sign(entry.id, `signs.${i}.id`);
    text(entry.text, `signs.${i}.text`, L.signText);
  });
  const signIds = new Set(scenario.signs.map((entry) => entry.id));

  const steps = new Map(scenario.steps.map((step) => [step.id, step]));
  const endings = new Set(scenario.endings.map((ending) => ending.id));
  if (!steps.has(scenario.start)) add("start", "scenarioStart", { id: scenario.start });

  scenario.steps.forEach((step, s) => {
    const at = `steps.${s}`;
    if (step.messages.length === 0) add(`${at}.messages`, "scenarioText", { max: L.messageText });
    step.messages.forEach((message, m) => {
      text(message.text, `${at}.messages.${m}.text`, L.messageText);
    });
    if (step.choices.length === 0) add(`${at}.choices`, "scenarioDeadEnd", { id: step.id });
    for (const id of step.signs ?? []) if (!signIds.has(id)) add(`${at}.signs`, "scenarioUnknownSign", { id });
    const choice = namespace();
    step.choices.forEach((entry, c) => {
      const cat = `${at}.choices.${c}`;
      choice(entry.id, `${cat}.id`);
      text(entry.text, `${cat}.text`, L.choiceText);
      if (!steps.has(entry.next) && !endings.has(entry.next)) add(`${cat}.next`, "scenarioBadTarget", { id: entry.next });
      for (const id of entry.caught ?? []) if (!signIds.has(id)) add(`${cat}.caught`, "scenarioUnknownSign", { id });
    });
  });
  scenario.endings.forEach((ending, e) => {
    text(ending.title, `endings.${e}.title`, L.endingTitle);
    text(ending.body, `endings.${e}.body`, L.endingBody);
  });

  // Reachable from the start (breadth first).
  const reached = new Set<string>();
  const queue = steps.has(scenario.start) ? [scenario.start] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const choice of steps.get(id)?.choices ?? []) if (!reached.has(choice.next)) queue.push(choice.next);
  }
  if (steps.has(scenario.start)) {
    scenario.steps.forEach((step, s) => {
      if (!reached.has(step.id)) add(`steps.${s}`, "scenarioUnreachable", { id: step.id });
    });
    scenario.endings.forEach((ending, e) => {
      if (!reached.has(ending.id)) add(`endings.${e}`, "scenarioUnreachable", { id: ending.id });
    });
  }

  // Cycles: depth first from the start, then from any step not visited yet; a choice leading to a step still on
  // the way down closes a cycle, reported at the step it leaves from. Iterative, so a long draft cannot overflow.
  const state = new Map<string, "open" | "done">();
  const reported = new Set<string>();
  for (const root of [scenario.start, ...scenario.steps.map((step) => step.id)]) {
    if (!steps.has(root) || state.has(root)) continue;
    state.set(root, "open");
    const stack = [{ id: root, choice: 0 }];
    while (stack.length) {
      const top = stack.at(-1)!;
      const step = steps.get(top.id)!;
      const choice = step.choices[top.choice++];
      if (!choice) {
        state.set(top.id, "done");
        stack.pop();
        continue;
      }
      if (!steps.has(choice.next)) continue;
      const seen = state.get(choice.next);
      if (seen === "open" && !reported.has(`${top.id} ${choice.next}`)) {
        reported.add(`${top.id} ${choice.next}`);
        add(`steps.${scenario.steps.indexOf(step)}`, "scenarioCycle", { id: step.id, next: choice.next });
      } else if (!seen) {
        state.set(choice.next, "open");
        stack.push({ id: choice.next, choice: 0 });
      }
    }
  }
  return out;
}

export interface ScenarioOutcome {
  endingId: string;
  outcome: ScenarioEnding["outcome"];
  /** Each step passed with the choice made there, in order. */
  choices: { stepId: string; choiceId: string }[];
  /** Signs the learner's choices showed they noticed. */
  caught: string[];
  /** Signs shown at steps they went through without noticing them. */
  missed: string[];
}

/**
 * Replays the choice ids a learner made from the start; undefined if the path is not a way through the
 * scenario to an ending (a wrong id, stopping before an ending, or longer than SCENARIO_LIMITS.path, which only
 * a cyclic scenario, refused at publish, could allow).
 */
export function playScenario(scenario: Scenario, path: readonly string[]): ScenarioOutcome | undefined {
  if (path.length > SCENARIO_LIMITS.path) return undefined;
  const steps = new Map(scenario.steps.map((step) => [step.id, step]));
  const endings = new Map(scenario.endings.map((ending) => [ending.id, ending]));
  const choices: ScenarioOutcome["choices"] = [];
  const caught = new Set<string>();
  const shown = new Set<string>();
  let at = scenario.start;
  for (const choiceId of path) {
    const step = steps.get(at);
    if (!step) return undefined;
    const choice = step.choices.find((c) => c.id === choiceId);
    if (!choice) return undefined;
    for (const sign of step.signs ?? []) shown.add(sign);
    for (const sign of choice.caught ?? []) caught.add(sign);
    choices.push({ stepId: step.id, choiceId });
    at = choice.next;
  }
  const ending = endings.get(at);
  if (!ending) return undefined;
  const order = scenario.signs.map((sign) => sign.id);
  return {
    endingId: ending.id,
    outcome: ending.outcome,
    choices,
    caught: order.filter((id) => caught.has(id)),
    missed: order.filter((id) => shown.has(id) && !caught.has(id)),
  };
}

/**
 * A learner's plays of one scenario lesson, kept on their progress in the course: the scenario is a graded
 * activity, so every play counts, not only the one that completed the lesson.
 */
export interface ScenarioPlays {
  plays: number;
  safePlays: number;
  /** The latest play by the time the learner made it (an outbox may deliver plays out of order). */
  last: { endingId: string; outcome: ScenarioEnding["outcome"]; at: string };
}

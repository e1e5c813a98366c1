import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scenarioAnalytics } from "../../packages/core/src/analytics/scenario";
import { Course } from "../../packages/core/src/course";
import { SCENARIO_ACTION_SPECS, scenarioProblems, type Scenario as Scenario_ } from "../../packages/core/src/model";
import { Progress } from "../../packages/core/src/progress";
import { Seed } from "../../packages/core/src/seed";
import { User } from "../../packages/core/src/user";
import { SVG, answers } from "../fixtures/course";
import { SAFE_PATH, SCAMMED_PATH, importScenarioCourse, scenarioBundle, shortestPath, testScenario } from "../fixtures/scenario";
import { call, expectErrorShape, seedDemo, signIn } from "./client";

/**
 * The scam simulator on the server (issue 19): a play is sent as a `scenario.played` event with the learner's
 * choices; the server replays them against the version played (on the learner's certificate line) or the
 * learner's, records every play, completes the lesson on a safe ending only, counts the play once in the
 * scenario analytics, and refuses bad plays one by one.
 */
const PASSWORD = "RuongBac2026";
const COURSE = "scenario-course";
const LESSON = "m1-l3";

const play = (path: string[], over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: "scenario.played",
  courseId: COURSE,
  lessonId: LESSON,
  path,
  ...over,
});
const done = (lessonId: string, courseId = COURSE) => ({ id: randomUUID(), type: "lesson.completed", courseId, lessonId });

async function send(token: string, events: unknown[]) {
  const res = await call("POST", "/progress", { token, body: { events } });
  expect(res.status, res.text).toBe(200);
  return res.json as {
    accepted: string[];
    rejected: { id: string; code: string; message: string }[];
    plays?: { id: string; lessonId: string; endingId: string; outcome: string }[];
  };
}

/** A new member of the demo team (Sơn La) or of a Điện Biên team, signed in. */
async function member(phone: string, unitId = "sla-muongbu-banbo", fullName = "Hà Thị Lan") {
  const user = await User.ensure({ phone, fullName, roles: ["member"], unitId, password: PASSWORD });
  return { id: user.id, token: (await signIn(phone, PASSWORD)).accessToken };
}

let trainer: string;
let slaAdmin: string;
let dbnAdmin: string;

beforeAll(async () => {
  await seedDemo();
  await importScenarioCourse();
  trainer = (await signIn("0912000002")).accessToken;
  slaAdmin = (await signIn("0912000003")).accessToken;
  dbnAdmin = (await signIn("0912000004")).accessToken;
});

describe("playing a scenario", () => {
  it("ships the whole scenario to the learner, so it plays offline", async () => {
    const learner = await member("0912300001");
    const course = await call("GET", `/courses/${COURSE}`, { token: learner.token });
    const lesson = course.json.modules[0].lessons.find((l: { id: string }) => l.id === LESSON);
    expect(lesson).toMatchObject({ kind: "scenario", scenario: testScenario() });
  });

  it("records a scammed ending as a play that does not complete the lesson", async () => {
    const learner = await member("0912300002");
    const event = play(SCAMMED_PATH);
    const res = await send(learner.token, [event]);
    expect(res).toEqual({ accepted: [event.id], rejected: [], plays: [{ id: event.id, lessonId: LESSON, endingId: "scammed", outcome: "scammed" }] });
    const course = await call("GET", `/courses/${COURSE}`, { token: learner.token });
    expect(course.json.progress.completedLessons).not.toContain(LESSON);
    const progress = await Progress.get(learner.id, COURSE);
    expect(progress?.scenarios?.[LESSON]).toMatchObject({ plays: 1, safePlays: 0, last: { endingId: "scammed", outcome: "scammed" } });
  });

  it("completes the lesson on a safe ending, keeps every play, and the latest ending by when it was played", async () => {
    const learner = await member("0912300003");
    const early = new Date(Date.now() - 3_600_000).toISOString();
    const safe = play(["ask", "report"]);
    // An outbox may deliver an older play after a newer one: the latest stays the one played last.
    const older = play(SCAMMED_PATH, { at: early });
    const res = await send(learner.token, [safe, older]);
    expect(res.accepted).toEqual([safe.id, older.id]);
    expect(res.plays).toEqual([
      { id: safe.id, lessonId: LESSON, endingId: "safe-report", outcome: "safe" },
      { id: older.id, lessonId: LESSON, endingId: "scammed", outcome: "scammed" },
    ]);
    const course = await call("GET", `/courses/${COURSE}`, { token: learner.token });
    expect(course.json.progress.completedLessons).toEqual([LESSON]);
    // A scammed play afterwards does not undo the completion.
    await send(learner.token, [play(SCAMMED_PATH)]);
    expect((await call("GET", `/courses/${COURSE}`, { token: learner.token })).json.progress.completedLessons).toEqual([LESSON]);
    const progress = await Progress.get(learner.id, COURSE);
    expect(progress?.scenarios?.[LESSON]).toMatchObject({ plays: 3, safePlays: 1, last: { endingId: "scammed", outcome: "scammed" } });
  });

  it("lets a course complete, with its certificate, in the request whose safe play finishes it", async () => {
    const learner = await member("0912300004");
    for (const m of ["m1", "m2"]) {
      const res = await call("POST", `/quizzes/${COURSE}.${m}/attempts`, { token: learner.token, body: { attemptId: randomUUID(), answers: answers(m) } });
      expect(res.json.courseCompleted).toBe(false);
    }
    await send(learner.token, [done("m1-l1"), done("m1-l2"), done("m2-l1"), done("m2-l2"), play(SCAMMED_PATH)]);
    expect((await call("GET", `/courses/${COURSE}`, { token: learner.token })).json.progress).toMatchObject({ percent: 86 });
    expect((await call("GET", "/me/certificates", { token: learner.token })).json.items).toEqual([]);
    await send(learner.token, [play(SAFE_PATH)]);
    const course = await call("GET", `/courses/${COURSE}`, { token: learner.token });
    expect(course.json.progress).toMatchObject({ percent: 100, completedAt: expect.any(String), certificateCode: expect.any(String) });
    const certificates = await call("GET", "/me/certificates", { token: learner.token });
    expect(certificates.json.items).toEqual([expect.objectContaining({ courseId: COURSE, code: course.json.progress.certificateCode })]);
  });

  it("answers a replayed play with the same outcome and counts it once, sent at once or later", async () => {
    const learner = await member("0912300005");
    const event = play(["listen", "stop"]);
    const answers_ = await Promise.all([0, 1, 2].map(() => send(learner.token, [event])));
    const later = await send(learner.token, [event, event]);
    for (const res of [...answers_, later]) {
      expect(res).toEqual({ accepted: [event.id], rejected: [], plays: [{ id: event.id, lessonId: LESSON, endingId: "safe-late", outcome: "safe" }] });
    }
    expect((await Progress.get(learner.id, COURSE))?.scenarios?.[LESSON]).toMatchObject({ plays: 1, safePlays: 1 });
  });

  it("refuses bad plays one by one, with a code, and applies the rest of the batch", async () => {
    const learner = await member("0912300006");
    const loop = Array.from({ length: 20 }, () => ["listen", "think"]).flat();
    const good = [done("m1-l1"), play(SCAMMED_PATH)];
    const bad = {
      unknownChoice: play(["nope"]),
      stopsBeforeEnding: play(["listen"]),
      goesPastEnding: play(["hang-up", "listen"]),
      tooLong: play([...loop, "hang-up"]),
      notScenario: play(["hang-up"], { lessonId: "m1-l1" }),
      tickedOff: done(LESSON),
      unknownLesson: play(SAFE_PATH, { lessonId: "m9-l9" }),
    };
    expect(loop.length + 1).toBeGreaterThan(40);
    const res = await send(learner.token, [good[0], ...Object.values(bad), good[1]]);
    expect(res.accepted).toEqual(good.map((event) => event.id));
    const code = (event: { id: string }) => res.rejected.find((r) => r.id === event.id)?.code;
    expect(Object.fromEntries(Object.entries(bad).map(([name, event]) => [name, code(event)]))).toEqual({
      unknownChoice: "progress.scenario_path",
      stopsBeforeEnding: "progress.scenario_path",
      goesPastEnding: "progress.scenario_path",
      tooLong: "progress.scenario_path",
      notScenario: "progress.not_scenario",
      tickedOff: "progress.needs_play",
      unknownLesson: "progress.unknown_lesson",
    });
    for (const refused of res.rejected) expect(refused.message).toEqual(expect.any(String));
    expect(res.plays).toEqual([{ id: good[1]!.id, lessonId: LESSON, endingId: "scammed", outcome: "scammed" }]);
    const progress = await Progress.get(learner.id, COURSE);
    expect(progress?.completedLessons).toEqual(["m1-l1"]);
    expect(progress?.scenarios?.[LESSON]).toMatchObject({ plays: 1, safePlays: 0 });
    // Nothing was kept of a refused event: sent again, it is refused again.
    const again = await send(learner.token, [bad.tickedOff]);
    expect(again.rejected.map((r) => r.code)).toEqual(["progress.needs_play"]);
  });

  it("grades a play against the version the phone played, though a newer one changed the choices meanwhile", async () => {
    const courseId = "scenario-versions";
    await importScenarioCourse(courseId);
    // Played offline on version 1 by a learner who has not started the course yet (no progress: their version
    // is the newest); the second play comes from an app too old to say which version it played.
    const onV1 = [play(["hang-up"], { courseId, version: 1 }), play(["listen", "stop"], { courseId, version: 1 })];
    const unsaid = [play(["hang-up"], { courseId }), play(["listen", "stop"], { courseId })];
    // Meanwhile version 2 (same certificate line) renames "hang-up" and makes hanging up late too late.
    const v2 = scenarioBundle(courseId);
    v2.changeSummary = "Cuộc gọi giả công an: cúp máy muộn vẫn mất tiền";
    const edited = v2.modules[0]!.lessons.find((lesson) => lesson.id === LESSON)!;
    if (edited.kind !== "scenario") throw new Error("the scenario lesson");
    edited.scenario.steps[0]!.choices[0]!.id = "end-call";
    edited.scenario.steps[1]!.choices[1]!.next = "scammed";
    await Course.importBundle(v2, async () => SVG, { userId: "system" });

    const learner = await member("0912300009");
    const res = await send(learner.token, [...onV1, ...unsaid]);
    expect(res.accepted).toEqual([onV1[0]!.id, onV1[1]!.id, unsaid[1]!.id]);
    expect(res.plays).toEqual([
      { id: onV1[0]!.id, lessonId: LESSON, endingId: "safe-hangup", outcome: "safe" },
      { id: onV1[1]!.id, lessonId: LESSON, endingId: "safe-late", outcome: "safe" },
      // Without a version, as before: against the learner's version.
      { id: unsaid[1]!.id, lessonId: LESSON, endingId: "scammed", outcome: "scammed" },
    ]);
    expect(res.rejected).toEqual([expect.objectContaining({ id: unsaid[0]!.id, code: "progress.scenario_path" })]);
    const progress = await Progress.get(learner.id, courseId);
    expect(progress).toMatchObject({ version: 2, completedLessons: [LESSON] });
    expect(progress?.scenarios?.[LESSON]).toMatchObject({ plays: 3, safePlays: 2 });
    // Each play counts in the analytics of the version it was replayed against: the step and choice ids are its.
    const counted = async (version: number) => {
      const [scenario] = await scenarioAnalytics(await Course.mustGetVersion(courseId, version), { kind: "all" });
      return { plays: scenario!.plays, choices: scenario!.steps[0]!.choices.map((c) => [c.id, c.count]) };
    };
    expect(await counted(1)).toEqual({
      plays: 2,
      choices: [
        ["hang-up", 1],
        ["listen", 1],
        ["ask", 0],
      ],
    });
    expect(await counted(2)).toEqual({
      plays: 1,
      choices: [
        ["end-call", 0],
        ["listen", 1],
        ["ask", 0],
      ],
    });
    // A replay answers the same, whichever version it names.
    expect((await send(learner.token, [onV1[1]!])).plays).toEqual([{ id: onV1[1]!.id, lessonId: LESSON, endingId: "safe-late", outcome: "safe" }]);
  });

  it("replays against the learner's version a play of a version off their certificate line, or of none", async () => {
    const courseId = "scenario-lines";
    await importScenarioCourse(courseId);
    const v2 = scenarioBundle(courseId);
    v2.changeSummary = "Đổi tên lựa chọn cúp máy";
    const renamed = v2.modules[0]!.lessons.find((lesson) => lesson.id === LESSON)!;
    if (renamed.kind !== "scenario") throw new Error("the scenario lesson");
    renamed.scenario.steps[0]!.choices[0]!.id = "end-call";
    await Course.importBundle(v2, async () => SVG, { userId: "system" });
    // A learner on version 2 (line 1).
    const learner = await member("0912300012");
    await send(learner.token, [done("m1-l1", courseId)]);
    // Version 3 starts certificate line 2 and renames the choice again.
    const draft = (await Course.getDraft(courseId))!;
    const content = structuredClone(draft.content);
    const lesson = content.modules[0]!.lessons.find((l) => l.id === LESSON)!;
    if (lesson.kind !== "scenario") throw new Error("the scenario lesson");
    lesson.scenario.steps[0]!.choices[0]!.id = "refuse";
    const saved = await Course.saveDraft(courseId, { content, baseRevision: draft.revision }, { userId: "trainer" });
    const national = { edits: ["vn"], reviews: ["vn"] };
    const asked = await Course.requestPublish(
      courseId,
      { changeSummary: "Chiêu lừa mới: bắt buộc học lại", requiresRecertification: true, draftRevision: saved.revision },
      { userId: "trainer" },
      national,
    );
    await Course.approve(asked.id, { userId: "reviewer" }, national);
    expect(await Course.getVersion(courseId, 3)).toMatchObject({ line: 2 });

    const onV1 = play(["hang-up"], { courseId, version: 1 });
    const onV3 = play(["refuse"], { courseId, version: 3 });
    const nowhere = play(["end-call"], { courseId, version: 99 });
    const res = await send(learner.token, [onV1, onV3, nowhere]);
    // Version 1 is on the learner's line: its play counts. Version 3 is not (they have not moved to it): its
    // play is replayed against their version 2, where "refuse" is no choice. Version 99 does not exist: version 2.
    expect(res.plays).toEqual([
      { id: onV1.id, lessonId: LESSON, endingId: "safe-hangup", outcome: "safe" },
      { id: nowhere.id, lessonId: LESSON, endingId: "safe-hangup", outcome: "safe" },
    ]);
    expect(res.rejected).toEqual([expect.objectContaining({ id: onV3.id, code: "progress.scenario_path" })]);
    expect(await Progress.get(learner.id, courseId)).toMatchObject({ version: 2, line: 1, completedLessons: ["m1-l1", LESSON] });
  });

  it("drops a learner's plays of a scenario that a newer version removed, when they move to it", async () => {
    const courseId = "scenario-moves";
    await importScenarioCourse(courseId);
    const learner = await member("0912300008");
    await send(learner.token, [play(SAFE_PATH, { courseId })]);
    const v2 = scenarioBundle(courseId);
    v2.changeSummary = "Bỏ bài mô phỏng";
    v2.modules[0]!.lessons = v2.modules[0]!.lessons.filter((lesson) => lesson.id !== LESSON);
    await Course.importBundle(v2, async () => SVG, { userId: "system" });
    const moved = await call("POST", `/courses/${courseId}/switch`, { token: learner.token, body: { version: 2 } });
    expect(moved.status, moved.text).toBe(200);
    const progress = await Progress.get(learner.id, courseId);
    expect(progress).toMatchObject({ version: 2, completedLessons: [], scenarios: {} });
  });

  it("answers 400 for a malformed play and writes nothing", async () => {
    const learner = await member("0912300007");
    const longest = Array.from({ length: 81 }, () => "listen");
    const versions = [0, -1, 1.5, "1", null].map((version) => play(SAFE_PATH, { version }));
    for (const event of [
      play([]),
      play("hang-up" as unknown as string[]),
      play([42] as unknown as string[]),
      play(longest),
      play(["x".repeat(41)]),
      ...versions,
    ]) {
      const res = await call("POST", "/progress", { token: learner.token, body: { events: [event, done("m1-l1")] } });
      expect(res.status).toBe(400);
      expect(expectErrorShape(res.json).code).toBe("request.invalid");
    }
    expect(await Progress.get(learner.id, COURSE)).toBeUndefined();
  });
});

type Step = { stepId: string; text: string; reached: number; choices: { id: string; count: number; chosenPercent: number; leadsTo: string; action: string }[] };
type Scenario = {
  lessonId: string;
  title: string;
  moduleTitle: string;
  plays: number;
  safePercent: number;
  endings: { id: string; count: number }[];
  steps: Step[];
};

describe("scenario analytics", () => {
  const STATS = "scenario-stats";
  /** Sơn La plays (the replay of the first counted once), and one Điện Biên play. */
  const SLA_PLAYS = [SAFE_PATH, SAFE_PATH, SCAMMED_PATH, ["ask", "report"], ["listen", "think", "hang-up"], ["listen", "think", "pay"]];
  const DBN_PLAYS = [["ask", "call-back", "pay"]];
  const scenarioOf = (json: { scenarios: Scenario[] }) => json.scenarios.find((s) => s.lessonId === LESSON)!;
  const step = (scenario: Scenario, id: string) => scenario.steps.find((s) => s.stepId === id)!;
  const counts = (s: Step) => Object.fromEntries(s.choices.map((c) => [c.id, c.count]));
  const share = (count: number, total: number) => Math.round((count / total) * 1000) / 10;

  beforeAll(async () => {
    await importScenarioCourse(STATS);
    const sla = await member("0912300010", "sla-muongbu-banbo", "Lò Văn Minh");
    await User.ensure({ phone: "0912300011", fullName: "Mùa A Dính", roles: ["member"], unitId: "dbn-dienbienphu-tdp1", password: PASSWORD });
    const dbn = (await signIn("0912300011", PASSWORD)).accessToken;
    const events = SLA_PLAYS.map((path) => play(path, { courseId: STATS }));
    await send(sla.token, events);
    await send(sla.token, [events[0]]);
    await send(
      dbn,
      DBN_PLAYS.map((path) => play(path, { courseId: STATS })),
    );
    // Refused plays count nowhere.
    await send(sla.token, [play(["listen"], { courseId: STATS }), done(LESSON, STATS)]);
  });

  it("shows the trainer every learner's plays, endings and the choices made at each step", async () => {
    const res = await call("GET", `/authoring/courses/${STATS}/analytics`, { token: trainer });
    expect(res.status).toBe(200);
    expect(res.json.scenarios).toHaveLength(1);
    const scenario = scenarioOf(res.json);
    expect(scenario).toMatchObject({ lessonId: LESSON, title: "Cuộc gọi giả công an", moduleTitle: "Bài m1", plays: 7, safePercent: share(4, 7) });
    expect(Object.fromEntries(scenario.endings.map((e) => [e.id, e.count]))).toEqual({ "safe-hangup": 2, "safe-report": 1, "safe-late": 1, scammed: 3 });
    const call_ = step(scenario, "call");
    expect(call_).toMatchObject({ reached: 7, text: "Tôi là cán bộ công an. Bạn liên quan đến một vụ án rửa tiền." });
    expect(counts(call_)).toEqual({ "hang-up": 2, listen: 3, ask: 2 });
    expect(call_.choices.map((c) => [c.id, c.leadsTo, c.action, c.chosenPercent])).toEqual([
      ["hang-up", "safe", "hang-up", share(2, 7)],
      ["listen", "step", "reply", share(3, 7)],
      ["ask", "step", "ask-relative", share(2, 7)],
    ]);
    const demand = step(scenario, "demand");
    expect(demand.reached).toBe(4);
    expect(counts(demand)).toEqual({ pay: 2, stop: 0, think: 2 });
    expect(demand.choices.find((c) => c.id === "pay")).toMatchObject({ leadsTo: "scammed", chosenPercent: share(2, 4) });
    // The same choice id at two steps is two choices: "pay" and "hang-up" under pressure count apart.
    expect(step(scenario, "pressure")).toMatchObject({ reached: 2 });
    expect(counts(step(scenario, "pressure"))).toEqual({ pay: 1, "hang-up": 1 });
    expect(step(scenario, "relative")).toMatchObject({ reached: 2 });
    expect(counts(step(scenario, "relative"))).toEqual({ report: 1, "call-back": 1 });
  });

  it("shows a province's admin their members' plays only", async () => {
    const sla = await call("GET", `/admin/units/sla/question-analytics?courseId=${STATS}`, { token: slaAdmin });
    expect(sla.status).toBe(200);
    const slaScenario = scenarioOf(sla.json);
    expect(slaScenario).toMatchObject({ plays: 6, safePercent: share(4, 6) });
    expect(counts(step(slaScenario, "relative"))).toEqual({ report: 1, "call-back": 0 });
    const dbn = await call("GET", `/admin/units/dbn/question-analytics?courseId=${STATS}`, { token: dbnAdmin });
    const dbnScenario = scenarioOf(dbn.json);
    expect(dbnScenario).toMatchObject({ plays: 1, safePercent: 0 });
    expect(step(dbnScenario, "call")).toMatchObject({ reached: 1 });
    expect(counts(step(dbnScenario, "call"))).toEqual({ "hang-up": 0, listen: 0, ask: 1 });
    expect(step(dbnScenario, "demand").choices.find((c) => c.id === "pay")).toMatchObject({ count: 1, chosenPercent: 100 });
  });

  it("is empty for a course without scenarios, and never names a learner", async () => {
    const res = await call("GET", `/authoring/courses/${STATS}/analytics`, { token: trainer });
    expect(res.text).not.toMatch(/Lò Văn Minh|Mùa A Dính|0912300010|0912300011/);
    const { json } = await call("GET", "/admin/units/sla/question-analytics?courseId=test-course", { token: slaAdmin });
    expect(json?.scenarios ?? []).toEqual([]);
  });
});

describe("publishing a scenario", () => {
  const { format: _f, id: _i, changeSummary: _c, ...content } = scenarioBundle();
  /** The scenario course's content with its m1-l3 scenario changed; the media of the bundle left out. */
  function withScenario(change: (scenario: ReturnType<typeof testScenario>) => void) {
    const copy = structuredClone(content);
    for (const module of copy.modules) {
      module.lessons = module.lessons.filter((lesson) => lesson.kind !== "image");
      module.quiz.questions = module.quiz.questions.map((question, i) =>
        question.image ? { ...module.quiz.questions[0]!, id: `${module.id}-q${i + 1}` } : question,
      );
    }
    const lesson = copy.modules[0]!.lessons.find((l) => l.id === LESSON)!;
    if (lesson.kind === "scenario") change(lesson.scenario);
    return copy;
  }

  /** The scenario's place in the draft (the image lessons are left out, so it is the second lesson). */
  const at = "modules.0.lessons.1.scenario";
  const step = (id: string, next: string[]) => ({
    id,
    messages: [{ from: "them" as const, text: `Tin nhắn ${id}` }],
    choices: next.map((to, i) => ({ id: `c${i}`, action: "ignore" as const, text: "Bỏ qua", next: to })),
  });
  const cases: { name: string; change: (scenario: ReturnType<typeof testScenario>) => void; problems: { path: string; code: string }[] }[] = [
    {
      name: "a dead end",
      change: (s) => {
        s.steps.push(step("wait", []));
        s.steps[2]!.choices.push({ id: "wait", action: "ignore", text: "Chờ", next: "wait" });
      },
      problems: [{ path: `${at}.steps.4.choices`, code: "scenarioDeadEnd" }],
    },
    {
      name: "an unreachable step",
      change: (s) => {
        s.steps.push(step("orphan", ["safe-late"]));
      },
      problems: [{ path: `${at}.steps.4`, code: "scenarioUnreachable" }],
    },
    {
      name: "a cycle that cannot end",
      change: (s) => {
        s.steps.push(step("loop-a", ["loop-b"]), step("loop-b", ["loop-a"]));
        s.steps[2]!.choices.push({ id: "loop", action: "reply", text: "Nhắn lại", next: "loop-a" });
      },
      problems: [{ path: `${at}.steps.5`, code: "scenarioCycle" }],
    },
    {
      name: "a cycle that can end",
      change: (s) => {
        // Under pressure, "ask again" goes back to the demand: a new step is the way to ask again.
        s.steps[3]!.choices.push({ id: "again", action: "reply", text: "Hỏi lại", next: "demand" });
      },
      problems: [{ path: `${at}.steps.3`, code: "scenarioCycle" }],
    },
    {
      name: "a choice id used twice in a step",
      change: (s) => {
        s.steps[1]!.choices[2]!.id = "pay";
      },
      problems: [{ path: `${at}.steps.1.choices.2.id`, code: "scenarioDuplicateId" }],
    },
    {
      name: "a sign id used twice",
      change: (s) => {
        s.signs.push({ id: "urgency", text: "Doạ bắt, lần hai." });
      },
      problems: [{ path: `${at}.signs.3.id`, code: "scenarioDuplicateId" }],
    },
    {
      name: "more than 40 steps",
      change: (s) => {
        s.steps.push(...Array.from({ length: 37 }, (_, i) => step(`more-${i}`, [i === 36 ? "safe-late" : `more-${i + 1}`])));
        s.steps[2]!.choices.push({ id: "more", action: "ignore", text: "Đọc tiếp", next: "more-0" });
      },
      problems: [{ path: `${at}.steps`, code: "scenarioTooManySteps" }],
    },
    {
      name: "no ending",
      change: (s) => {
        s.endings = [];
        for (const step_ of s.steps) step_.choices = step_.choices.filter((choice) => s.steps.some((other) => other.id === choice.next));
        s.steps[0]!.choices.push({ id: "end", action: "hang-up", text: "Cúp máy", next: "call" });
      },
      // Without endings nothing can end: a step whose choices all led to one is a dead end, the rest go round.
      problems: [
        { path: `${at}.endings`, code: "scenarioNoEnding" },
        { path: `${at}.steps.3.choices`, code: "scenarioDeadEnd" },
        { path: `${at}.steps.0`, code: "scenarioCycle" },
      ],
    },
  ];

  for (const { name, change, problems } of cases) {
    it(`refuses ${name}, with the path to the problem`, async () => {
      const courseId = `scn-${name.replaceAll(/[^a-z0-9]+/g, "-")}`.replace(/-$/, "");
      const created = await call("POST", "/authoring/courses", { token: trainer, body: { id: courseId, content: withScenario(() => {}) } });
      expect(created.status, created.text).toBe(201);
      const valid = await call("PUT", `/authoring/courses/${courseId}/draft`, { token: trainer, body: { content: withScenario(() => {}), baseRevision: 1 } });
      expect(valid.json.problems).toEqual([]);
      const saved = await call("PUT", `/authoring/courses/${courseId}/draft`, { token: trainer, body: { content: withScenario(change), baseRevision: 2 } });
      expect(saved.status, saved.text).toBe(200);
      // The draft is saved (a scenario is built a step at a time); publishing it is refused.
      expect(saved.json.problems).toEqual(problems.map((p) => expect.objectContaining({ ...p, level: "publish" })));
      const asked = await call("POST", `/authoring/courses/${courseId}/publish-requests`, {
        token: trainer,
        body: { changeSummary: "Bản đầu", draftRevision: 3 },
      });
      expect(asked.status).toBe(400);
      expect(expectErrorShape(asked.json).code).toBe("course.not_publishable");
      expect(asked.json.error.details).toEqual(problems.map((p) => expect.objectContaining({ ...p, level: "publish" })));
    });
  }
});

describe("the seeded scenarios", () => {
  const CONTENT = resolve(import.meta.dirname, "../../content/courses");
  let seeded: { courseId: string; lessonId: string; title: string; scenario: Scenario_ }[];

  beforeAll(async () => {
    await Seed.curriculum(CONTENT);
    seeded = [];
    for (const courseId of ["cyber-safety", "payments", "e-commerce"]) {
      const version = await Course.latest(courseId);
      for (const module of version.content.modules)
        for (const lesson of module.lessons)
          if (lesson.kind === "scenario") seeded.push({ courseId, lessonId: lesson.id, title: lesson.title, scenario: lesson.scenario });
    }
  });

  it("are six real scams, each with two safe endings at least and a scammed one, valid to publish", () => {
    expect(seeded.map((s) => `${s.courseId}/${s.lessonId}`)).toEqual([
      "cyber-safety/m1-l4",
      "cyber-safety/m2-l4",
      "cyber-safety/m4-l4",
      "payments/m3-l4",
      "payments/m4-l4",
      "e-commerce/m2-l4",
    ]);
    for (const { title, scenario } of seeded) {
      expect(scenarioProblems(scenario), title).toEqual([]);
      expect(scenario.steps.length, title).toBeGreaterThanOrEqual(4);
      expect(scenario.steps.length, title).toBeLessThanOrEqual(10);
      expect(scenario.endings.filter((e) => e.outcome === "safe").length, title).toBeGreaterThanOrEqual(2);
      expect(scenario.endings.filter((e) => e.outcome === "scammed").length, title).toBeGreaterThanOrEqual(1);
      // Every warning sign is shown at a step and caught by a safe choice, and only safe choices catch signs.
      const shown = new Set(scenario.steps.flatMap((step) => step.signs ?? []));
      const caught = scenario.steps.flatMap((step) => step.choices.filter((choice) => choice.caught?.length));
      expect(
        scenario.signs.filter((sign) => !shown.has(sign.id)),
        title,
      ).toEqual([]);
      expect(
        scenario.signs.filter((sign) => !caught.some((choice) => choice.caught!.includes(sign.id))),
        title,
      ).toEqual([]);
      expect(
        caught.filter((choice) => !SCENARIO_ACTION_SPECS[choice.action].safe).map((choice) => choice.id),
        title,
      ).toEqual([]);
      // Made-up links only; no real brand in what the mock phone shows.
      const shownText = JSON.stringify([scenario.contact, scenario.steps]);
      for (const link of shownText.match(/https?:\/\/[^\s"”]+/g) ?? []) expect(new URL(link).hostname, title).toMatch(/\.example$/);
      expect(shownText, title).not.toMatch(/zalo|facebook|vietcombank|agribank|bidv|vietinbank|evn|shopee|lazada|tiktok|momo/i);
      // A report by message to 156 or 5656 is processed only in its syntax (S for a message, V or LD for a call):
      // wherever a message is meant, the syntax is given.
      for (const sentence of JSON.stringify(scenario).split(/"|(?<=[.:;])\s+/))
        if (/(nhắn|soạn)[^.]*\b(156|5656)\b/.test(sentence)) expect(sentence, title).toMatch(/\b(S|V|LD) \[/);
    }
  });

  it("play on the server to a safe ending, which completes the lesson, and to a scammed one, which does not", async () => {
    const learner = await member("0912300020");
    for (const { courseId, lessonId, title, scenario } of seeded) {
      const scammed = play(shortestPath(scenario, "scammed")!, { courseId, lessonId });
      const first = await send(learner.token, [scammed]);
      expect(first.plays, title).toEqual([expect.objectContaining({ id: scammed.id, outcome: "scammed" })]);
      expect((await call("GET", `/courses/${courseId}`, { token: learner.token })).json.progress.completedLessons, title).not.toContain(lessonId);
      const safe = play(shortestPath(scenario, "safe")!, { courseId, lessonId });
      expect((await send(learner.token, [safe])).plays, title).toEqual([expect.objectContaining({ id: safe.id, outcome: "safe" })]);
      expect((await call("GET", `/courses/${courseId}`, { token: learner.token })).json.progress.completedLessons, title).toContain(lessonId);
    }
  });
});

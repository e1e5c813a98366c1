import { describe, expect, it } from "vitest";
import { SCENARIO_LIMITS, type Scenario, playScenario, scenarioProblems } from "./scenario";

/**
 * A fake bank SMS: ignore it (safe), or tap the link and then either close the page (safe, late) or give the
 * OTP (scammed). Going back to the message from the page is a step of its own (a graph has no cycle).
 */
function sms(): Scenario {
  return {
    screen: "sms",
    contact: "TB-NGANHANG",
    start: "message",
    signs: [
      { id: "link", text: "Tin nhắn có đường link." },
      { id: "threat", text: "Doạ khoá tài khoản." },
      { id: "otp", text: "Đòi mã OTP." },
    ],
    steps: [
      {
        id: "message",
        messages: [{ from: "them", text: "Tài khoản sẽ bị khoá. Bấm vào đường link." }],
        signs: ["link", "threat"],
        choices: [
          { id: "ignore", action: "ignore", text: "Không bấm", next: "safe", caught: ["link"] },
          { id: "tap", action: "tap-link", text: "Bấm link", next: "page" },
        ],
      },
      {
        id: "page",
        screen: "web",
        link: "https://mo-khoa.example",
        messages: [{ from: "system", text: "Trang hỏi mã OTP." }],
        signs: ["otp"],
        choices: [
          { id: "give", action: "give-otp", text: "Nhập OTP", next: "scammed" },
          { id: "close", action: "ignore", text: "Đóng trang", next: "late", caught: ["otp"] },
          { id: "back", action: "reply", text: "Quay lại tin nhắn", next: "again" },
        ],
      },
      {
        id: "again",
        messages: [{ from: "them", text: "Còn 10 phút trước khi khoá tài khoản." }],
        signs: ["threat"],
        choices: [
          { id: "ignore", action: "ignore", text: "Không bấm", next: "safe", caught: ["threat"] },
          { id: "give", action: "give-otp", text: "Nhắn lại mã OTP", next: "scammed" },
        ],
      },
    ],
    endings: [
      { id: "safe", outcome: "safe", title: "An toàn", body: "Ngân hàng không gửi đường link." },
      { id: "late", outcome: "safe", title: "Dừng kịp", body: "Không ai được hỏi mã OTP." },
      { id: "scammed", outcome: "scammed", title: "Mất tiền", body: "Mã OTP là chìa khoá cuối cùng." },
    ],
  };
}

const codes = (scenario: Scenario) => scenarioProblems(scenario).map(({ path, code }) => `${path} ${code}`);

describe("scenarioProblems", () => {
  it("finds nothing wrong in a sound scenario", () => {
    expect(scenarioProblems(sms())).toEqual([]);
  });

  it("refuses a step without choices (a dead end), with its path and id", () => {
    const s = sms();
    s.steps.push({ id: "wait", messages: [{ from: "system", text: "Chờ." }], choices: [] });
    s.steps[1]!.choices.push({ id: "wait", action: "ignore", text: "Chờ", next: "wait" });
    expect(scenarioProblems(s)).toEqual([{ path: "steps.3.choices", code: "scenarioDeadEnd", params: { id: "wait" } }]);
  });

  it("refuses steps and endings the start cannot reach", () => {
    const s = sms();
    s.steps.push({ id: "orphan", messages: [{ from: "them", text: "Ai đó?" }], choices: [{ id: "x", action: "hang-up", text: "Cúp máy", next: "safe" }] });
    s.endings.push({ id: "nowhere", outcome: "safe", title: "Không tới", body: "Không ai tới đây." });
    expect(codes(s)).toEqual(["steps.3 scenarioUnreachable", "endings.3 scenarioUnreachable"]);
  });

  it("refuses a cycle with no way out, at the step whose choice closes it", () => {
    const s = sms();
    s.steps.push(
      { id: "a", messages: [{ from: "them", text: "A" }], choices: [{ id: "to-b", action: "reply", text: "B", next: "b" }] },
      { id: "b", messages: [{ from: "them", text: "B" }], choices: [{ id: "to-a", action: "reply", text: "A", next: "a" }] },
    );
    s.steps[1]!.choices.push({ id: "loop", action: "reply", text: "Vào vòng", next: "a" });
    expect(scenarioProblems(s)).toEqual([{ path: "steps.4", code: "scenarioCycle", params: { id: "b", next: "a" } }]);
  });

  it("refuses a cycle that can still end: a learner who asks again gets a new step", () => {
    const s = sms();
    // "Back" leads from the page to the message, which can end: still a cycle.
    s.steps[1]!.choices[2]!.next = "message";
    expect(scenarioProblems(s)).toEqual([
      { path: "steps.2", code: "scenarioUnreachable", params: { id: "again" } },
      { path: "steps.1", code: "scenarioCycle", params: { id: "page", next: "message" } },
    ]);
    const self = sms();
    self.steps[2]!.choices.push({ id: "wait", action: "ignore", text: "Chờ thêm", next: "again" });
    expect(codes(self)).toEqual(["steps.2 scenarioCycle"]);
  });

  it("reports each cycle once, unreachable ones too", () => {
    const s = sms();
    s.steps[2]!.choices.push(
      { id: "page", action: "tap-link", text: "Bấm link lần nữa", next: "page" },
      { id: "again", action: "reply", text: "Hỏi lại", next: "page" },
    );
    s.steps.push(
      { id: "x", messages: [{ from: "them", text: "X" }], choices: [{ id: "to-y", action: "reply", text: "Y", next: "y" }] },
      { id: "y", messages: [{ from: "them", text: "Y" }], choices: [{ id: "to-x", action: "reply", text: "X", next: "x" }] },
    );
    expect(codes(s)).toEqual(["steps.3 scenarioUnreachable", "steps.4 scenarioUnreachable", "steps.2 scenarioCycle", "steps.4 scenarioCycle"]);
  });

  it(`refuses more than ${SCENARIO_LIMITS.steps} steps`, () => {
    const s = sms();
    const extra = SCENARIO_LIMITS.steps - s.steps.length + 1;
    for (let i = 0; i < extra; i++) {
      s.steps.push({
        id: `s${i}`,
        messages: [{ from: "them", text: `${i}` }],
        choices: [{ id: "n", action: "ignore", text: "Tiếp", next: i + 1 < extra ? `s${i + 1}` : "safe" }],
      });
    }
    s.steps[0]!.choices.push({ id: "long", action: "reply", text: "Đọc tiếp", next: "s0" });
    expect(scenarioProblems(s)).toEqual([
      { path: "steps", code: "scenarioTooManySteps", params: { max: SCENARIO_LIMITS.steps, count: SCENARIO_LIMITS.steps + 1 } },
    ]);
    s.steps.pop();
    s.steps.at(-1)!.choices[0]!.next = "safe";
    expect(scenarioProblems(s)).toEqual([]);
  });

  it("refuses a scenario with no ending, or with no safe ending to learn from", () => {
    const none = sms();
    none.endings = [];
    expect(codes(none)).toContain("endings scenarioNoEnding");
    const noSafe = sms();
    for (const ending of noSafe.endings) ending.outcome = "scammed";
    expect(codes(noSafe)).toEqual(["endings scenarioNoSafeEnding"]);
  });

  it("refuses a choice id used twice within a step and a sign id used twice: the second could never be chosen", () => {
    const s = sms();
    s.steps[1]!.choices[2]!.id = "give";
    s.signs.push({ id: "link", text: "Đường link lạ, lần hai." });
    // The same choice id at another step is fine: a choice is known by its step.
    expect(s.steps[2]!.choices.some((c) => c.id === "give")).toBe(true);
    expect(scenarioProblems(s)).toEqual([
      { path: "signs.3.id", code: "scenarioDuplicateId", params: { id: "link" } },
      { path: "steps.1.choices.2.id", code: "scenarioDuplicateId", params: { id: "give" } },
    ]);
  });

  it("refuses a missing start, ids used twice, choices leading nowhere and unknown signs", () => {
    const s = sms();
    s.start = "nope";
    expect(codes(s)).toEqual(["start scenarioStart"]);
    const t = sms();
    t.endings[0]!.id = "page";
    t.steps[0]!.choices[0]!.next = "page";
    t.steps[1]!.choices[0]!.next = "gone";
    t.steps[1]!.signs = ["otp", "who"];
    t.steps[1]!.choices[1]!.caught = ["why"];
    expect(codes(t)).toEqual([
      "endings.0.id scenarioDuplicateId",
      "steps.1.signs scenarioUnknownSign",
      "steps.1.choices.0.next scenarioBadTarget",
      "steps.1.choices.1.caught scenarioUnknownSign",
      // The ending "safe" is now called "page": the step that led to it leads nowhere.
      "steps.2.choices.0.next scenarioBadTarget",
    ]);
  });

  it("refuses blank or over-long text, and a step with nothing to show", () => {
    const s = sms();
    s.contact = " ";
    s.steps[0]!.messages[0]!.text = "x".repeat(SCENARIO_LIMITS.messageText + 1);
    s.steps[1]!.messages = [];
    s.endings[2]!.body = "";
    expect(codes(s)).toEqual(["contact scenarioText", "steps.0.messages.0.text scenarioText", "steps.1.messages scenarioText", "endings.2.body scenarioText"]);
  });
});

describe("playScenario", () => {
  it("replays a safe play, naming the signs caught and those shown but missed", () => {
    expect(playScenario(sms(), ["ignore"])).toEqual({
      endingId: "safe",
      outcome: "safe",
      choices: [{ stepId: "message", choiceId: "ignore" }],
      caught: ["link"],
      missed: ["threat"],
    });
    expect(playScenario(sms(), ["tap", "close"])).toMatchObject({ endingId: "late", outcome: "safe", caught: ["otp"], missed: ["link", "threat"] });
  });

  it("replays a scammed play: every sign on the way missed", () => {
    expect(playScenario(sms(), ["tap", "give"])).toEqual({
      endingId: "scammed",
      outcome: "scammed",
      choices: [
        { stepId: "message", choiceId: "tap" },
        { stepId: "page", choiceId: "give" },
      ],
      caught: [],
      missed: ["link", "threat", "otp"],
    });
  });

  it("goes back to the message through a step of its own", () => {
    expect(playScenario(sms(), ["tap", "back", "ignore"])).toMatchObject({ endingId: "safe", caught: ["threat"], missed: ["link", "otp"] });
  });

  it("refuses a path that is not a way to an ending", () => {
    for (const path of [[], ["nope"], ["tap"], ["ignore", "tap"], ["tap", "ignore"], ["give"]])
      expect(playScenario(sms(), path), path.join(",")).toBeUndefined();
  });

  it(`replays a path of ${SCENARIO_LIMITS.path} choices through the longest scenario that can be published`, () => {
    const s = sms();
    const extra = SCENARIO_LIMITS.steps - s.steps.length;
    for (let i = 0; i < extra; i++) {
      s.steps.push({
        id: `s${i}`,
        messages: [{ from: "them", text: `${i}` }],
        choices: [{ id: "n", action: "ignore", text: "Tiếp", next: i + 1 < extra ? `s${i + 1}` : "safe" }],
      });
    }
    s.steps[0]!.choices.push({ id: "long", action: "reply", text: "Đọc tiếp", next: "s0" });
    expect(scenarioProblems(s)).toEqual([]);
    const longest = ["long", ...Array.from({ length: extra }, () => "n")];
    expect(longest.length).toBeLessThanOrEqual(SCENARIO_LIMITS.path);
    expect(playScenario(s, longest)).toMatchObject({ endingId: "safe" });
  });

  it(`refuses a path longer than ${SCENARIO_LIMITS.path} choices, which only a cyclic scenario (refused at publish) could have`, () => {
    const s = sms();
    s.steps[1]!.choices[2]!.next = "message";
    const rounds = (n: number) => [...Array.from({ length: n }, () => ["tap", "back"]).flat(), "tap", "close"];
    const longest = rounds(SCENARIO_LIMITS.path / 2 - 1);
    expect(longest).toHaveLength(SCENARIO_LIMITS.path);
    expect(playScenario(s, longest)).toMatchObject({ endingId: "late" });
    expect(playScenario(s, ["tap", "back", ...longest])).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import type { Module } from "../course/schema";
import { grade } from "./grade";

const module = (overrides: Partial<Module["quiz"]> = {}): Module => ({
  id: "m1",
  title: "Bài 1",
  estimatedMinutes: 5,
  lessons: [],
  quiz: {
    passPercent: 70,
    attemptsAllowed: null,
    shuffleQuestions: false,
    shuffleOptions: false,
    drawCount: null,
    reviewPolicy: "after-pass",
    questions: [
      {
        id: "q1",
        kind: "single",
        prompt: "?",
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
        ],
        correctOptionIds: ["b"],
        explanation: "Vì B.",
      },
      {
        id: "q2",
        kind: "multiple",
        prompt: "?",
        options: [
          { id: "a", text: "A" },
          { id: "b", text: "B" },
          { id: "c", text: "C" },
        ],
        correctOptionIds: ["a", "c"],
        explanation: "A và C.",
      },
      {
        id: "q3",
        kind: "true-false",
        prompt: "?",
        options: [
          { id: "true", text: "Đúng" },
          { id: "false", text: "Sai" },
        ],
        correctOptionIds: ["false"],
        explanation: "Sai.",
      },
    ],
    ...overrides,
  },
});

describe("grade", () => {
  it("scores exact matches only: a multiple-choice answer needs exactly the correct options", () => {
    const result = grade(module(), [
      { questionId: "q1", optionIds: ["b"] },
      { questionId: "q2", optionIds: ["a"] },
      { questionId: "q3", optionIds: ["false"] },
    ]);
    expect(result).toMatchObject({ correctCount: 2, questionCount: 3, scorePercent: 67, passed: false });
    expect(result.results[1]).toEqual({ questionId: "q2", correct: false });
  });

  it("counts unanswered questions as wrong", () => {
    expect(grade(module(), [{ questionId: "q1", optionIds: ["b"] }]).scorePercent).toBe(33);
  });

  it("reveals answers only once the quiz is passed, whatever the policy says, and never with correctness-only", () => {
    const allRight = [
      { questionId: "q1", optionIds: ["b"] },
      { questionId: "q2", optionIds: ["a", "c"] },
      { questionId: "q3", optionIds: ["false"] },
    ];
    expect(grade(module({ reviewPolicy: "correctness-only" }), allRight).results[0]).toEqual({ questionId: "q1", correct: true });
    expect(grade(module({ reviewPolicy: "after-pass" }), allRight).results[0]).toHaveProperty("explanation");
    expect(grade(module({ reviewPolicy: "after-pass" }), allRight).results[1]).toMatchObject({ correctOptionIds: ["a", "c"], explanation: "A và C." });
    for (const reviewPolicy of ["after-pass", "after-submit"] as const) {
      // An empty attempt is the cheapest way to ask for the answer key: it gets right/wrong only.
      const empty = grade(module({ reviewPolicy }), []);
      expect(empty.passed).toBe(false);
      for (const result of empty.results) expect(Object.keys(result).sort()).toEqual(["correct", "questionId"]);
    }
  });

  it("with a pool, grades exactly the drawn questions: others are refused, missing ones count as wrong", () => {
    const pooled = module({ drawCount: 2 });
    expect(
      grade(
        pooled,
        [
          { questionId: "q1", optionIds: ["b"] },
          { questionId: "q3", optionIds: ["false"] },
        ],
        ["q1", "q3"],
      ),
    ).toMatchObject({ questionCount: 2, scorePercent: 100 });
    expect(grade(pooled, [{ questionId: "q1", optionIds: ["b"] }], ["q1", "q3"])).toMatchObject({ questionCount: 2, scorePercent: 50 });
    expect(() => grade(pooled, [{ questionId: "q2", optionIds: ["a", "c"] }], ["q1", "q3"])).toThrow(/not asked in this attempt/);
  });

  it("refuses foreign questions, foreign options, duplicates and several answers to a single-choice question", () => {
    expect(() => grade(module(), [{ questionId: "zz", optionIds: [] }])).toThrow(/not part of this quiz/);
    expect(() => grade(module(), [{ questionId: "q1", optionIds: ["zz"] }])).toThrow(/not an option/);
    expect(() =>
      grade(module(), [
        { questionId: "q1", optionIds: ["a"] },
        { questionId: "q1", optionIds: ["b"] },
      ]),
    ).toThrow(/twice/);
    expect(() => grade(module(), [{ questionId: "q1", optionIds: ["a", "b"] }])).toThrow(/one answer/);
  });
});

describe("ordering questions", () => {
  const steps = ["scan", "check", "amount", "confirm"];
  const ordering = (): Module => {
    const base = module();
    return {
      ...base,
      quiz: {
        ...base.quiz,
        questions: [
          {
            id: "q9",
            kind: "ordering",
            prompt: "Thanh toán hoá đơn tiền điện bằng mã QR: sắp xếp các bước.",
            options: steps.map((id) => ({ id, text: `Bước ${id}` })),
            explanation: "Quét mã, kiểm tra tên người nhận, kiểm tra số tiền, rồi mới xác nhận.",
          },
        ],
      },
    };
  };

  it("gives the phone opaque, scrambled step ids that are worked back only on the server", async () => {
    const { learnerQuiz } = await import("../course/learner-view");
    const shown = learnerQuiz("c", 1, ordering(), {}).questions[0]!;
    expect(shown.select).toBe("order");
    expect(shown.options.map((o) => o.text).sort()).toEqual(steps.map((id) => `Bước ${id}`).sort());
    for (const option of shown.options) expect(steps).not.toContain(option.id);
    const idOf = new Map(shown.options.map((o) => [o.text, o.id]));
    const rightOrder = steps.map((id) => idOf.get(`Bước ${id}`)!);
    const graded = grade(ordering(), [{ questionId: "q9", optionIds: rightOrder }]);
    expect(graded).toMatchObject({ scorePercent: 100, passed: true });
    // Revealed after passing, in the phone's ids and the right order.
    expect(graded.results[0]!.correctOptionIds).toEqual(rightOrder);
    const swapped = [rightOrder[1]!, rightOrder[0]!, ...rightOrder.slice(2)];
    expect(grade(ordering(), [{ questionId: "q9", optionIds: swapped }]).results[0]).toEqual({ questionId: "q9", correct: false });
    expect(grade(ordering(), [{ questionId: "q9", optionIds: rightOrder.slice(0, 3) }]).scorePercent).toBe(0);
  });

  it("refuses the authored ids, unknown ids and a step named twice", async () => {
    const { learnerQuiz } = await import("../course/learner-view");
    const shown = learnerQuiz("c", 1, ordering(), {}).questions[0]!;
    expect(() => grade(ordering(), [{ questionId: "q9", optionIds: steps }])).toThrow(/not an option/);
    expect(() => grade(ordering(), [{ questionId: "q9", optionIds: ["szzzzzzzzzz"] }])).toThrow(/not an option/);
    expect(() => grade(ordering(), [{ questionId: "q9", optionIds: [shown.options[0]!.id, shown.options[0]!.id] }])).toThrow(/twice/);
  });
});

describe("ordering ids survive storage", () => {
  it("are the same for a quiz whose keys come back in another order (as DynamoDB returns maps)", async () => {
    const { learnerOptionIds } = await import("../course/option-ids");
    const question = {
      id: "q1",
      kind: "ordering" as const,
      prompt: "Xếp",
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
      ],
      explanation: "Vì.",
    };
    const quiz = {
      passPercent: 70,
      attemptsAllowed: null,
      shuffleQuestions: false,
      shuffleOptions: false,
      drawCount: null,
      reviewPolicy: "after-pass" as const,
      questions: [question],
    };
    const reordered = JSON.parse(
      JSON.stringify({
        questions: [
          {
            explanation: "Vì.",
            options: [
              { text: "A", id: "a" },
              { text: "B", id: "b" },
            ],
            prompt: "Xếp",
            kind: "ordering",
            id: "q1",
          },
        ],
        reviewPolicy: "after-pass",
        drawCount: null,
        shuffleOptions: false,
        shuffleQuestions: false,
        attemptsAllowed: null,
        passPercent: 70,
      }),
    );
    expect([...learnerOptionIds({ quiz }, question)!]).toEqual([...learnerOptionIds({ quiz: reordered }, reordered.questions[0])!]);
  });
});

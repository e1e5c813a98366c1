import type { LearnerQuiz as Quiz } from "@kns/core/model";
import { describe, expect, it } from "vitest";
import { newDraft } from "./quiz";

const question = (id: string, kind: Quiz["questions"][number]["kind"] = "single") => ({
  id,
  kind,
  prompt: `Câu ${id}`,
  select: kind === "multiple" || kind === "spot-the-scam" ? ("many" as const) : ("one" as const),
  options:
    kind === "true-false"
      ? [
          { id: "true", text: "Đúng" },
          { id: "false", text: "Sai" },
        ]
      : ["a", "b", "c", "d"].map((o) => ({ id: o, text: o.toUpperCase() })),
});

const quiz = (changes: Partial<Quiz>): Quiz => ({
  id: "c.m1",
  courseId: "c",
  moduleId: "m1",
  version: 1,
  title: "Kiểm tra",
  passPercent: 70,
  attemptsAllowed: null,
  shuffleQuestions: false,
  shuffleOptions: false,
  drawCount: null,
  reviewPolicy: "after-pass",
  questions: ["q1", "q2", "q3", "q4", "q5", "q6"].map((id) => question(id)),
  ...changes,
});

describe("drawing a quiz attempt", () => {
  it("asks every question in order when the quiz neither shuffles nor draws", () => {
    const draft = newDraft(quiz({}));
    expect(draft.questionIds).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
    expect(draft.optionOrder.q1).toEqual(["a", "b", "c", "d"]);
    expect(draft.index).toBe(-1);
  });

  it("asks one of the question sets the server drew, and another one on the next try", () => {
    const draws = [
      { token: "t1", questionIds: ["q1", "q3", "q5"] },
      { token: "t2", questionIds: ["q2", "q4", "q6"] },
    ];
    const pooled = quiz({ drawCount: 3, draws });
    for (let i = 0; i < 20; i++) {
      const draft = newDraft(pooled);
      const draw = draws.find((d) => d.token === draft.drawToken)!;
      expect(draft.questionIds).toEqual(draw.questionIds);
      expect(newDraft(pooled, draft).drawToken).not.toBe(draft.drawToken);
    }
  });

  it("shuffles questions and the options of choice questions, but not true/false or spot-the-scam", () => {
    const shuffling = quiz({
      shuffleQuestions: true,
      shuffleOptions: true,
      questions: [question("q1"), question("q2", "multiple"), question("q3", "true-false"), question("q4", "spot-the-scam"), question("q5"), question("q6")],
    });
    const orders = new Set<string>();
    const optionOrders = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const draft = newDraft(shuffling);
      expect([...draft.questionIds].sort()).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
      orders.add(draft.questionIds.join());
      optionOrders.add(draft.optionOrder.q1!.join());
      expect(draft.optionOrder.q3).toEqual(["true", "false"]);
      expect(draft.optionOrder.q4).toEqual(["a", "b", "c", "d"]);
    }
    expect(orders.size).toBeGreaterThan(1);
    expect(optionOrders.size).toBeGreaterThan(1);
  });
});

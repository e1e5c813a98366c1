import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Seed } from "../../packages/core/src/seed";
import { call, signIn } from "./client";

const CONTENT = resolve(import.meta.dirname, "../../content/courses");
let first: Awaited<ReturnType<typeof Seed.curriculum>>;

beforeAll(async () => {
  await Seed.demo();
  first = await Seed.curriculum(CONTENT);
});

describe("the seeded curriculum", () => {
  it("publishes one course per topic", async () => {
    // cyber-safety-citizens is the citizens' version (audience "citizens"): members do not see it.
    expect(first.map((c) => c.id).sort()).toEqual(["cyber-safety", "cyber-safety-citizens", "e-commerce", "payments", "public-services"]);
    const { accessToken } = await signIn("0912000001");
    const res = await call("GET", "/courses", { token: accessToken });
    expect(res.json.items.map((c: { topic: string }) => c.topic).sort()).toEqual(["cyber-safety", "e-commerce", "payments", "public-services"]);
    for (const course of res.json.items) {
      expect(course.moduleCount).toBeGreaterThanOrEqual(3);
      expect(course.estimatedMinutes).toBeGreaterThan(10);
    }
  });

  it("is idempotent: seeding again publishes nothing new", async () => {
    const again = await Seed.curriculum(CONTENT);
    expect(again.every((c) => !c.published && c.version === 1)).toBe(true);
  });

  it("ships spot-the-scam questions without their answers", async () => {
    const { accessToken } = await signIn("0912000001");
    const course = await call("GET", "/courses/cyber-safety", { token: accessToken });
    let spot = 0;
    for (const module of course.json.modules) {
      const quiz = await call("GET", `/quizzes/${module.quizId}`, { token: accessToken });
      expect(quiz.text).not.toMatch(/correctOptionIds|explanation/);
      spot += quiz.json.questions.filter((q: { kind: string }) => q.kind === "spot-the-scam").length;
    }
    expect(spot).toBeGreaterThanOrEqual(2);
  });
});

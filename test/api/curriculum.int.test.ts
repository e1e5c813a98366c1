import { readFileSync, readdirSync } from "node:fs";
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
  it("publishes every course of content/courses; members see the members' courses, not the citizens' versions", async () => {
    const folders = readdirSync(CONTENT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(first.map((c) => c.id).sort()).toEqual(folders);
    expect(first.every((c) => c.published && c.version === 1)).toBe(true);
    const audience = (id: string) => JSON.parse(readFileSync(resolve(CONTENT, id, "course.json"), "utf8")).audience as string;
    const { accessToken } = await signIn("0912000001");
    const res = await call("GET", "/courses", { token: accessToken });
    expect(res.json.items.map((c: { id: string }) => c.id).sort()).toEqual(folders.filter((id) => audience(id) === "members"));
    // The four core topics each have their course, and every course is a real one: 3 modules or more, over 10 minutes.
    expect(new Set(res.json.items.map((c: { topic: string }) => c.topic))).toEqual(
      new Set(["public-services", "payments", "e-commerce", "cyber-safety", "other"]),
    );
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

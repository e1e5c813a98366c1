import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Unit } from "../../packages/core/src/unit";
import { answers, importTestCourse } from "../fixtures/course";
import { call, seedDemo } from "./client";

beforeAll(async () => {
  await seedDemo();
  await importTestCourse();
});

describe("a member's own data", () => {
  it("can be downloaded, and deleted while completion counts stay and the certificate stays verifiable without the name", async () => {
    const reg = await call("POST", "/auth/register", {
      body: { phone: "0355111222", password: "RuongBac2026", fullName: "Quàng Văn Bình", joinCode: "DEMO-SONLA", consent: true },
    });
    const token = reg.json.accessToken as string;
    for (const m of ["m1", "m2"]) await call("POST", `/quizzes/test-course.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
    await call("POST", "/progress", {
      token,
      body: {
        events: ["m1", "m2"].flatMap((m) =>
          ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId: "test-course", lessonId: `${m}-${l}` })),
        ),
      },
    });

    const helped = { id: randomUUID(), at: new Date(Date.now() - 3_600_000).toISOString(), skill: "payments", outcome: "cashless-bill", people: 2 };
    expect((await call("POST", "/activities", { token, body: { activities: [helped] } })).status).toBe(200);
    expect((await call("PUT", "/me/notifications/sms", { token, body: { enabled: false, consentVersion: "2026-12" } })).status).toBe(200);

    const data = await call("GET", "/me/data", { token });
    expect(data.json.fieldWork).toMatchObject([{ id: helped.id, people: 2, outcome: "cashless-bill" }]);
    expect(Array.isArray(data.json.notifications)).toBe(true);
    expect(data.json.profile).toMatchObject({ fullName: "Quàng Văn Bình", phone: "0355111222", consent: { policyVersion: expect.any(String) } });
    expect(data.json.profile).not.toHaveProperty("passwordHash");
    expect(data.json.quizAttempts).toHaveLength(2);
    expect(data.json.lessonCompletions).toHaveLength(4);
    expect(data.json.certificates).toHaveLength(1);
    const code = data.json.certificates[0].code as string;

    const members = (await Unit.stats("sla")).members;
    const completed = (await Unit.stats("sla")).completedByCourse["test-course"];
    expect((await call("POST", "/me/delete", { token, body: { password: "wrong-one1", confirm: true } })).status).toBe(401);
    expect((await call("POST", "/me/delete", { token, body: { password: "RuongBac2026", confirm: true } })).status).toBe(204);

    expect((await call("POST", "/auth/login", { body: { phone: "0355111222", password: "RuongBac2026" } })).status).toBe(401);
    expect((await call("GET", "/me", { token })).status).toBe(401);
    expect((await Unit.stats("sla")).members).toBe(members - 1);
    expect((await Unit.stats("sla")).completedByCourse["test-course"]).toBe(completed);
    const verified = await call("GET", `/verify/${code}`);
    expect(verified.json.valid).toBe(true);
    expect(verified.text).not.toContain("Bình");
    // The phone number is free again.
    expect(
      (
        await call("POST", "/auth/register", {
          body: { phone: "0355111222", password: "RuongBac2026", fullName: "Quàng Văn Bình", joinCode: "DEMO-SONLA", consent: true },
        })
      ).status,
    ).toBe(201);
  });
});

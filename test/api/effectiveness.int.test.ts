import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../packages/api/src/jobs";
import { Course } from "../../packages/core/src/course";
import { Job } from "../../packages/core/src/job";
import { SVG, answers, importTestCourse, testBundle } from "../fixtures/course";
import { app, call, seedDemo, signIn } from "./client";

/**
 * Who counts (docs/effectiveness.md), seen from the three places an admin reads it: the dashboard, the team page
 * and the completion list must agree. Staff are not learners; accounts nobody activated are shown apart; only
 * core courses count in rates; a test course is never shown to learners.
 */
let sla: string;

beforeAll(async () => {
  Job.runLocally(runJob);
  await seedDemo();
  await importTestCourse();
  const optional = testBundle("optional-course", "Khoá tự chọn");
  optional.curriculum = "optional";
  await Course.importBundle(optional, async () => SVG, { userId: "system" });
  const test = testBundle("trainer-test", "Khoá thử của giảng viên");
  test.curriculum = "test";
  await Course.importBundle(test, async () => SVG, { userId: "system" });
  sla = (await signIn("0912000003")).accessToken;
});

async function finish(token: string, courseId: string) {
  for (const m of ["m1", "m2"]) await call("POST", `/quizzes/${courseId}.${m}/attempts`, { token, body: { attemptId: randomUUID(), answers: answers(m) } });
  const events = ["m1", "m2"].flatMap((m) => ["l1", "l2"].map((l) => ({ id: randomUUID(), type: "lesson.completed", courseId, lessonId: `${m}-${l}` })));
  expect((await call("POST", "/progress", { token, body: { events } })).status).toBe(200);
}

async function exportCsv(): Promise<string[][]> {
  const started = await call("POST", "/admin/exports", { token: sla, body: { unitId: "sla", format: "csv" } });
  await Job.idle();
  const status = await call("GET", `/admin/exports/${started.json.id}`, { token: sla });
  const link = new URL(status.json.downloadUrl, "http://localhost");
  const text = await (await app.request(link.pathname + link.search)).text();
  return text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(","));
}

describe("who counts", () => {
  it("never shows a test course to learners, and lists an optional one without counting it", async () => {
    const learner = (await signIn("0912000001")).accessToken;
    const ids = (await call("GET", "/courses", { token: learner })).json.items.map((c: { id: string }) => c.id);
    expect(ids).toContain("optional-course");
    expect(ids).not.toContain("trainer-test");
    expect((await call("GET", "/courses/trainer-test", { token: learner })).status).toBe(404);
    expect((await call("GET", "/quizzes/trainer-test.m1", { token: learner })).status).toBe(404);
  });

  it("gives the same learners and completions on the dashboard, the team page and the completion list", async () => {
    const learner = (await signIn("0912000001")).accessToken;
    await finish(learner, "test-course");
    await finish(learner, "optional-course");
    const csv = ["fullName,phone,unitCode,role", "Lò Văn Mới,0987600001,SLA-MUONGBU-BANBO,member", "Cà Thị Chưa,0987600002,SLA-MUONGBU-BANBO,member"].join(
      "\n",
    );
    expect((await call("POST", "/admin/members/import?dryRun=false", { token: sla, raw: csv, headers: { "content-type": "text/csv" } })).json.created).toBe(2);

    const dashboard = (await call("GET", "/admin/units/sla-muongbu/report", { token: sla })).json;
    const teamRow = dashboard.children.find((row: { unitId: string }) => row.unitId === "sla-muongbu-banbo");
    // Lò Thị Hương and the team leader; the two imported people apart; the optional course not counted.
    expect(teamRow).toMatchObject({ members: 2, pending: 2, completed: 1, percent: 50 });
    expect(dashboard.courses).toEqual(
      ["test-course", "cyber-safety", "e-commerce", "payments", "public-services"].filter((id) => dashboard.courses.includes(id)),
    );
    expect(dashboard.courses).toContain("test-course");
    expect(dashboard.courses).not.toContain("optional-course");

    const team = (await call("GET", "/admin/units/sla-muongbu-banbo/members", { token: sla })).json;
    expect(team.courses.map((c: { id: string }) => c.id).sort()).toEqual([...dashboard.courses].sort());
    const learners = team.members.filter((m: { pending: boolean }) => !m.pending);
    expect(learners).toHaveLength(teamRow.members);
    expect(team.members.filter((m: { pending: boolean }) => m.pending)).toHaveLength(teamRow.pending);
    const teamCompleted = learners.reduce(
      (sum: number, m: { courses: Record<string, { completed: boolean }> }) => sum + Object.values(m.courses).filter((c) => c.completed).length,
      0,
    );
    expect(teamCompleted).toBe(teamRow.completed);

    const rows = (await exportCsv()).filter((cells) => cells[4] === "Tổ CNSCĐ bản Bó");
    const listed = new Set(rows.filter((cells) => cells[6] !== "Chưa kích hoạt tài khoản").map((cells) => cells[0]));
    expect(listed.size).toBe(teamRow.members);
    expect(new Set(rows.filter((cells) => cells[6] === "Chưa kích hoạt tài khoản").map((cells) => cells[0])).size).toBe(teamRow.pending);
    expect(rows.filter((cells) => cells[6] === "Hoàn thành")).toHaveLength(teamRow.completed);
    expect(rows.some((cells) => cells[5] === "Khoá tự chọn")).toBe(false);
    const all = await exportCsv();
    // Staff (the province admin) are not learners anywhere.
    expect(all.some((cells) => cells[0] === "Cầm Văn Đức")).toBe(false);
  });
});

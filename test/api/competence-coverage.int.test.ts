import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CompetenceCoverage, COMPETENCE_CODES, fieldWorkMonth } from "../../packages/core/src/model";
import { Seed } from "../../packages/core/src/seed";
import { importTestCourse } from "../fixtures/course";
import { call, expectErrorShape, finishCourse, signIn } from "./client";

/**
 * GET /admin/units/:unitId/competences through the real app: a member of the demo team completes the test
 * course (its lessons teach cyber-safety and 4.2, its questions 4.2 and cyber-safety) and records help given
 * with cyber-safety; the commune's admin and the team's leader then see it counted, and the certificate names
 * the competences.
 */

type Item = CompetenceCoverage["items"][number];

let communeAdmin: string;
let leader: string;
let learner: string;
let month: string;

const coverage = async (token: string, unitId: string, query = "") => {
  const res = await call("GET", `/admin/units/${unitId}/competences${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json as CompetenceCoverage;
};
const item = (body: CompetenceCoverage, code: string) => body.items.find((entry) => entry.code === code) as Item;

beforeAll(async () => {
  await Seed.demo();
  await importTestCourse();
  learner = (await signIn("0912000001")).accessToken;
  leader = (await signIn("0912000005")).accessToken;
  communeAdmin = (await signIn("0912000007")).accessToken;
  await finishCourse(learner, "test-course");
  const now = new Date();
  month = fieldWorkMonth(now);
  const recorded = await call("POST", "/activities", {
    token: learner,
    body: { activities: [{ id: randomUUID(), at: now.toISOString(), skill: "cyber-safety", outcome: "scam-reported", people: 3 }] },
  });
  expect(recorded.status, recorded.text).toBe(200);
});

describe("competence coverage", () => {
  it("counts the completed course under the competences it teaches, for the commune's admin", async () => {
    const body = await coverage(communeAdmin, "sla-muongbu");
    expect(body.unit).toEqual({ unitId: "sla-muongbu", name: expect.any(String), kind: "commune" });
    expect(body.month).toBe(month);
    // The same members the unit's report counts (citizens apart), of whom the demo learner is one.
    const report = await call("GET", "/admin/units/sla-muongbu/report", { token: communeAdmin });
    expect(body.members).toBe(report.json.unit.members);
    expect(body.members).toBeGreaterThanOrEqual(1);
    // Every competence, so gaps show: the 5 basic skills first, then DigComp's 21.
    expect(body.items.map((entry) => entry.code)).toEqual(COMPETENCE_CODES);
    expect(COMPETENCE_CODES).toHaveLength(26);

    for (const code of ["cyber-safety", "dc-4.2"]) {
      const entry = item(body, code);
      expect(entry.courses, code).toContainEqual({ id: "test-course", title: "Khoá học thử nghiệm", audience: "members", completed: 1 });
      expect(entry.learnedAtLeast, code).toBe(1);
      expect(entry.percent, code).toBe(Math.floor(100 / body.members));
    }
    expect(item(body, "cyber-safety").kind).toBe("basic");
    expect(item(body, "dc-4.2").kind).toBe("digcomp");
  });

  it("shows a competence no course teaches with no courses and nobody", async () => {
    const body = await coverage(communeAdmin, "sla-muongbu");
    for (const code of ["dc-3.4", "dc-4.4"]) {
      expect(item(body, code), code).toEqual({ code, kind: "digcomp", courses: [], learnedAtLeast: 0, percent: 0 });
    }
    // A basic skill no course teaches still carries the month's field work (none here).
    const untaught = body.items.find((entry) => entry.kind === "basic" && entry.courses.length === 0);
    if (untaught) expect(untaught).toMatchObject({ learnedAtLeast: 0, percent: 0, helped: { people: 0, sessions: 0 } });
  });

  it("adds the month's field work to the basic skills only", async () => {
    const body = await coverage(communeAdmin, "sla-muongbu", `?month=${month}`);
    expect(item(body, "cyber-safety").helped).toEqual({ people: 3, sessions: 1 });
    expect(item(body, "payments").helped).toEqual({ people: 0, sessions: 0 });
    expect(item(body, "dc-4.2")).not.toHaveProperty("helped");
    // Another month: the courses still count, the help does not.
    const earlier = await coverage(communeAdmin, "sla-muongbu", "?month=2020-01");
    expect(earlier.month).toBe("2020-01");
    expect(item(earlier, "cyber-safety").helped).toEqual({ people: 0, sessions: 0 });
    expect(item(earlier, "cyber-safety").learnedAtLeast).toBe(1);
  });

  it("is open to the team's own leader for the team", async () => {
    const body = await coverage(leader, "sla-muongbu-banbo");
    expect(body.unit).toMatchObject({ unitId: "sla-muongbu-banbo", kind: "team" });
    const safety = item(body, "cyber-safety");
    expect(safety.courses).toContainEqual({ id: "test-course", title: "Khoá học thử nghiệm", audience: "members", completed: 1 });
    expect(safety.learnedAtLeast).toBe(1);
    expect(safety.percent).toBe(Math.floor(100 / body.members));
    expect(safety.helped).toEqual({ people: 3, sessions: 1 });
    expect(item(body, "dc-4.2").learnedAtLeast).toBe(1);
    // The leader oversees the team, not the commune above it.
    expect((await call("GET", "/admin/units/sla-muongbu/competences", { token: leader })).status).toBe(404);
  });

  it("refuses a month that is not one", async () => {
    for (const bad of ["2026-13", "2026-00", "2026-5", "soon"]) {
      const res = await call("GET", `/admin/units/sla-muongbu/competences?month=${bad}`, { token: communeAdmin });
      expect(res.status, bad).toBe(400);
      expectErrorShape(res.json);
    }
  });

  it("is not shown outside the viewer's scope", async () => {
    // Another province's admin: told the unit does not exist, as for every unit outside a scope (not 403).
    const dbn = (await signIn("0912000004")).accessToken;
    const res = await call("GET", "/admin/units/sla-muongbu/competences", { token: dbn });
    expect(res.status).toBe(404);
    expect(expectErrorShape(res.json).code).toBe("unit.not_found");
    // A member who leads nothing.
    expect((await call("GET", "/admin/units/sla-muongbu-banbo/competences", { token: learner })).status).toBe(404);
    expect((await call("GET", "/admin/units/sla-muongbu/competences")).status).toBe(401);
  });
});

describe("certificates name the competences", () => {
  it("lists them on the holder's certificate and on the public verification", async () => {
    const held = await call("GET", "/me/certificates", { token: learner });
    expect(held.status).toBe(200);
    const certificate = held.json.items.find((entry: { courseId: string }) => entry.courseId === "test-course");
    expect(certificate.competences).toEqual(expect.arrayContaining(["cyber-safety", "dc-4.2"]));
    expect(held.json.items[0].competences).toEqual(expect.arrayContaining(["cyber-safety", "dc-4.2"]));
    const verified = await call("GET", `/verify/${certificate.code}`);
    expect(verified.status).toBe(200);
    expect(verified.json.competences).toEqual(expect.arrayContaining(["cyber-safety", "dc-4.2"]));
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SVG, testBundle } from "../../../../test/fixtures/course";
import { checkCourseFolder, checkCurriculum } from "./check";

const COURSES = resolve(import.meta.dirname, "../../../../content/courses");

/**
 * The content check over the shipped curriculum (docs/curriculum.md): every course passes every publish rule
 * (explanations that cite positions, lessons without sources, review date or competences, retired terms…) and
 * the programme's own rules, and the curriculum is as broad as the programme needs.
 */
describe("the shipped curriculum", () => {
  const courses = checkCurriculum(COURSES);

  it.each(courses.map((course) => [course.id, course] as const))("%s passes the content check", (_id, course) => {
    expect(course.problems).toEqual([]);
  });

  it("has at least 12 courses, the citizens' versions of the 4 core ones among them", () => {
    expect(courses.length).toBeGreaterThanOrEqual(12);
    const ids = courses.map((course) => course.id);
    for (const core of ["public-services", "payments", "e-commerce", "cyber-safety"]) expect(ids).toContain(`${core}-citizens`);
  });

  it("asks about a quarter of its questions beyond single choice, and plays scenarios", () => {
    const questions = courses.reduce((sum, course) => sum + course.questions, 0);
    const beyond = courses.reduce((sum, course) => sum + course.beyondSingle, 0);
    expect(beyond / questions).toBeGreaterThanOrEqual(0.25);
    expect(courses.reduce((sum, course) => sum + course.scenarios, 0)).toBeGreaterThanOrEqual(10);
  });
});

describe("the content check", () => {
  const folderWith = (change: (bundle: ReturnType<typeof testBundle>) => void) => {
    const folder = mkdtempSync(join(tmpdir(), "kns-course-"));
    const bundle = testBundle("bad-course");
    // A members' course has 3 modules or more: a third like the first two.
    bundle.modules.push({ ...structuredClone(bundle.modules[0]!), id: "m3" });
    bundle.modules[2]!.lessons = bundle.modules[2]!.lessons.map((lesson) => ({ ...lesson, id: lesson.id.replace("m1", "m3") }));
    bundle.modules[2]!.quiz.questions = bundle.modules[2]!.quiz.questions.map((question) => ({ ...question, id: question.id.replace("m1", "m3") }));
    for (const module of bundle.modules) {
      const spot = module.quiz.questions.find((q) => q.kind === "spot-the-scam")!;
      spot.prompt = "Chạm vào một chỗ cho thấy đây là lừa đảo.";
    }
    change(bundle);
    mkdirSync(join(folder, "media"));
    writeFileSync(join(folder, "course.json"), JSON.stringify(bundle));
    writeFileSync(join(folder, "media", "sms.svg"), SVG);
    return folder;
  };

  it("passes a course that follows every rule", () => {
    expect(
      checkCourseFolder(
        folderWith(() => {}),
        "2026-12-06",
      ).problems,
    ).toEqual([]);
  });

  it("fails on positions cited, missing sources, review dates and tags, retired terms, ambiguous pictures and stray spaces", () => {
    const folder = folderWith((bundle) => {
      const [first, second] = bundle.modules;
      first!.quiz.questions[0]!.explanation = "Ba việc đầu đều là lừa đảo.";
      first!.lessons[0]!.sources = [];
      delete first!.lessons[1]!.reviewedAt;
      delete second!.quiz.questions[1]!.competences;
      second!.lessons[0] = { ...second!.lessons[0]!, competences: ["dc-4.2"] };
      second!.quiz.questions[2]!.prompt = "Nộp hồ sơ ở Bộ phận một cửa được không ?";
      second!.quiz.questions.find((q) => q.kind === "spot-the-scam")!.prompt = "Chạm vào những chỗ đáng ngờ.";
      bundle.modules[2]!.lessons[0]!.reviewedAt = "2027-01-01";
    });
    const problems = checkCourseFolder(folder, "2026-12-06").problems.join("\n");
    expect(problems).toContain('modules.0.quiz.questions.0.explanation: positionCited {"words":"Ba việc đầu"}');
    expect(problems).toContain("modules.0.lessons.0.sources: noSources");
    expect(problems).toContain("modules.0.lessons.1.reviewedAt: noReviewDate");
    expect(problems).toContain("modules.1.quiz.questions.1.competences: noCompetences");
    expect(problems).toContain("modules.1.lessons.0.competences: competenceKinds");
    expect(problems).toContain('modules.1.quiz.questions.2.prompt: retiredTerm {"term":"Bộ phận một cửa"');
    expect(problems).toContain("modules.1.quiz.questions.4.prompt: asks for several places but only 1 is graded right");
    expect(problems).toContain('modules.1.quiz.questions.2.prompt: stray space in "g ?"');
    expect(problems).toContain('modules.2.lessons.0.reviewedAt: reviewDateFuture {"today":"2026-12-06"}');
  });
});

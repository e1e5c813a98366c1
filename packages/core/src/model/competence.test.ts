import { describe, expect, it } from "vitest";
import { COMPETENCES, COMPETENCE_CODES, DIGCOMP, competenceLabel, courseCompetences, isCompetence, sortCompetences } from "./competence";
import { BASIC_SKILLS } from "./field-work";

describe("competences", () => {
  it("are the 5 basic skills field work records, then DigComp 2.2's 21 competences", () => {
    expect(COMPETENCE_CODES.slice(0, 5)).toEqual([...BASIC_SKILLS]);
    expect(Object.keys(DIGCOMP)).toHaveLength(21);
    expect(COMPETENCE_CODES).toHaveLength(26);
    for (const code of COMPETENCE_CODES) expect(COMPETENCES[code].vi.normalize("NFC")).toBe(COMPETENCES[code].vi);
  });

  it("names DigComp competences with their number, basic skills by name", () => {
    expect(competenceLabel("dc-4.2")).toBe("4.2 Bảo vệ dữ liệu cá nhân và quyền riêng tư");
    expect(competenceLabel("dc-4.2", "en")).toBe("4.2 Protecting personal data and privacy");
    expect(competenceLabel("payments")).toBe("Thanh toán trực tuyến");
    expect(isCompetence("dc-9.9")).toBe(false);
  });

  it("collects a course's competences from its lessons and questions, once each, in list order", () => {
    const content = {
      modules: [
        { lessons: [{ competences: ["dc-4.2", "cyber-safety"] }, {}], quiz: { questions: [{ competences: ["dc-1.2"] }, { competences: ["cyber-safety"] }] } },
        { lessons: [{ competences: ["payments", "dc-4.2"] }], quiz: { questions: [{}] } },
      ],
    };
    expect(courseCompetences(content)).toEqual(["payments", "cyber-safety", "dc-1.2", "dc-4.2"]);
    expect(sortCompetences(["dc-5.4", "nonsense", "dc-1.1", "dc-1.1"])).toEqual(["dc-1.1", "dc-5.4"]);
  });
});

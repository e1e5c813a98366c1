/**
 * The competences lessons, questions, scenarios and certificates are tagged with, and what admins see covered per
 * unit. Vietnam's national framework (Decision 757/QĐ-BKHCN of 29 April 2025, "Khung kiến thức, kỹ năng số cơ
 * bản") could not be read row by row from any source we could reach, so, as the curriculum issue directs, the
 * tags are two lists we could verify (docs/curriculum.md says so and where each comes from):
 *  - the 5 basic digital skills the Community Digital Technology Teams teach (letter 2251/BTTTT and letter
 *    3240/BTTTT-CĐSQG of 2024): the same codes field-work records carry (./field-work.ts BASIC_SKILLS), so what a
 *    commune learned and what its members taught residents are counted on one list;
 *  - the 21 competences of the EU's DigComp 2.2 in its 5 areas, as `dc-<area>.<n>`.
 * A code is written once here: the content schema accepts only these, the trainer's editor offers them, the
 * certificate names them and the admin's coverage screen counts them.
 */
import { BASIC_SKILLS, BASIC_SKILL_LABELS_VI, type BasicSkill } from "./field-work";

export const DIGCOMP_AREAS = ["1", "2", "3", "4", "5"] as const;
export type DigCompArea = (typeof DIGCOMP_AREAS)[number];

export const DIGCOMP_AREA_LABELS: Readonly<Record<DigCompArea, { vi: string; en: string }>> = {
  "1": { vi: "Thông tin và dữ liệu", en: "Information and data literacy" },
  "2": { vi: "Giao tiếp và hợp tác", en: "Communication and collaboration" },
  "3": { vi: "Sáng tạo nội dung số", en: "Digital content creation" },
  "4": { vi: "An toàn", en: "Safety" },
  "5": { vi: "Giải quyết vấn đề", en: "Problem solving" },
};

/** DigComp 2.2's 21 competences (Joint Research Centre, 2022), with their official English names. */
export const DIGCOMP = {
  "dc-1.1": {
    area: "1",
    vi: "Duyệt, tìm kiếm và lọc dữ liệu, thông tin, nội dung số",
    en: "Browsing, searching and filtering data, information and digital content",
  },
  "dc-1.2": { area: "1", vi: "Đánh giá dữ liệu, thông tin và nội dung số", en: "Evaluating data, information and digital content" },
  "dc-1.3": { area: "1", vi: "Quản lý dữ liệu, thông tin và nội dung số", en: "Managing data, information and digital content" },
  "dc-2.1": { area: "2", vi: "Tương tác qua công nghệ số", en: "Interacting through digital technologies" },
  "dc-2.2": { area: "2", vi: "Chia sẻ qua công nghệ số", en: "Sharing through digital technologies" },
  "dc-2.3": { area: "2", vi: "Thực hiện quyền công dân qua công nghệ số", en: "Engaging in citizenship through digital technologies" },
  "dc-2.4": { area: "2", vi: "Hợp tác qua công nghệ số", en: "Collaborating through digital technologies" },
  "dc-2.5": { area: "2", vi: "Ứng xử trên mạng (netiquette)", en: "Netiquette" },
  "dc-2.6": { area: "2", vi: "Quản lý danh tính số", en: "Managing digital identity" },
  "dc-3.1": { area: "3", vi: "Tạo nội dung số", en: "Developing digital content" },
  "dc-3.2": { area: "3", vi: "Kết hợp và chỉnh sửa nội dung số", en: "Integrating and re-elaborating digital content" },
  "dc-3.3": { area: "3", vi: "Bản quyền và giấy phép", en: "Copyright and licences" },
  "dc-3.4": { area: "3", vi: "Lập trình", en: "Programming" },
  "dc-4.1": { area: "4", vi: "Bảo vệ thiết bị", en: "Protecting devices" },
  "dc-4.2": { area: "4", vi: "Bảo vệ dữ liệu cá nhân và quyền riêng tư", en: "Protecting personal data and privacy" },
  "dc-4.3": { area: "4", vi: "Bảo vệ sức khoẻ và an sinh", en: "Protecting health and well-being" },
  "dc-4.4": { area: "4", vi: "Bảo vệ môi trường", en: "Protecting the environment" },
  "dc-5.1": { area: "5", vi: "Giải quyết vấn đề kỹ thuật", en: "Solving technical problems" },
  "dc-5.2": { area: "5", vi: "Xác định nhu cầu và giải pháp công nghệ", en: "Identifying needs and technological responses" },
  "dc-5.3": { area: "5", vi: "Sử dụng sáng tạo công nghệ số", en: "Creatively using digital technologies" },
  "dc-5.4": { area: "5", vi: "Nhận ra những kỹ năng số mình còn thiếu", en: "Identifying digital competence gaps" },
} as const satisfies Record<string, { area: DigCompArea; vi: string; en: string }>;
export type DigComp = keyof typeof DIGCOMP;

const BASIC_SKILL_LABELS_EN: Readonly<Record<BasicSkill, string>> = {
  "public-services": "Online public services",
  "e-commerce": "Online shopping and selling",
  payments: "Online payment",
  "cyber-safety": "Protecting oneself online",
  "local-platforms": "Other local digital platforms",
};

export interface CompetenceInfo {
  /** `basic`: one of the 5 basic skills; `digcomp`: a DigComp 2.2 competence. */
  kind: "basic" | "digcomp";
  vi: string;
  en: string;
}

export const COMPETENCES: Readonly<Record<BasicSkill | DigComp, CompetenceInfo>> = {
  ...(Object.fromEntries(BASIC_SKILLS.map((skill) => [skill, { kind: "basic", vi: BASIC_SKILL_LABELS_VI[skill], en: BASIC_SKILL_LABELS_EN[skill] }])) as Record<
    BasicSkill,
    CompetenceInfo
  >),
  ...(Object.fromEntries(Object.entries(DIGCOMP).map(([code, info]) => [code, { kind: "digcomp", vi: info.vi, en: info.en }])) as Record<
    DigComp,
    CompetenceInfo
  >),
};

export type Competence = BasicSkill | DigComp;
export const COMPETENCE_CODES = Object.keys(COMPETENCES) as Competence[];

export const isCompetence = (code: string): code is Competence => Object.hasOwn(COMPETENCES, code);

/** The competence's name in the language asked for (Vietnamese by default); DigComp ones with their number: "4.2 Bảo vệ dữ liệu…". */
export const competenceLabel = (code: Competence, language: "vi" | "en" = "vi") =>
  COMPETENCES[code].kind === "digcomp" ? `${code.slice(3)} ${COMPETENCES[code][language]}` : COMPETENCES[code][language];

/** At most this many codes on one lesson or question: a lesson that teaches everything teaches nothing. */
export const COMPETENCES_PER_ITEM = 4;

/** Sorts codes as the lists order them (the 5 basic skills first, then DigComp by number), without duplicates. */
export function sortCompetences(codes: Iterable<string>): Competence[] {
  const unique = [...new Set(codes)].filter(isCompetence);
  return unique.sort((a, b) => COMPETENCE_CODES.indexOf(a) - COMPETENCE_CODES.indexOf(b));
}

/** Every competence a course teaches: the union of its lessons' and questions' tags, in framework order. */
export function courseCompetences(content: {
  modules: readonly { lessons: readonly { competences?: readonly string[] }[]; quiz: { questions: readonly { competences?: readonly string[] }[] } }[];
}): Competence[] {
  const codes: string[] = [];
  for (const module of content.modules) {
    for (const lesson of module.lessons) codes.push(...(lesson.competences ?? []));
    for (const question of module.quiz.questions) codes.push(...(question.competences ?? []));
  }
  return sortCompetences(codes);
}

/**
 * GET /admin/units/:unitId/competences?month= — which skills a unit (its whole subtree) has learned, and, for the
 * 5 basic skills, how many residents its members helped with them that month: every competence, so gaps show.
 */
export interface CompetenceCoverage {
  unit: { unitId: string; name: string; kind: string };
  /** Members counted in the unit (not residents registered as citizens). */
  members: number;
  month: string;
  items: {
    code: Competence;
    kind: CompetenceInfo["kind"];
    /** Published courses offered to the unit that teach it, with their completions in the unit. */
    courses: { id: string; title: string; audience: "members" | "citizens"; completed: number }[];
    /**
     * Members who completed at least one members' course teaching it: the best such course's completions. The
     * counters are per course, so a member is never counted twice; they count every version of the course, and the
     * tags are the latest version's, so a tag added in a new version counts the old version's completers too.
     */
    learnedAtLeast: number;
    /** learnedAtLeast ÷ members, 0–100, rounded down; null with no members. */
    percent: number | null;
    /** The 5 basic skills only: residents helped with it that month (field-work records carry the same code). */
    helped?: { people: number; sessions: number };
  }[];
}

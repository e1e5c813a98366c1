import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { contentTypeOf } from "../course/media";
import { Bundle } from "../course/schema";
import { findProblem } from "../course/svg";
import { QUESTION_KINDS, contentProblems, learnerTexts, type MediaFile, vietnamToday } from "../model";

/**
 * The content check over the shipped curriculum (content/courses), run by `npm test` and by
 * `npm run check:content -- <folder>` while writing: every publish rule (positions cited in explanations,
 * lessons without sources, review date or competences, retired terms…), plus the rules the programme holds its
 * own courses to (docs/curriculum.md): size, unambiguous spot-the-scam questions, tidy text and safe pictures.
 */

export interface CourseCheck {
  id: string;
  title: string;
  audience: string;
  modules: number;
  questions: number;
  /** Questions beyond single choice and true/false: multiple, ordering, spot-the-scam. */
  beyondSingle: number;
  scenarios: number;
  problems: string[];
}

/** Members' courses have 3–5 modules, citizens' versions 2–3; every module quiz has 5–10 questions. */
export const COURSE_SHAPE = {
  members: { modules: { min: 3, max: 5 } },
  citizens: { modules: { min: 2, max: 3 } },
  questions: { min: 5, max: 10 },
} as const;

const PLURAL = /(?<![\p{L}])(những|các|tất cả|mọi)(?![\p{L}])/iu;
const SINGULAR = /(?<![\p{L}])(một chỗ|một chi tiết|một điểm|một vùng|chỗ nào|chi tiết nào)(?![\p{L}])/iu;

/** Stray spaces: two or more inside a line, or one before punctuation. */
function strayspace(text: string): string | undefined {
  for (const line of text.split("\n")) {
    const body = line.replace(/^\s+/, "").replace(/\s+$/, "");
    const doubled = /\S {2,}\S/.exec(body);
    if (doubled) return doubled[0];
    const beforePunctuation = /\S +[,.;:!?](?=\s|$)/.exec(body);
    if (beforePunctuation) return beforePunctuation[0];
  }
  return undefined;
}

/** Checks one course folder (course.json and media/): the problems, worded for the person fixing them. */
export function checkCourseFolder(folder: string, today = vietnamToday()): CourseCheck {
  const problems: string[] = [];
  const file = join(folder, "course.json");
  const empty = { id: folder, title: "", audience: "", modules: 0, questions: 0, beyondSingle: 0, scenarios: 0 };
  if (!existsSync(file)) return { ...empty, problems: ["course.json: missing"] };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { ...empty, problems: [`course.json: not valid JSON (${(error as Error).message})`] };
  }
  const parsed = Bundle.safeParse(raw);
  if (!parsed.success) {
    return {
      id: String(raw?.id ?? folder),
      title: String(raw?.title ?? ""),
      audience: String(raw?.audience ?? ""),
      modules: 0,
      questions: 0,
      beyondSingle: 0,
      scenarios: 0,
      problems: parsed.error.issues.map((issue) => `schema: ${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const { format: _format, id, changeSummary: _summary, ...content } = parsed.data;

  // Media: every file referenced exists, is a known type and (SVG) is safe; every file in media/ is used.
  const media: Record<string, MediaFile> = {};
  const referenced = new Set(
    JSON.stringify(content)
      .match(/"media\/[A-Za-z0-9._-]+"/g)
      ?.map((s) => s.slice(1, -1)) ?? [],
  );
  for (const src of referenced) {
    const file = join(folder, src);
    const contentType = contentTypeOf(src);
    if (!existsSync(file)) problems.push(`${src}: file missing`);
    else if (!contentType) problems.push(`${src}: unknown file type`);
    else {
      const bytes = readFileSync(file);
      if (contentType === "image/svg+xml") {
        const unsafe = findProblem(bytes);
        if (unsafe) problems.push(`${src}: unsafe SVG (${JSON.stringify(unsafe)})`);
      }
      media[src] = { key: src, bytes: statSync(file).size, contentType };
    }
  }
  const mediaDir = join(folder, "media");
  if (existsSync(mediaDir)) {
    for (const file of readdirSync(mediaDir)) if (!referenced.has(`media/${file}`)) problems.push(`media/${file}: not used by the course`);
  }

  for (const problem of contentProblems(content, media, today)) {
    problems.push(`${problem.path}: ${problem.code}${problem.params ? ` ${JSON.stringify(problem.params)}` : ""}`);
  }

  const shape = COURSE_SHAPE[content.audience];
  if (content.modules.length < shape.modules.min || content.modules.length > shape.modules.max) {
    problems.push(`modules: ${content.modules.length} modules; a ${content.audience} course has ${shape.modules.min}–${shape.modules.max}`);
  }
  let questions = 0;
  let beyondSingle = 0;
  let scenarios = 0;
  for (const [m, module] of content.modules.entries()) {
    const count = module.quiz.questions.length;
    questions += count;
    if (count < COURSE_SHAPE.questions.min || count > COURSE_SHAPE.questions.max) {
      problems.push(`modules.${m}.quiz: ${count} questions; a module has ${COURSE_SHAPE.questions.min}–${COURSE_SHAPE.questions.max}`);
    }
    scenarios += module.lessons.filter((lesson) => lesson.kind === "scenario").length;
    for (const [q, question] of module.quiz.questions.entries()) {
      const at = `modules.${m}.quiz.questions.${q}`;
      const spec = QUESTION_KINDS[question.kind];
      if (question.kind === "multiple" || question.kind === "ordering" || question.kind === "spot-the-scam") beyondSingle++;
      if (spec.regions && "correctOptionIds" in question) {
        const right = question.correctOptionIds.length;
        if (PLURAL.test(question.prompt) && right < 2) problems.push(`${at}.prompt: asks for several places but only ${right} is graded right`);
        if (SINGULAR.test(question.prompt) && right !== 1) problems.push(`${at}.prompt: asks for one place but ${right} are graded right`);
        if (!PLURAL.test(question.prompt) && !SINGULAR.test(question.prompt)) {
          problems.push(`${at}.prompt: say whether to tap one place or all the places that show the scam`);
        }
      }
    }
  }
  for (const [path, text] of learnerTexts(content)) {
    const stray = strayspace(text);
    if (stray) problems.push(`${path}: stray space in ${JSON.stringify(stray)}`);
  }
  return { id, title: content.title, audience: content.audience, modules: content.modules.length, questions, beyondSingle, scenarios, problems };
}

/** Checks every course folder under `dir`. */
export function checkCurriculum(dir: string, today?: string): CourseCheck[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => checkCourseFolder(join(dir, entry.name), today));
}

/**
 * The course content a trainer edits: its types, kinds and limits come from the runtime-free model
 * (@kns/core/model), which the server's schemas are built from, so the editor and the API cannot disagree.
 */
import {
  COURSE_ID,
  LESSON_KINDS,
  QUESTION_KINDS,
  QUESTION_KIND_LIST,
  TOPICS,
  type Content,
  type ContentProblem,
  type Image,
  type Lesson,
  type LessonKind,
  type MediaFile,
  type Module,
  type Option,
  type Question,
  type QuestionKind,
  type Quiz,
  type Region,
  type Scenario,
  type Topic,
} from "@kns/core/model";

export type { Content, Image, Lesson, LessonKind, MediaFile, Module, Option, Question, QuestionKind, Quiz, Region, Topic };
export { LESSON_KINDS, TOPICS };
export const QUESTION_KINDS_SHOWN = QUESTION_KIND_LIST;
/** A module quiz counts towards the certificate, so it never shows answers before it is passed ("after-submit" is refused at publish). */
export const REVIEW_POLICIES = ["after-pass", "correctness-only"] as const satisfies readonly Quiz["reviewPolicy"][];
export type Audience = Content["audience"];

export type TextLesson = Extract<Lesson, { kind: "text" }>;
export type ImageLesson = Extract<Lesson, { kind: "image" }>;
export type SlidesLesson = Extract<Lesson, { kind: "slides" }>;
export type VideoLesson = Extract<Lesson, { kind: "video" }>;
export type AudioLesson = Extract<Lesson, { kind: "audio" }>;
export type ScenarioLesson = Extract<Lesson, { kind: "scenario" }>;

export type Problem = ContentProblem;

/** The right answer's option ids, whatever the kind (in order for ordering). */
export const correctIds = (question: Question) => QUESTION_KINDS[question.kind].correctAnswer(question);

export type {
  AuthoringCourse,
  ContentDiff,
  DiffQuestion,
  Draft,
  Preview,
  PublishRequest,
  PublishRequestDetail,
  PublishRequestState,
  StoredMedia,
  VersionInfo,
} from "@kns/core/model";
export { issuesCertificates } from "@kns/core/model";

/** How the learner's phone loads a media reference (same rule as core's learner view). */
export function mediaUrl(src: string): string {
  return src.startsWith("media/") ? `/api/v1/${src}` : src;
}

export function emptyQuiz(): Quiz {
  return { passPercent: 70, attemptsAllowed: null, shuffleQuestions: true, shuffleOptions: true, drawCount: null, reviewPolicy: "after-pass", questions: [] };
}

/** The next id of the form `<prefix><n>` not used yet, so ids stay stable when things move (learner progress keys on them). */
export function nextId(prefix: string, used: Iterable<string>): string {
  const taken = new Set(used);
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

export const allLessonIds = (content: Content) => content.modules.flatMap((m) => m.lessons.map((l) => l.id));
export const allQuestionIds = (content: Content) => content.modules.flatMap((m) => m.quiz.questions.map((q) => q.id));

export function newModule(content: Content, title = ""): Module {
  return {
    id: nextId(
      "m",
      content.modules.map((m) => m.id),
    ),
    title,
    estimatedMinutes: 7,
    lessons: [],
    quiz: emptyQuiz(),
  };
}

export function newLesson(content: Content, module: Module, kind: LessonKind): Lesson {
  const base = { id: nextId(`${module.id}-l`, allLessonIds(content)), title: "" };
  switch (kind) {
    case "text":
      return { ...base, kind, body: "" };
    case "image":
      return { ...base, kind, image: { src: "", alt: "" } };
    case "slides":
      return { ...base, kind, slides: [] };
    case "video":
      return { ...base, kind, video: { src: "" } };
    case "audio":
      return { ...base, kind, audio: { src: "" } };
    case "scenario":
      return { ...base, kind, scenario: newScenario() };
  }
}

/** A scenario a trainer starts from: one step with one choice to a safe ending, so it is valid from the start. */
export function newScenario(): Scenario {
  return {
    screen: "call",
    contact: "",
    start: "s1",
    steps: [{ id: "s1", messages: [{ from: "them", text: "" }], choices: [{ id: "c1", action: "hang-up", text: "", next: "e1" }] }],
    endings: [{ id: "e1", outcome: "safe", title: "", body: "" }],
    signs: [],
  };
}

/** A new, empty question of a kind, with the options the registry starts it with. */
export function newQuestion(content: Content, module: Module, kind: QuestionKind, labels: { true: string; false: string }): Question {
  const id = nextId(`${module.id}-q`, allQuestionIds(content));
  const options: Option[] = QUESTION_KINDS[kind].starterOptions.map((o) => ({ id: o.id, text: o.label ? labels[o.label] : "" }));
  const base = { id, prompt: "", options, explanation: "" };
  return kind === "ordering" ? { ...base, kind } : { ...base, kind, correctOptionIds: [] };
}

/** Option ids a, b, c, … (then o27, o28 …), the next one not used in the question. */
export function nextOptionId(question: Question): string {
  const used = new Set(question.options.map((o) => o.id));
  for (const letter of "abcdefghijklmnopqrstuvwxyz") if (!used.has(letter)) return letter;
  return nextId("o", used);
}

/** A copy of `list` with the item at `from` moved to `to` (both clamped). */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || from >= copy.length) return copy;
  const target = Math.max(0, Math.min(copy.length - 1, to));
  const [item] = copy.splice(from, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** A course id from a title: Vietnamese letters without marks, lowercase, hyphens ("An toàn mạng" → "an-toan-mang"). */
export function slugify(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

export { COURSE_ID };

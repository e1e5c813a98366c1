/**
 * The content model as types, with no runtime: course → ordered modules → ordered lessons + one quiz per
 * module. Core's zod schemas (course/schema.ts) are checked against these types, so the two cannot drift; the
 * web app's editor and players use them directly.
 */
import type { Competence } from "./competence";
import type { Scenario } from "./scenario";

export const TOPICS = ["public-services", "payments", "e-commerce", "cyber-safety", "other"] as const;
export type Topic = (typeof TOPICS)[number];

export const AUDIENCES = ["members", "citizens"] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * Where a course stands in the programme (docs/effectiveness.md): `core` courses count in every unit's
 * completion rate; `optional` ones are open to learners but count nowhere unless a campaign assigns them; a
 * `test` course is never shown to learners (a trainer trying things out). Absent means `optional`.
 */
export const CURRICULUM = ["core", "optional", "test"] as const;
export type Curriculum = (typeof CURRICULUM)[number];

/**
 * Whether completing a course issues certificates: every course learners can take does. Publishing one needs a
 * second person's approval (docs/authoring.md); a `test` course is never shown to learners, so one trainer may
 * publish it alone.
 */
export const issuesCertificates = (content: { curriculum?: Curriculum }) => (content.curriculum ?? "optional") !== "test";

/**
 * The order learners see courses in: the programme's core curriculum first, then by topic as TOPICS lists them
 * (the 5 basic skills' order), then by title.
 */
export function catalogueOrder(
  a: { curriculum?: Curriculum; topic: Topic; title: string },
  b: { curriculum?: Curriculum; topic: Topic; title: string },
): number {
  const rank = (course: { curriculum?: Curriculum }) => CURRICULUM.indexOf(course.curriculum ?? "optional");
  return rank(a) - rank(b) || TOPICS.indexOf(a.topic) - TOPICS.indexOf(b.topic) || a.title.localeCompare(b.title, "vi");
}

export const CONTENT_LANGUAGES = ["vi", "en"] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Image {
  src: string;
  alt: string;
  caption?: string;
  width?: number;
  height?: number;
}

/** A media file as stored: the object key and its size, so download sizes are known. */
export interface MediaFile {
  key: string;
  bytes: number;
  contentType: string;
}

/** Where a lesson's facts come from: a legal reference or an official page (docs/curriculum.md). */
export interface Source {
  title: string;
  /** An https:// address of the official page, when there is one. */
  url?: string;
}

interface LessonBase {
  id: string;
  title: string;
  /** The national framework's competences it teaches (./competence.ts); at least one to publish. */
  competences?: Competence[];
  /** Its legal references or official pages; at least one to publish. */
  sources?: Source[];
  /** The day a trainer last checked it against its sources (YYYY-MM-DD); due again after REVIEW_DUE_MONTHS. */
  reviewedAt?: string;
}
export interface TextLesson extends LessonBase {
  kind: "text";
  body: string;
}
export interface ImageLesson extends LessonBase {
  kind: "image";
  image: Image;
  body?: string;
}
export interface SlidesLesson extends LessonBase {
  kind: "slides";
  slides: Image[];
}
export interface VideoLesson extends LessonBase {
  kind: "video";
  video: { src: string; poster?: Image; captions?: string };
  transcript?: string;
}
export interface AudioLesson extends LessonBase {
  kind: "audio";
  audio: { src: string };
  transcript?: string;
}
/** The scam simulator: a mock phone plays a scam and the learner decides at each step (./scenario.ts). */
export interface ScenarioLesson extends LessonBase {
  kind: "scenario";
  scenario: Scenario;
}
export type Lesson = TextLesson | ImageLesson | SlidesLesson | VideoLesson | AudioLesson | ScenarioLesson;
export type LessonKind = Lesson["kind"];

/**
 * The registry of lesson kinds: what differs between kinds that the server, the player and the editor share. A
 * new kind is one entry here, its zod variant (course/schema.ts), its learner view, its player and its editor.
 */
export interface LessonKindSpec {
  /**
   * How the lesson is completed: `read` when the learner reaches its end (or taps "Hoàn thành"); `played` when
   * the server has graded a play through it (a scenario played to a safe ending).
   */
  completes: "read" | "played";
}
export const LESSON_KIND_SPECS: Record<LessonKind, LessonKindSpec> = {
  text: { completes: "read" },
  image: { completes: "read" },
  slides: { completes: "read" },
  video: { completes: "read" },
  audio: { completes: "read" },
  scenario: { completes: "played" },
};
export const LESSON_KINDS = ["text", "image", "slides", "video", "audio", "scenario"] as const satisfies readonly LessonKind[];

export interface Option {
  id: string;
  text: string;
  /** Spot-the-scam: where on the picture this option is. */
  region?: Region;
}

interface QuestionBase {
  id: string;
  /** The framework's competences it checks (./competence.ts); at least one to publish. */
  competences?: Competence[];
  prompt: string;
  image?: Image;
  options: Option[];
  explanation: string;
}
/** Pick one (`single`, `true-false`) or several (`multiple`) of the options. */
export interface ChoiceQuestion extends QuestionBase {
  kind: "single" | "multiple" | "true-false";
  correctOptionIds: string[];
}
/** Tap the places on the picture that show it is a scam; each option is a region. */
export interface SpotTheScamQuestion extends QuestionBase {
  kind: "spot-the-scam";
  correctOptionIds: string[];
}
/** Put the steps in order: `options` are the steps in their right order; the learner sees them scrambled. */
export interface OrderingQuestion extends QuestionBase {
  kind: "ordering";
}
export type Question = ChoiceQuestion | SpotTheScamQuestion | OrderingQuestion;
export type QuestionKind = Question["kind"];

/** Every module quiz counts towards the certificate: answers show only once it is passed ("after-submit" is refused at publish). */
export const REVIEW_POLICIES = ["after-pass", "correctness-only", "after-submit"] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

export interface Quiz {
  passPercent: number;
  attemptsAllowed: number | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  drawCount: number | null;
  reviewPolicy: ReviewPolicy;
  questions: Question[];
}

export interface Module {
  id: string;
  title: string;
  estimatedMinutes: number;
  lessons: Lesson[];
  quiz: Quiz;
}

/** Everything a trainer edits; a published version freezes a copy of it. */
export interface Content {
  title: string;
  summary: string;
  topic: Topic;
  audience: Audience;
  curriculum?: Curriculum;
  language: ContentLanguage;
  cover?: Image;
  tags: string[];
  modules: Module[];
}

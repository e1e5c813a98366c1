import type { Source, Topic } from "./content";
import type { QuestionKind } from "./content";
import type { QuestionKindSpec } from "./questions";
import type { Scenario } from "./scenario";

/**
 * What a learner's phone receives for a published course (built at publish time, see learner-view.ts).
 * Types only, so the web app can import them.
 */
export interface LearnerMedia {
  url: string;
  alt?: string;
  caption?: string;
  width?: number;
  height?: number;
  bytes: number;
}

export type LearnerLesson = {
  id: string;
  title: string;
  kind: "text" | "image" | "slides" | "video" | "audio" | "scenario";
  sizeBytes: number;
  html?: string;
  image?: LearnerMedia;
  slides?: LearnerMedia[];
  video?: { url: string; poster?: LearnerMedia; captionsUrl?: string; bytes: number };
  audio?: { url: string; bytes: number };
  /** The whole scenario, so it plays offline; its recordings' `audio` are URLs here, like other media. */
  scenario?: Scenario;
  /** Where its facts come from and when a trainer last checked them: shown under the lesson, so members can cite them. */
  sources?: Source[];
  reviewedAt?: string;
};

export interface LearnerModule {
  id: string;
  title: string;
  estimatedMinutes: number;
  lessons: LearnerLesson[];
  quizId: string;
  questionCount: number;
  sizeBytes: number;
}

export interface LearnerCourse {
  id: string;
  title: string;
  summary: string;
  topic: Topic;
  audience: "members" | "citizens";
  language: "vi" | "en";
  tags: string[];
  cover?: LearnerMedia;
  version: number;
  changeSummary: string;
  publishedAt: string;
  estimatedMinutes: number;
  sizeBytes: number;
  modules: LearnerModule[];
}

export interface LearnerQuestion {
  id: string;
  kind: QuestionKind;
  prompt: string;
  image?: LearnerMedia;
  /** For `order` questions the ids are opaque and the options scrambled (course/option-ids.ts). */
  options: { id: string; text: string; region?: { x: number; y: number; w: number; h: number } }[];
  /** How the learner answers (the registry's `answer`): one option, several, or all of them in order. */
  select: QuestionKindSpec["answer"];
}

export interface LearnerQuiz {
  id: string;
  courseId: string;
  moduleId: string;
  version: number;
  title: string;
  passPercent: number;
  attemptsAllowed: number | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  drawCount: number | null;
  reviewPolicy: "correctness-only" | "after-submit" | "after-pass";
  /** The whole pool, so a downloaded quiz plays offline; an attempt answers one of `draws` when there are any. */
  questions: LearnerQuestion[];
  /**
   * For a quiz that asks `drawCount` questions of a larger pool: question sets drawn and signed by the server
   * for this learner. An attempt names one (`drawToken`) and answers exactly its questions. Several come with
   * the quiz so a learner offline can take a different set each time.
   */
  draws?: LearnerDraw[];
}

export interface LearnerDraw {
  token: string;
  questionIds: string[];
}

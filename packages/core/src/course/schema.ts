import * as z from "zod/mini";
import "../zod-locale";
import {
  AUDIENCES,
  COMPETENCES_PER_ITEM,
  COMPETENCE_CODES,
  CONTENT_LANGUAGES,
  CURRICULUM,
  CONTENT_LIMITS as L,
  COURSE_ID,
  LOCAL_ID,
  QUESTION_KINDS,
  REVIEW_POLICIES,
  SCENARIO_ACTIONS,
  SCENARIO_LIMITS,
  SCENARIO_SCREENS,
  TOPICS,
  HTTPS_SRC,
  isMediaSrc,
  isReviewDate,
  type Competence,
  type Content as ContentType,
  type MediaFile as MediaFileType,
  type Question as QuestionType,
} from "../model";

/**
 * The content model's validation: course → ordered modules → ordered lessons + one quiz per module. The types
 * and every limit live in the runtime-free model (../model); these schemas are built from them and checked
 * against them at the end of this file, so the two cannot drift. They are the single source of truth for
 * drafts, published versions, bundles and the API.
 */

export { TOPICS };
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

export const CourseId = z.string().check(z.regex(COURSE_ID, "A course id is 2–60 lowercase letters, digits or hyphens"));
const LocalId = z.string().check(z.regex(LOCAL_ID, "Ids are 1–40 lowercase letters, digits, hyphens or underscores"));

/** Checks run in order: trimming first means the length limits apply to the trimmed text. */
const text = (max: number, what = "Text") =>
  z.string().check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(max, `${what} must have at most ${max} characters`));
const markdown = z.string().check(z.maxLength(L.markdown, `Text must have at most ${L.markdown.toLocaleString("en")} characters`));

export const MediaSrc = z.string().check(z.refine(isMediaSrc, "Media must be a file in media/ or an https:// URL"));

const side = z.number().check(z.int(), z.positive(), z.maximum(L.imageSide));
export const Image = z.object({
  src: MediaSrc,
  alt: text(L.alt, "Alt text"),
  caption: z.optional(z.string().check(z.maxLength(L.caption))),
  width: z.optional(side),
  height: z.optional(side),
});
export type Image = z.infer<typeof Image>;

/**
 * A scam-simulator scenario (model/scenario.ts). The shape and every string are bounded here, so a draft in
 * progress can be saved; the graph's rules (an ending reachable from every step, no dead ends, at most
 * SCENARIO_LIMITS.steps steps) are publish problems (scenarioProblems), reported with their path.
 */
const S = SCENARIO_LIMITS;
const shortText = (max: number) => z.string().check(z.maxLength(max, `Text must have at most ${max} characters`));
const signIds = z.array(LocalId).check(z.maxLength(S.signs));
export const Scenario = z.object({
  screen: z.enum(SCENARIO_SCREENS),
  contact: shortText(S.contact),
  start: LocalId,
  steps: z
    .array(
      z.object({
        id: LocalId,
        screen: z.optional(z.enum(SCENARIO_SCREENS)),
        messages: z
          .array(z.object({ from: z.enum(["them", "me", "system"]), text: shortText(S.messageText), audio: z.optional(MediaSrc) }))
          .check(z.maxLength(S.messages.max)),
        link: z.optional(shortText(S.link)),
        signs: z.optional(signIds),
        choices: z
          .array(z.object({ id: LocalId, action: z.enum(SCENARIO_ACTIONS), text: shortText(S.choiceText), next: LocalId, caught: z.optional(signIds) }))
          .check(z.maxLength(S.choices.max)),
      }),
    )
    // Saved up to half again the publish limit, so a trainer over it can still save and trim.
    .check(z.maxLength(S.steps + S.steps / 2)),
  endings: z
    .array(z.object({ id: LocalId, outcome: z.enum(["safe", "scammed"]), title: shortText(S.endingTitle), body: shortText(S.endingBody) }))
    .check(z.maxLength(S.endings)),
  signs: z.array(z.object({ id: LocalId, text: shortText(S.signText) })).check(z.maxLength(S.signs)),
});

/** The national framework's competences (model/competence.ts): known codes, each once, a few per item. */
export const Competences = z.array(z.enum(COMPETENCE_CODES as [Competence, ...Competence[]])).check(
  z.maxLength(COMPETENCES_PER_ITEM, `Tag at most ${COMPETENCES_PER_ITEM} competences`),
  z.refine((codes) => new Set(codes).size === codes.length, "Each competence once"),
);
export const Source = z.object({
  title: text(L.sourceTitle, "Source title"),
  url: z.optional(z.string().check(z.maxLength(L.sourceUrl), z.regex(HTTPS_SRC, "A source's address starts with https://"))),
});
const lessonBase = {
  id: LocalId,
  title: text(L.lessonTitle, "Lesson title"),
  competences: z.optional(Competences),
  sources: z.optional(z.array(Source).check(z.maxLength(L.sources))),
  reviewedAt: z.optional(z.string().check(z.refine(isReviewDate, "A review date is a real day, YYYY-MM-DD"))),
};

export const Lesson = z.discriminatedUnion("kind", [
  z.object({ ...lessonBase, kind: z.literal("text"), body: markdown.check(z.minLength(1, "A text lesson needs a body")) }),
  z.object({ ...lessonBase, kind: z.literal("image"), image: Image, body: z.optional(markdown) }),
  z.object({
    ...lessonBase,
    kind: z.literal("slides"),
    slides: z.array(Image).check(z.minLength(1, "A slide deck needs at least one slide"), z.maxLength(L.slides)),
  }),
  z.object({
    ...lessonBase,
    kind: z.literal("video"),
    video: z.object({ src: MediaSrc, poster: z.optional(Image), captions: z.optional(MediaSrc) }),
    transcript: z.optional(markdown),
  }),
  z.object({ ...lessonBase, kind: z.literal("audio"), audio: z.object({ src: MediaSrc }), transcript: z.optional(markdown) }),
  z.object({ ...lessonBase, kind: z.literal("scenario"), scenario: Scenario }),
]);
export type Lesson = z.infer<typeof Lesson>;
export type LessonKind = Lesson["kind"];

const coordinate = z.number().check(z.minimum(0), z.maximum(L.imageSide));
const extent = z.number().check(z.positive(), z.maximum(L.imageSide));
export const Region = z.object({ x: coordinate, y: coordinate, w: extent, h: extent });
export type Region = z.infer<typeof Region>;

export const Option = z.object({ id: LocalId, text: text(L.optionText, "Option text"), region: z.optional(Region) });
export type Option = z.infer<typeof Option>;

const questionBase = {
  id: LocalId,
  competences: z.optional(Competences),
  prompt: text(L.prompt, "Question prompt"),
  image: z.optional(Image),
  options: z.array(Option).check(z.minLength(L.options.min, "A question needs at least two options"), z.maxLength(L.options.max)),
  explanation: text(L.explanation, "Explanation"),
};
const correctOptionIds = z.array(LocalId).check(z.minLength(1, "Mark at least one correct option"));

/** One variant per kind of the registry (model/questions.ts); the rules every kind shares are checked below. */
export const Question = z
  .discriminatedUnion("kind", [
    z.object({ ...questionBase, kind: z.enum(["single", "multiple", "true-false"]), correctOptionIds }),
    z.object({ ...questionBase, kind: z.literal("spot-the-scam"), correctOptionIds }),
    z.object({ ...questionBase, kind: z.literal("ordering") }),
  ])
  .check(
    z.superRefine((q, ctx) => {
      const spec = QUESTION_KINDS[q.kind];
      const ids = new Set(q.options.map((o) => o.id));
      if (ids.size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Option ids must be unique" });
      if ("correctOptionIds" in q) {
        for (const id of q.correctOptionIds) {
          if (!ids.has(id)) ctx.addIssue({ code: "custom", path: ["correctOptionIds"], message: `"${id}" is not one of this question's options` });
        }
        if (spec.answer === "one" && q.correctOptionIds.length !== 1) {
          ctx.addIssue({ code: "custom", path: ["correctOptionIds"], message: "A single-choice question has exactly one correct option" });
        }
      }
      if (spec.regions) {
        if (!q.image) ctx.addIssue({ code: "custom", path: ["image"], message: "A spot-the-scam question needs an image" });
        if (q.options.some((o) => !o.region))
          ctx.addIssue({ code: "custom", path: ["options"], message: "Every spot-the-scam option needs a region on the image" });
      }
    }),
  );
export type Question = z.infer<typeof Question>;

export const ReviewPolicy = z.enum(REVIEW_POLICIES);

export const Quiz = z.object({
  passPercent: z.number().check(z.int(), z.minimum(L.passPercent.min), z.maximum(L.passPercent.max)),
  attemptsAllowed: z.nullable(z.number().check(z.int(), z.minimum(L.attempts.min), z.maximum(L.attempts.max))),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  drawCount: z.nullable(z.number().check(z.int(), z.minimum(1))),
  reviewPolicy: ReviewPolicy,
  questions: z.array(Question).check(z.maxLength(L.questions)),
});
export type Quiz = z.infer<typeof Quiz>;

export const Module = z.object({
  id: LocalId,
  title: text(L.moduleTitle, "Module title"),
  estimatedMinutes: z.number().check(z.int(), z.minimum(L.moduleMinutes.min), z.maximum(L.moduleMinutes.max)),
  lessons: z.array(Lesson).check(z.maxLength(L.lessons)),
  quiz: Quiz,
});
export type Module = z.infer<typeof Module>;

export const Content = z.object({
  title: text(L.courseTitle, "Course title"),
  summary: text(L.summary, "Summary"),
  topic: Topic,
  audience: z.enum(AUDIENCES),
  curriculum: z.optional(z.enum(CURRICULUM)),
  language: z.enum(CONTENT_LANGUAGES),
  cover: z.optional(Image),
  tags: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(L.tag))).check(z.maxLength(L.tags)),
  modules: z.array(Module).check(z.maxLength(L.modules)),
});
export type Content = z.infer<typeof Content>;

/** The portable bundle (docs/course-bundle.md). */
export const Bundle = z.extend(Content, {
  format: z.literal("kns-course@1"),
  id: CourseId,
  changeSummary: text(L.changeSummary, "Change summary"),
});
export type Bundle = z.infer<typeof Bundle>;

export const MediaFile = z.object({ key: z.string(), bytes: z.number().check(z.int(), z.nonnegative()), contentType: z.string() });
export type MediaFile = z.infer<typeof MediaFile>;

// The schemas and the model's types describe the same values, both ways; a drift fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameContent: Same<Content, ContentType> = true;
const sameQuestion: Same<Question, QuestionType> = true;
const sameMedia: Same<MediaFile, MediaFileType> = true;
void [sameContent, sameQuestion, sameMedia];

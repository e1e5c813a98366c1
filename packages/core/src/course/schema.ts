import * as z from "zod/mini";
import "../zod-locale";

/**
 * The content model: course → ordered modules → ordered lessons + one quiz per module.
 * These schemas are the single source of truth for drafts, published versions, bundles and the API.
 * Strings are bounded so a hostile draft cannot grow an item past DynamoDB's 400 KB.
 */

export const TOPICS = ["public-services", "payments", "e-commerce", "cyber-safety", "other"] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

export const CourseId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,59}$/, "A course id is 2–60 lowercase letters, digits or hyphens"));
const LocalId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Ids are 1–40 lowercase letters, digits, hyphens or underscores"));

/** Checks run in order: trimming first means the length limits apply to the trimmed text. */
const text = (max: number, what = "Text") =>
  z.string().check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(max, `${what} must have at most ${max} characters`));
const markdown = z.string().check(z.maxLength(20_000, "Text must have at most 20,000 characters"));

/** A media reference: a path inside the course's media (`media/x.svg`) or an https URL. */
export const MediaSrc = z
  .string()
  .check(
    z.maxLength(500),
    z.refine((src) => /^media\/[A-Za-z0-9._-]+$/.test(src) || /^https:\/\/[^\s"'<>]+$/.test(src), "Media must be a file in media/ or an https:// URL"),
  );

export const Image = z.object({
  src: MediaSrc,
  alt: text(1000, "Alt text"),
  caption: z.optional(z.string().check(z.maxLength(300))),
  width: z.optional(z.number().check(z.int(), z.positive(), z.maximum(4000))),
  height: z.optional(z.number().check(z.int(), z.positive(), z.maximum(4000))),
});

export type Image = z.infer<typeof Image>;

const lessonBase = { id: LocalId, title: text(160, "Lesson title") };

export const Lesson = z.discriminatedUnion("kind", [
  z.object({ ...lessonBase, kind: z.literal("text"), body: markdown.check(z.minLength(1, "A text lesson needs a body")) }),
  z.object({ ...lessonBase, kind: z.literal("image"), image: Image, body: z.optional(markdown) }),
  z.object({ ...lessonBase, kind: z.literal("slides"), slides: z.array(Image).check(z.minLength(1, "A slide deck needs at least one slide"), z.maxLength(40)) }),
  z.object({
    ...lessonBase,
    kind: z.literal("video"),
    video: z.object({ src: MediaSrc, poster: z.optional(Image), captions: z.optional(MediaSrc) }),
    transcript: z.optional(markdown),
  }),
  z.object({ ...lessonBase, kind: z.literal("audio"), audio: z.object({ src: MediaSrc }), transcript: z.optional(markdown) }),
]);
export type Lesson = z.infer<typeof Lesson>;
export type LessonKind = Lesson["kind"];

export const Region = z.object({
  x: z.number().check(z.minimum(0), z.maximum(4000)),
  y: z.number().check(z.minimum(0), z.maximum(4000)),
  w: z.number().check(z.positive(), z.maximum(4000)),
  h: z.number().check(z.positive(), z.maximum(4000)),
});

export type Region = z.infer<typeof Region>;

export const Option = z.object({ id: LocalId, text: text(300, "Option text"), region: z.optional(Region) });
export type Option = z.infer<typeof Option>;

export const Question = z
  .object({
    id: LocalId,
    kind: z.enum(["single", "multiple", "true-false", "spot-the-scam"]),
    prompt: text(1000, "Question prompt"),
    image: z.optional(Image),
    options: z.array(Option).check(z.minLength(2, "A question needs at least two options"), z.maxLength(12)),
    correctOptionIds: z.array(LocalId).check(z.minLength(1, "Mark at least one correct option")),
    explanation: text(2000, "Explanation"),
  })
  .check(
    z.superRefine((q, ctx) => {
      const ids = new Set(q.options.map((o) => o.id));
      if (ids.size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Option ids must be unique" });
      for (const id of q.correctOptionIds) {
        if (!ids.has(id)) ctx.addIssue({ code: "custom", path: ["correctOptionIds"], message: `"${id}" is not one of this question's options` });
      }
      if ((q.kind === "single" || q.kind === "true-false") && q.correctOptionIds.length !== 1) {
        ctx.addIssue({ code: "custom", path: ["correctOptionIds"], message: "A single-choice question has exactly one correct option" });
      }
      if (q.kind === "spot-the-scam") {
        if (!q.image) ctx.addIssue({ code: "custom", path: ["image"], message: "A spot-the-scam question needs an image" });
        if (q.options.some((o) => !o.region)) ctx.addIssue({ code: "custom", path: ["options"], message: "Every spot-the-scam option needs a region on the image" });
      }
    }),
  );
export type Question = z.infer<typeof Question>;

export const ReviewPolicy = z.enum(["correctness-only", "after-submit", "after-pass"]);

export const Quiz = z.object({
  passPercent: z.number().check(z.int(), z.minimum(1), z.maximum(100)),
  attemptsAllowed: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  drawCount: z.nullable(z.number().check(z.int(), z.minimum(1))),
  reviewPolicy: ReviewPolicy,
  questions: z.array(Question).check(z.maxLength(100)),
});
export type Quiz = z.infer<typeof Quiz>;

export const Module = z.object({
  id: LocalId,
  title: text(160, "Module title"),
  estimatedMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(60)),
  lessons: z.array(Lesson).check(z.maxLength(20)),
  quiz: Quiz,
});
export type Module = z.infer<typeof Module>;

/** Everything a trainer edits; a published version freezes a copy of it. */
export const Content = z.object({
  title: text(160, "Course title"),
  summary: text(600, "Summary"),
  topic: Topic,
  audience: z.enum(["members", "citizens"]),
  language: z.enum(["vi", "en"]),
  cover: z.optional(Image),
  tags: z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(12)),
  modules: z.array(Module).check(z.maxLength(12)),
});
export type Content = z.infer<typeof Content>;

/** The portable bundle (docs/course-bundle.md). */
export const Bundle = z.extend(Content, {
  format: z.literal("kns-course@1"),
  id: CourseId,
  changeSummary: text(1000, "Change summary"),
});
export type Bundle = z.infer<typeof Bundle>;

/** A media file as stored: the object key and its size, so download sizes are known. */
export const MediaFile = z.object({ key: z.string(), bytes: z.number().check(z.int(), z.nonnegative()), contentType: z.string() });
export type MediaFile = z.infer<typeof MediaFile>;

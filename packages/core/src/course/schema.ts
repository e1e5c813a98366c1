import * as z from "zod";

/**
 * The content model: course → ordered modules → ordered lessons + one quiz per module.
 * These schemas are the single source of truth for drafts, published versions, bundles and the API.
 * Strings are bounded so a hostile draft cannot grow an item past DynamoDB's 400 KB.
 */

export const TOPICS = ["public-services", "payments", "e-commerce", "cyber-safety", "other"] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

export const CourseId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, "A course id is 2–60 lowercase letters, digits or hyphens");
const LocalId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Ids are 1–40 lowercase letters, digits, hyphens or underscores");

const text = (max: number, what = "Text") => z.string().trim().min(1, `${what} is required`).max(max, `${what} must have at most ${max} characters`);
const markdown = z.string().max(20_000, "Text must have at most 20,000 characters");

/** A media reference: a path inside the course's media (`media/x.svg`) or an https URL. */
export const MediaSrc = z
  .string()
  .max(500)
  .refine((src) => /^media\/[A-Za-z0-9._-]+$/.test(src) || /^https:\/\/[^\s"'<>]+$/.test(src), "Media must be a file in media/ or an https:// URL");

export const Image = z.object({
  src: MediaSrc,
  alt: text(1000, "Alt text"),
  caption: z.string().max(300).optional(),
  width: z.number().int().positive().max(4000).optional(),
  height: z.number().int().positive().max(4000).optional(),
});

export type Image = z.infer<typeof Image>;

const lessonBase = { id: LocalId, title: text(160, "Lesson title") };

export const Lesson = z.discriminatedUnion("kind", [
  z.object({ ...lessonBase, kind: z.literal("text"), body: markdown.min(1, "A text lesson needs a body") }),
  z.object({ ...lessonBase, kind: z.literal("image"), image: Image, body: markdown.optional() }),
  z.object({ ...lessonBase, kind: z.literal("slides"), slides: z.array(Image).min(1, "A slide deck needs at least one slide").max(40) }),
  z.object({
    ...lessonBase,
    kind: z.literal("video"),
    video: z.object({ src: MediaSrc, poster: Image.optional(), captions: MediaSrc.optional() }),
    transcript: markdown.optional(),
  }),
  z.object({ ...lessonBase, kind: z.literal("audio"), audio: z.object({ src: MediaSrc }), transcript: markdown.optional() }),
]);
export type Lesson = z.infer<typeof Lesson>;
export type LessonKind = Lesson["kind"];

export const Region = z.object({
  x: z.number().min(0).max(4000),
  y: z.number().min(0).max(4000),
  w: z.number().positive().max(4000),
  h: z.number().positive().max(4000),
});

export type Region = z.infer<typeof Region>;

export const Option = z.object({ id: LocalId, text: text(300, "Option text"), region: Region.optional() });
export type Option = z.infer<typeof Option>;

export const Question = z
  .object({
    id: LocalId,
    kind: z.enum(["single", "multiple", "true-false", "spot-the-scam"]),
    prompt: text(1000, "Question prompt"),
    image: Image.optional(),
    options: z.array(Option).min(2, "A question needs at least two options").max(12),
    correctOptionIds: z.array(LocalId).min(1, "Mark at least one correct option"),
    explanation: text(2000, "Explanation"),
  })
  .superRefine((q, ctx) => {
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
  });
export type Question = z.infer<typeof Question>;

export const ReviewPolicy = z.enum(["correctness-only", "after-submit", "after-pass"]);

export const Quiz = z.object({
  passPercent: z.number().int().min(1).max(100),
  attemptsAllowed: z.number().int().min(1).max(100).nullable(),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  drawCount: z.number().int().min(1).nullable(),
  reviewPolicy: ReviewPolicy,
  questions: z.array(Question).max(100),
});
export type Quiz = z.infer<typeof Quiz>;

export const Module = z.object({
  id: LocalId,
  title: text(160, "Module title"),
  estimatedMinutes: z.number().int().min(1).max(60),
  lessons: z.array(Lesson).max(20),
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
  cover: Image.optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(12),
  modules: z.array(Module).max(12),
});
export type Content = z.infer<typeof Content>;

/** The portable bundle (docs/course-bundle.md). */
export const Bundle = Content.extend({
  format: z.literal("kns-course@1"),
  id: CourseId,
  changeSummary: text(1000, "Change summary"),
});
export type Bundle = z.infer<typeof Bundle>;

/** A media file as stored: the object key and its size, so download sizes are known. */
export const MediaFile = z.object({ key: z.string(), bytes: z.number().int().nonnegative(), contentType: z.string() });
export type MediaFile = z.infer<typeof MediaFile>;

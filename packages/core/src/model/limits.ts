/**
 * Every limit of the content model, in one place. Core's zod schemas (course/schema.ts) are built from these,
 * the content problems (./problems.ts) check them, and the trainer's editor shows them. Strings are bounded so
 * a hostile draft cannot grow an item past DynamoDB's 400 KB.
 */
export const CONTENT_LIMITS = {
  courseTitle: 160,
  summary: 600,
  tag: 40,
  tags: 12,
  modules: 12,
  moduleTitle: 160,
  moduleMinutes: { min: 1, max: 60 },
  lessons: 20,
  lessonTitle: 160,
  markdown: 20_000,
  slides: 40,
  mediaSrc: 500,
  alt: 1000,
  caption: 300,
  imageSide: 4000,
  questions: 100,
  /** A quiz asks at least this many questions before it can be published. */
  questionsToPublish: 5,
  prompt: 1000,
  options: { min: 2, max: 12 },
  optionText: 300,
  explanation: 2000,
  passPercent: { min: 1, max: 100 },
  attempts: { min: 1, max: 100 },
  changeSummary: 1000,
  /** A lesson's sources: how many, and each one's title and address. */
  sources: 8,
  sourceTitle: 300,
  sourceUrl: 500,
} as const;

/** Ids inside a course (modules, lessons, questions, options): 1–40 lowercase letters, digits, hyphens, underscores. */
export const LOCAL_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** Course ids: 2–60 lowercase letters, digits or hyphens. */
export const COURSE_ID = /^[a-z0-9][a-z0-9-]{1,59}$/;
/** A media reference: a file in the course's media (`media/x.svg`) or an https URL. */
export const MEDIA_FILE_SRC = /^media\/[A-Za-z0-9._-]+$/;
export const HTTPS_SRC = /^https:\/\/[^\s"'<>]+$/;
export const isMediaSrc = (src: string) => src.length <= CONTENT_LIMITS.mediaSrc && (MEDIA_FILE_SRC.test(src) || HTTPS_SRC.test(src));

/**
 * The learning outbox's limits. A request carries at most `eventsPerRequest` lesson completions; a learner may
 * send `eventsPerMinute` a minute. A learner back from a month offline (12 courses of 20 lessons is 240
 * completions) syncs in 5 requests within the first minute.
 */
export const PROGRESS_LIMITS = { eventsPerRequest: 50, eventsPerMinute: 300 } as const;

/** The rows an XLSX completion list may have: an Excel sheet holds 1,048,576, the header being one. Longer is CSV. */
export const XLSX_MAX_ROWS = 1_048_575;

/**
 * What stops a draft from being saved (the API's Content schema) or published (the API's publish rules), found
 * on the device so the trainer sees it while typing, in their language, each tied to its place in the editor.
 * Mirrors packages/core/src/course/schema.ts and `problems()` in packages/core/src/course/index.ts; the server
 * stays the authority and its own list is shown as well when it finds something this one does not.
 */
import type { Content, Image, Lesson, MediaFile, Question } from "./model";

export type ProblemCode =
  | "courseTitle"
  | "courseSummary"
  | "tag"
  | "tooManyTags"
  | "tooManyModules"
  | "moduleTitle"
  | "moduleMinutes"
  | "tooManyLessons"
  | "lessonTitle"
  | "textBody"
  | "textTooLong"
  | "mediaMissing"
  | "mediaInvalid"
  | "altMissing"
  | "captionTooLong"
  | "slidesEmpty"
  | "tooManySlides"
  | "passPercent"
  | "attempts"
  | "drawCount"
  | "tooManyQuestions"
  | "questionPrompt"
  | "optionCount"
  | "optionText"
  | "optionIds"
  | "correctMissing"
  | "correctOne"
  | "explanation"
  | "spotImage"
  | "spotRegion"
  | "noModules"
  | "noLessons"
  | "fewQuestions"
  | "drawTooMany"
  | "notUploaded"
  | "duplicateId";

export interface Finding {
  path: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
  /** "save": the API refuses to store the draft; "publish": it stores it but will not publish it. */
  level: "save" | "publish";
}

const MEDIA_SRC = /^media\/[A-Za-z0-9._-]+$/;
const HTTPS = /^https:\/\/[^\s"'<>]+$/;
const blank = (value: string | undefined) => !value || value.trim().length === 0;
const isInt = (value: unknown, min: number, max: number) => typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

export function checkContent(content: Content, media: Record<string, MediaFile> = {}): Finding[] {
  const out: Finding[] = [];
  const save = (path: string, code: ProblemCode, params?: Finding["params"]) => out.push({ path, code, params, level: "save" });
  const publish = (path: string, code: ProblemCode, params?: Finding["params"]) => out.push({ path, code, params, level: "publish" });

  const checkSrc = (src: string | undefined, path: string) => {
    if (blank(src)) save(path, "mediaMissing");
    else if ((src ?? "").length > 500 || !(MEDIA_SRC.test(src!) || HTTPS.test(src!))) save(path, "mediaInvalid");
    else if (src!.startsWith("media/") && !media[src!]) publish(path, "notUploaded");
  };
  const checkImage = (image: Image, path: string) => {
    checkSrc(image.src, `${path}.src`);
    if (blank(image.alt)) save(`${path}.alt`, "altMissing");
    else if (image.alt.trim().length > 1000) save(`${path}.alt`, "textTooLong", { max: 1000 });
    if ((image.caption ?? "").length > 300) save(`${path}.caption`, "captionTooLong");
  };
  const checkText = (value: string | undefined, path: string, code: ProblemCode, max: number) => {
    if (blank(value)) save(path, code);
    else if (value!.trim().length > max) save(path, "textTooLong", { max });
  };
  const checkMarkdown = (value: string | undefined, path: string) => {
    if ((value ?? "").length > 20_000) save(path, "textTooLong", { max: 20_000 });
  };

  checkText(content.title, "title", "courseTitle", 160);
  checkText(content.summary, "summary", "courseSummary", 600);
  if (content.cover) checkImage(content.cover, "cover");
  content.tags.forEach((tag, i) => {
    if (blank(tag) || tag.trim().length > 40) save(`tags.${i}`, "tag");
  });
  if (content.tags.length > 12) save("tags", "tooManyTags");
  if (content.modules.length > 12) save("modules", "tooManyModules");
  if (content.modules.length === 0) publish("modules", "noModules");

  const moduleIds = new Set<string>();
  const lessonIds = new Set<string>();
  const questionIds = new Set<string>();
  content.modules.forEach((module, m) => {
    const at = `modules.${m}`;
    checkText(module.title, `${at}.title`, "moduleTitle", 160);
    if (!isInt(module.estimatedMinutes, 1, 60)) save(`${at}.estimatedMinutes`, "moduleMinutes");
    if (module.lessons.length > 20) save(`${at}.lessons`, "tooManyLessons");
    if (moduleIds.has(module.id)) publish(`${at}.id`, "duplicateId", { id: module.id });
    moduleIds.add(module.id);
    if (module.lessons.length === 0) publish(`${at}.lessons`, "noLessons");
    module.lessons.forEach((lesson, l) => {
      const lat = `${at}.lessons.${l}`;
      if (lessonIds.has(lesson.id)) publish(`${lat}.id`, "duplicateId", { id: lesson.id });
      lessonIds.add(lesson.id);
      checkLesson(lesson, lat);
    });

    const quiz = module.quiz;
    const qat = `${at}.quiz`;
    if (!isInt(quiz.passPercent, 1, 100)) save(`${qat}.passPercent`, "passPercent");
    if (quiz.attemptsAllowed !== null && !isInt(quiz.attemptsAllowed, 1, 100)) save(`${qat}.attemptsAllowed`, "attempts");
    if (quiz.drawCount !== null && !isInt(quiz.drawCount, 1, Number.MAX_SAFE_INTEGER)) save(`${qat}.drawCount`, "drawCount");
    if (quiz.questions.length > 100) save(`${qat}.questions`, "tooManyQuestions");
    if (quiz.questions.length < 5) publish(`${qat}.questions`, "fewQuestions", { count: quiz.questions.length });
    if (quiz.drawCount !== null && quiz.drawCount > quiz.questions.length) publish(`${qat}.drawCount`, "drawTooMany", { draw: quiz.drawCount, count: quiz.questions.length });
    quiz.questions.forEach((question, i) => {
      const at = `${qat}.questions.${i}`;
      if (questionIds.has(question.id)) publish(`${at}.id`, "duplicateId", { id: question.id });
      questionIds.add(question.id);
      checkQuestion(question, at);
    });
  });
  return out;

  function checkLesson(lesson: Lesson, at: string) {
    checkText(lesson.title, `${at}.title`, "lessonTitle", 160);
    switch (lesson.kind) {
      case "text":
        if ((lesson.body ?? "").length === 0) save(`${at}.body`, "textBody");
        checkMarkdown(lesson.body, `${at}.body`);
        break;
      case "image":
        checkImage(lesson.image, `${at}.image`);
        checkMarkdown(lesson.body, `${at}.body`);
        break;
      case "slides":
        if (lesson.slides.length === 0) save(`${at}.slides`, "slidesEmpty");
        if (lesson.slides.length > 40) save(`${at}.slides`, "tooManySlides");
        lesson.slides.forEach((slide, i) => checkImage(slide, `${at}.slides.${i}`));
        break;
      case "video":
        checkSrc(lesson.video.src, `${at}.video.src`);
        if (lesson.video.poster) checkImage(lesson.video.poster, `${at}.video.poster`);
        if (lesson.video.captions !== undefined) checkSrc(lesson.video.captions, `${at}.video.captions`);
        checkMarkdown(lesson.transcript, `${at}.transcript`);
        break;
      case "audio":
        checkSrc(lesson.audio.src, `${at}.audio.src`);
        checkMarkdown(lesson.transcript, `${at}.transcript`);
        break;
    }
  }

  function checkQuestion(question: Question, at: string) {
    checkText(question.prompt, `${at}.prompt`, "questionPrompt", 1000);
    if (question.image) checkImage(question.image, `${at}.image`);
    if (question.options.length < 2 || question.options.length > 12) save(`${at}.options`, "optionCount");
    question.options.forEach((option, o) => checkText(option.text, `${at}.options.${o}.text`, "optionText", 300));
    const ids = new Set(question.options.map((o) => o.id));
    if (ids.size !== question.options.length) save(`${at}.options`, "optionIds");
    const correct = question.correctOptionIds.filter((id) => ids.has(id));
    if (correct.length === 0 || correct.length !== question.correctOptionIds.length) save(`${at}.correctOptionIds`, "correctMissing");
    else if ((question.kind === "single" || question.kind === "true-false") && correct.length !== 1) save(`${at}.correctOptionIds`, "correctOne");
    checkText(question.explanation, `${at}.explanation`, "explanation", 2000);
    if (question.kind === "spot-the-scam") {
      if (!question.image) save(`${at}.image`, "spotImage");
      question.options.forEach((option, o) => {
        if (!option.region) save(`${at}.options.${o}`, "spotRegion");
      });
    }
  }
}

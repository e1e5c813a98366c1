import type { Content, Image, Lesson, MediaFile, Question } from "./content";
import { COMPETENCES, COMPETENCES_PER_ITEM, type Competence } from "./competence";
import { citedPosition, isReviewDate, retiredTermIn, vietnamToday } from "./currency";
import { CONTENT_LIMITS as L, HTTPS_SRC, isMediaSrc } from "./limits";
import { QUESTION_KINDS } from "./questions";
import { SCENARIO_PROBLEM_CODES, scenarioProblems } from "./scenario";

/**
 * Everything that stops a draft from being saved (the content schema) or published (the publishing rules), each
 * tied to its place in the content by a dotted path, as a code and its params: the server refuses with these,
 * and the trainer's editor finds the same ones while they type and words them in their language.
 */
export const PROBLEM_CODES = [
  "courseTitle",
  "courseSummary",
  "tag",
  "tooManyTags",
  "tooManyModules",
  "moduleTitle",
  "moduleMinutes",
  "tooManyLessons",
  "lessonTitle",
  "textBody",
  "textTooLong",
  "mediaMissing",
  "mediaInvalid",
  "altMissing",
  "captionTooLong",
  "slidesEmpty",
  "tooManySlides",
  "passPercent",
  "attempts",
  "drawCount",
  "tooManyQuestions",
  "questionPrompt",
  "optionCount",
  "optionText",
  "optionIds",
  "correctMissing",
  "correctOne",
  "explanation",
  "spotImage",
  "spotRegion",
  "noModules",
  "noLessons",
  "fewQuestions",
  "drawTooMany",
  "passUnreachable",
  "answersBeforePass",
  "notUploaded",
  "duplicateId",
  "noCompetences",
  "tooManyCompetences",
  "competenceKinds",
  "tooManySources",
  "reviewDateFuture",
  "noSources",
  "sourceTitle",
  "sourceUrl",
  "reviewDate",
  "noReviewDate",
  "positionCited",
  "retiredTerm",
  ...SCENARIO_PROBLEM_CODES,
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ContentProblem {
  /** Dotted path into the content, e.g. `modules.0.lessons.2.image.alt`. */
  path: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
  /** "save": the draft cannot be stored like this; "publish": it can be stored but not published. */
  level: "save" | "publish";
}

const blank = (value: string | undefined) => !value || value.trim().length === 0;
const isInt = (value: unknown, min: number, max: number) => typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

/**
 * `today` (Vietnam's day, YYYY-MM-DD) is when a review date would be in the future; the server and the editor
 * both pass their own clock's day.
 */
export function contentProblems(content: Content, media: Record<string, MediaFile> = {}, today = vietnamToday()): ContentProblem[] {
  const out: ContentProblem[] = [];
  const save = (path: string, code: ProblemCode, params?: ContentProblem["params"]) => out.push({ path, code, level: "save", ...(params ? { params } : {}) });
  const publish = (path: string, code: ProblemCode, params?: ContentProblem["params"]) =>
    out.push({ path, code, level: "publish", ...(params ? { params } : {}) });

  const checkSrc = (src: string | undefined, path: string) => {
    if (blank(src)) save(path, "mediaMissing");
    else if (!isMediaSrc(src!)) save(path, "mediaInvalid");
    else if (src!.startsWith("media/") && !media[src!]) publish(path, "notUploaded", { src: src! });
  };
  const checkImage = (image: Image, path: string) => {
    checkSrc(image.src, `${path}.src`);
    if (blank(image.alt)) save(`${path}.alt`, "altMissing");
    else if (image.alt.trim().length > L.alt) save(`${path}.alt`, "textTooLong", { max: L.alt });
    if ((image.caption ?? "").length > L.caption) save(`${path}.caption`, "captionTooLong", { max: L.caption });
  };
  const checkText = (value: string | undefined, path: string, code: ProblemCode, max: number) => {
    if (blank(value)) save(path, code);
    else if (value!.trim().length > max) save(path, "textTooLong", { max });
  };
  const checkMarkdown = (value: string | undefined, path: string) => {
    if ((value ?? "").length > L.markdown) save(path, "textTooLong", { max: L.markdown });
  };

  /** Terms that are no longer true stop publishing (./currency.ts): the trainer sees what to write instead. */
  const checkCurrent = (value: string | undefined, path: string) => {
    const retired = value ? retiredTermIn(value) : undefined;
    if (retired) publish(path, "retiredTerm", { term: retired.term, instead: retired.instead.vi, insteadEn: retired.instead.en });
  };

  checkText(content.title, "title", "courseTitle", L.courseTitle);
  for (const [path, text] of learnerTexts(content)) checkCurrent(text, path);
  checkText(content.summary, "summary", "courseSummary", L.summary);
  if (content.cover) checkImage(content.cover, "cover");
  content.tags.forEach((tag, i) => {
    if (blank(tag) || tag.trim().length > L.tag) save(`tags.${i}`, "tag", { max: L.tag });
  });
  if (content.tags.length > L.tags) save("tags", "tooManyTags", { max: L.tags });
  if (content.modules.length > L.modules) save("modules", "tooManyModules", { max: L.modules });
  if (content.modules.length === 0) publish("modules", "noModules");

  const moduleIds = new Set<string>();
  const lessonIds = new Set<string>();
  const questionIds = new Set<string>();
  content.modules.forEach((module, m) => {
    const at = `modules.${m}`;
    checkText(module.title, `${at}.title`, "moduleTitle", L.moduleTitle);
    if (!isInt(module.estimatedMinutes, L.moduleMinutes.min, L.moduleMinutes.max)) save(`${at}.estimatedMinutes`, "moduleMinutes", L.moduleMinutes);
    if (module.lessons.length > L.lessons) save(`${at}.lessons`, "tooManyLessons", { max: L.lessons });
    if (moduleIds.has(module.id)) publish(`${at}.id`, "duplicateId", { id: module.id });
    moduleIds.add(module.id);
    if (module.lessons.length === 0) publish(`${at}.lessons`, "noLessons", { module: module.title });
    module.lessons.forEach((lesson, l) => {
      const lat = `${at}.lessons.${l}`;
      if (lessonIds.has(lesson.id)) publish(`${lat}.id`, "duplicateId", { id: lesson.id });
      lessonIds.add(lesson.id);
      checkLesson(lesson, lat);
    });

    const quiz = module.quiz;
    const qat = `${at}.quiz`;
    if (!isInt(quiz.passPercent, L.passPercent.min, L.passPercent.max)) save(`${qat}.passPercent`, "passPercent", L.passPercent);
    if (quiz.attemptsAllowed !== null && !isInt(quiz.attemptsAllowed, L.attempts.min, L.attempts.max)) save(`${qat}.attemptsAllowed`, "attempts", L.attempts);
    if (quiz.drawCount !== null && !isInt(quiz.drawCount, 1, Number.MAX_SAFE_INTEGER)) save(`${qat}.drawCount`, "drawCount");
    if (quiz.questions.length > L.questions) save(`${qat}.questions`, "tooManyQuestions", { max: L.questions });
    if (quiz.questions.length < L.questionsToPublish) publish(`${qat}.questions`, "fewQuestions", { count: quiz.questions.length, min: L.questionsToPublish });
    if (quiz.drawCount !== null && quiz.drawCount > quiz.questions.length)
      publish(`${qat}.drawCount`, "drawTooMany", { draw: quiz.drawCount, count: quiz.questions.length });
    const asked = Math.min(quiz.drawCount ?? quiz.questions.length, quiz.questions.length);
    if (asked > 0 && Math.ceil((quiz.passPercent / 100) * asked) > asked) publish(`${qat}.passPercent`, "passUnreachable");
    if (quiz.reviewPolicy === "after-submit") publish(`${qat}.reviewPolicy`, "answersBeforePass");
    quiz.questions.forEach((question, i) => {
      const qp = `${qat}.questions.${i}`;
      if (questionIds.has(question.id)) publish(`${qp}.id`, "duplicateId", { id: question.id });
      questionIds.add(question.id);
      checkQuestion(question, qp);
    });
  });
  return out;

  function checkLesson(lesson: Lesson, at: string) {
    checkText(lesson.title, `${at}.title`, "lessonTitle", L.lessonTitle);
    if (!lesson.competences?.length) publish(`${at}.competences`, "noCompetences");
    else if (lesson.competences.length > COMPETENCES_PER_ITEM) save(`${at}.competences`, "tooManyCompetences", { max: COMPETENCES_PER_ITEM });
    else if (!hasBothKinds(lesson.competences)) publish(`${at}.competences`, "competenceKinds");
    if (!lesson.sources?.length) publish(`${at}.sources`, "noSources");
    if ((lesson.sources?.length ?? 0) > L.sources) save(`${at}.sources`, "tooManySources", { max: L.sources });
    lesson.sources?.forEach((source, i) => {
      checkText(source.title, `${at}.sources.${i}.title`, "sourceTitle", L.sourceTitle);
      if (source.url !== undefined && (source.url.length > L.sourceUrl || !HTTPS_SRC.test(source.url))) save(`${at}.sources.${i}.url`, "sourceUrl");
    });
    if (lesson.reviewedAt === undefined) publish(`${at}.reviewedAt`, "noReviewDate");
    else if (!isReviewDate(lesson.reviewedAt)) save(`${at}.reviewedAt`, "reviewDate");
    else if (lesson.reviewedAt > today) publish(`${at}.reviewedAt`, "reviewDateFuture", { today });
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
        if (lesson.slides.length > L.slides) save(`${at}.slides`, "tooManySlides", { max: L.slides });
        lesson.slides.forEach((slide, i) => {
          checkImage(slide, `${at}.slides.${i}`);
        });
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
      case "scenario":
        // The graph's problems stop publishing, not saving: a scenario is built a step at a time.
        for (const problem of scenarioProblems(lesson.scenario)) publish(`${at}.scenario.${problem.path}`, problem.code, problem.params);
        lesson.scenario.steps.forEach((step, s) => {
          step.messages.forEach((message, m) => {
            if (message.audio !== undefined) checkSrc(message.audio, `${at}.scenario.steps.${s}.messages.${m}.audio`);
          });
        });
        break;
    }
  }

  function checkQuestion(question: Question, at: string) {
    const spec = QUESTION_KINDS[question.kind];
    checkText(question.prompt, `${at}.prompt`, "questionPrompt", L.prompt);
    if (question.image) checkImage(question.image, `${at}.image`);
    if (question.options.length < L.options.min || question.options.length > L.options.max) save(`${at}.options`, "optionCount", L.options);
    question.options.forEach((option, o) => {
      checkText(option.text, `${at}.options.${o}.text`, "optionText", L.optionText);
    });
    const ids = new Set(question.options.map((o) => o.id));
    if (ids.size !== question.options.length) save(`${at}.options`, "optionIds");
    if ("correctOptionIds" in question) {
      const correct = question.correctOptionIds.filter((id) => ids.has(id));
      if (correct.length === 0 || correct.length !== question.correctOptionIds.length) save(`${at}.correctOptionIds`, "correctMissing");
      else if (spec.answer === "one" && correct.length !== 1) save(`${at}.correctOptionIds`, "correctOne");
    }
    checkText(question.explanation, `${at}.explanation`, "explanation", L.explanation);
    if (!question.competences?.length) publish(`${at}.competences`, "noCompetences");
    else if (question.competences.length > COMPETENCES_PER_ITEM) save(`${at}.competences`, "tooManyCompetences", { max: COMPETENCES_PER_ITEM });
    const position = citedPosition(question.explanation ?? "");
    if (position) publish(`${at}.explanation`, "positionCited", { words: position });
    if (spec.regions) {
      if (!question.image) save(`${at}.image`, "spotImage");
      question.options.forEach((option, o) => {
        if (!option.region) save(`${at}.options.${o}`, "spotRegion");
      });
    }
  }
}

/** A lesson needs one of the 5 basic skills and at least one DigComp competence (model/competence.ts). */
const hasBothKinds = (codes: readonly Competence[]) => {
  const kinds = new Set(codes.map((code) => COMPETENCES[code]?.kind));
  return kinds.has("basic") && kinds.has("digcomp");
};

/**
 * Every text a learner reads in a course, with its path: what the retired-terms rule and the content check's
 * tidy-text rule read, written once.
 */
export function* learnerTexts(content: Content): Generator<[string, string]> {
  yield ["title", content.title];
  yield ["summary", content.summary];
  for (const [i, tag] of content.tags.entries()) yield [`tags.${i}`, tag];
  if (content.cover) yield ["cover.alt", content.cover.alt];
  for (const [m, module] of content.modules.entries()) {
    yield [`modules.${m}.title`, module.title];
    for (const [l, lesson] of module.lessons.entries()) {
      yield [`modules.${m}.lessons.${l}.title`, lesson.title];
      for (const [path, text] of lessonTexts(lesson)) if (text) yield [`modules.${m}.lessons.${l}.${path}`, text];
    }
    for (const [q, question] of module.quiz.questions.entries()) {
      const at = `modules.${m}.quiz.questions.${q}`;
      yield [`${at}.prompt`, question.prompt];
      if (question.image) yield [`${at}.image.alt`, question.image.alt];
      for (const [o, option] of question.options.entries()) yield [`${at}.options.${o}.text`, option.text];
      yield [`${at}.explanation`, question.explanation];
    }
  }
}

/** A lesson's learner-visible texts with their paths inside the lesson (for the retired-terms rule). */
function lessonTexts(lesson: Lesson): [string, string][] {
  switch (lesson.kind) {
    case "text":
      return [["body", lesson.body]];
    case "image":
      return [
        ["body", lesson.body ?? ""],
        ["image.alt", lesson.image.alt],
        ["image.caption", lesson.image.caption ?? ""],
      ];
    case "slides":
      return lesson.slides.flatMap((slide, i): [string, string][] => [
        [`slides.${i}.alt`, slide.alt],
        [`slides.${i}.caption`, slide.caption ?? ""],
      ]);
    case "video":
    case "audio":
      return [["transcript", lesson.transcript ?? ""]];
    case "scenario": {
      const scenario = lesson.scenario;
      return [
        ["scenario.contact", scenario.contact],
        ...scenario.steps.flatMap((step, s): [string, string][] => [
          ...step.messages.map((message, m): [string, string] => [`scenario.steps.${s}.messages.${m}.text`, message.text]),
          ...step.choices.map((choice, c): [string, string] => [`scenario.steps.${s}.choices.${c}.text`, choice.text]),
          [`scenario.steps.${s}.link`, step.link ?? ""],
        ]),
        ...scenario.endings.flatMap((ending, e): [string, string][] => [
          [`scenario.endings.${e}.title`, ending.title],
          [`scenario.endings.${e}.body`, ending.body],
        ]),
        ...scenario.signs.map((sign, i): [string, string] => [`scenario.signs.${i}.text`, sign.text]),
      ];
    }
  }
}

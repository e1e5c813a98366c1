import { QUESTION_KINDS } from "../model";
import { renderMarkdown } from "./markdown";
import { learnerOptionIds } from "./option-ids";
import type { Content, Lesson, MediaFile } from "./schema";
import { quizId } from "./course.entity";

import type { LearnerCourse, LearnerLesson, LearnerMedia, LearnerQuiz } from "../model/learner";

export type { LearnerCourse, LearnerLesson, LearnerMedia, LearnerModule, LearnerQuestion, LearnerQuiz } from "../model/learner";

export function mediaUrl(src: string): string {
  return src.startsWith("media/") ? `/api/v1/${src}` : src;
}

function media(image: { src: string; alt?: string; caption?: string; width?: number; height?: number }, files: Record<string, MediaFile>): LearnerMedia {
  return {
    url: mediaUrl(image.src),
    alt: image.alt,
    caption: image.caption,
    width: image.width,
    height: image.height,
    bytes: files[image.src]?.bytes ?? 0,
  };
}

const textBytes = (html: string | undefined) => (html ? Buffer.byteLength(html) : 0);

function learnerLesson(lesson: Lesson, files: Record<string, MediaFile>): LearnerLesson {
  const base = {
    id: lesson.id,
    title: lesson.title,
    kind: lesson.kind,
    ...(lesson.sources?.length ? { sources: lesson.sources } : {}),
    ...(lesson.reviewedAt ? { reviewedAt: lesson.reviewedAt } : {}),
  };
  switch (lesson.kind) {
    case "text": {
      const html = renderMarkdown(lesson.body);
      return { ...base, html, sizeBytes: textBytes(html) };
    }
    case "image": {
      const html = lesson.body ? renderMarkdown(lesson.body) : undefined;
      const image = media(lesson.image, files);
      return { ...base, html, image, sizeBytes: textBytes(html) + image.bytes };
    }
    case "slides": {
      const slides = lesson.slides.map((slide) => media(slide, files));
      return { ...base, slides, sizeBytes: slides.reduce((sum, s) => sum + s.bytes, 0) };
    }
    case "video": {
      const html = lesson.transcript ? renderMarkdown(lesson.transcript) : undefined;
      const poster = lesson.video.poster ? media(lesson.video.poster, files) : undefined;
      const bytes = files[lesson.video.src]?.bytes ?? 0;
      const video = { url: mediaUrl(lesson.video.src), poster, captionsUrl: lesson.video.captions && mediaUrl(lesson.video.captions), bytes };
      return { ...base, html, video, sizeBytes: textBytes(html) + bytes + (poster?.bytes ?? 0) };
    }
    case "audio": {
      const html = lesson.transcript ? renderMarkdown(lesson.transcript) : undefined;
      const bytes = files[lesson.audio.src]?.bytes ?? 0;
      return { ...base, html, audio: { url: mediaUrl(lesson.audio.src), bytes }, sizeBytes: textBytes(html) + bytes };
    }
    case "scenario": {
      let bytes = 0;
      const steps = lesson.scenario.steps.map((step) => ({
        ...step,
        messages: step.messages.map((message) => {
          if (!message.audio) return message;
          bytes += files[message.audio]?.bytes ?? 0;
          return { ...message, audio: mediaUrl(message.audio) };
        }),
      }));
      const scenario = { ...lesson.scenario, steps };
      return { ...base, scenario, sizeBytes: Buffer.byteLength(JSON.stringify(scenario)) + bytes };
    }
  }
}

export function learnerQuiz(courseId: string, version: number, module: Content["modules"][number], files: Record<string, MediaFile>): LearnerQuiz {
  const { quiz } = module;
  return {
    id: quizId(courseId, module.id),
    courseId,
    moduleId: module.id,
    version,
    title: module.title,
    passPercent: quiz.passPercent,
    attemptsAllowed: quiz.attemptsAllowed,
    shuffleQuestions: quiz.shuffleQuestions,
    shuffleOptions: quiz.shuffleOptions,
    drawCount: quiz.drawCount,
    reviewPolicy: quiz.reviewPolicy,
    questions: quiz.questions.map((q) => {
      const opaque = learnerOptionIds(module, q);
      const options = q.options.map((o) => ({ id: opaque?.get(o.id) ?? o.id, text: o.text, ...(o.region ? { region: o.region } : {}) }));
      return {
        id: q.id,
        kind: q.kind,
        prompt: q.prompt,
        image: q.image && media(q.image, files),
        options: opaque ? options.sort((a, b) => a.id.localeCompare(b.id)) : options,
        select: QUESTION_KINDS[q.kind].answer,
      };
    }),
  };
}

export function learnerCourse(
  courseId: string,
  version: { version: number; changeSummary: string; publishedAt: string },
  content: Content,
  files: Record<string, MediaFile>,
): LearnerCourse {
  const modules = content.modules.map((module) => {
    const lessons = module.lessons.map((lesson) => learnerLesson(lesson, files));
    const quizImages = module.quiz.questions.reduce((sum, q) => sum + (q.image ? (files[q.image.src]?.bytes ?? 0) : 0), 0);
    return {
      id: module.id,
      title: module.title,
      estimatedMinutes: module.estimatedMinutes,
      lessons,
      quizId: quizId(courseId, module.id),
      questionCount: module.quiz.drawCount ?? module.quiz.questions.length,
      sizeBytes: lessons.reduce((sum, l) => sum + l.sizeBytes, 0) + quizImages,
    };
  });
  return {
    id: courseId,
    title: content.title,
    summary: content.summary,
    topic: content.topic,
    audience: content.audience,
    language: content.language,
    tags: content.tags,
    cover: content.cover && media(content.cover, files),
    version: version.version,
    changeSummary: version.changeSummary,
    publishedAt: version.publishedAt,
    estimatedMinutes: modules.reduce((sum, m) => sum + m.estimatedMinutes, 0),
    sizeBytes: modules.reduce((sum, m) => sum + m.sizeBytes, 0) + (content.cover ? (files[content.cover.src]?.bytes ?? 0) : 0),
    modules,
  };
}

export * as Course from "./index";
export { Bundle, Content, CourseId, Lesson, Module, Question, Quiz, Topic, TOPICS } from "./schema";
export type { LearnerCourse, LearnerLesson, LearnerModule, LearnerQuestion, LearnerQuiz } from "./learner-view";
export { parseQuizId, quizId } from "./course.entity";
// Reading courses, drafts and versions; the learner's view of a version.
export {
  authoringList,
  catalogue,
  counted,
  forgetCachedVersions,
  getDraft,
  getMeta,
  getVersion,
  latest,
  learnerVersion,
  listVersions,
  mustGetDraft,
  mustGetMeta,
  mustGetVersion,
  quizModule,
  versionHistory,
  type Actor,
  type Draft,
  type Meta,
  type Version,
} from "./store";
// Writing drafts, and what stops one from being published.
export { SaveDraftInput, create, duplicate, mustEdit, mustRead, preview, previewDraft, problems, saveDraft, updateDraft, type Problem } from "./draft";
export { PublishInput, publish, withdraw } from "./publish";
// Who edits and reviews which courses (the one place to switch to per-unit grants), and four-eyes publishing.
export { NATION, authoringCourses, courseScopes, learnerOwners, mayRead, offeredUnder, ownerOf, covers, type CourseScopes } from "./scope";
export { ReturnInput, approve, getRequest, requestPublish, returnRequest, reviewQueue } from "./publish-request";
export { contentDiff, readableQuestion } from "./diff";
// Media: checked and stored by content hash; large files go straight to storage in two steps.
export { MEDIA_LIMITS, attachMedia, contentTypeOf, mediaKind, storeMedia, uploadMedia } from "./media";
export { UploadInput, completeUpload, createUpload } from "./upload";
export { exportBundle, importBundle } from "./bundle";

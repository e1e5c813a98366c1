import { createSignal } from "solid-js";
import { readStorage, writeStorage } from "../../lib/storage";

/** Small per-person settings in localStorage, keyed by user id so people sharing a phone keep their own. */
function readJson<T extends object>(key: string): Partial<T> {
  try {
    const value = JSON.parse(readStorage(key) ?? "{}") as unknown;
    return value && typeof value === "object" ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}

const resumeKey = (userId: string) => `kns.resume.${userId}`;
const settingsKey = (userId: string) => `kns.settings.${userId}`;

/** The lesson a person last opened in each course, to continue where they left off. */
export function lastLesson(userId: string, courseId: string): string | undefined {
  const value = readJson<Record<string, string>>(resumeKey(userId))[courseId];
  return typeof value === "string" ? value : undefined;
}

export function rememberLesson(userId: string, courseId: string, lessonId: string) {
  writeStorage(resumeKey(userId), JSON.stringify({ ...readJson<Record<string, string>>(resumeKey(userId)), [courseId]: lessonId }));
}

interface Settings {
  /** Leave videos out of downloads unless asked for. */
  dataSaver: boolean;
}

const [settingsRevision, setSettingsRevision] = createSignal(0);

export function settings(userId: string): Settings {
  settingsRevision();
  const stored = readJson<Settings>(settingsKey(userId));
  // On by default: most learners pay for mobile data by the megabyte, and videos are most of it.
  return { dataSaver: typeof stored.dataSaver === "boolean" ? stored.dataSaver : true };
}

export function saveSettings(userId: string, next: Settings) {
  writeStorage(settingsKey(userId), JSON.stringify(next));
  setSettingsRevision((n) => n + 1);
}

/** Draft answers of a quiz in progress, so a reload or a power cut does not lose them. */
export interface QuizDraft {
  questionIds: string[];
  /** The server-drawn question set this attempt answers (LearnerQuiz.draws), for a quiz with a pool. */
  drawToken?: string;
  optionOrder: Record<string, string[]>;
  answers: Record<string, string[]>;
  index: number;
  startedAt: string;
  /** Milliseconds of the visits to each question that have ended (the trainers' median time, quiz.tsx). */
  spentMs?: Record<string, number>;
  /** Seconds on each question up to its last change of answer, sent with the attempt. */
  seconds?: Record<string, number>;
}

const draftKey = (userId: string, quizId: string) => `kns.quiz.${userId}.${quizId}`;

export function loadDraft(userId: string, quizId: string): QuizDraft | undefined {
  const draft = readJson<QuizDraft>(draftKey(userId, quizId));
  return Array.isArray(draft.questionIds) && draft.answers && draft.optionOrder ? (draft as QuizDraft) : undefined;
}

export function saveDraft(userId: string, quizId: string, draft: QuizDraft | undefined) {
  writeStorage(draftKey(userId, quizId), draft ? JSON.stringify(draft) : null);
}

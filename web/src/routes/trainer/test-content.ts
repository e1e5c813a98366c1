import type { Authoring } from "./api";
import type { Content, Draft, Module, Question } from "./model";

/** A publishable course for component tests: one module, one text lesson, five questions. */
function question(id: string, prompt = `Câu hỏi ${id}`): Question {
  return {
    id,
    competences: ["cyber-safety"],
    kind: "single",
    prompt,
    options: [
      { id: "a", text: "Có" },
      { id: "b", text: "Không" },
    ],
    correctOptionIds: ["b"],
    explanation: "Không bao giờ đọc mã OTP cho người khác.",
  };
}

export function module(id: string, title: string, lessons: string[] = ["Bài 1"]): Module {
  return {
    id,
    title,
    estimatedMinutes: 7,
    lessons: lessons.map((lessonTitle, i) => ({
      id: `${id}-l${i + 1}`,
      title: lessonTitle,
      kind: "text" as const,
      body: `Nội dung của ${lessonTitle}.`,
      competences: ["cyber-safety", "dc-4.2"],
      sources: [{ title: "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" }],
      reviewedAt: "2026-11-30",
    })),
    quiz: {
      passPercent: 70,
      attemptsAllowed: null,
      shuffleQuestions: true,
      shuffleOptions: true,
      drawCount: null,
      reviewPolicy: "after-pass",
      questions: [1, 2, 3, 4, 5].map((n) => question(`${id}-q${n}`)),
    },
  };
}

export function content(modules: Module[] = [module("m1", "Nhận biết lừa đảo")]): Content {
  return { title: "An toàn mạng", summary: "Nhận biết tin nhắn lừa đảo.", topic: "cyber-safety", audience: "members", language: "vi", tags: [], modules };
}

export function draft(value: Content = content(), revision = 3): Draft {
  return { courseId: "an-toan", revision, content: value, media: {}, updatedAt: "2026-01-01T00:00:00.000Z", updatedBy: "u1", problems: [] };
}

/** An authoring API that fails loudly if a test reaches the network by mistake. */
export const offlineAuthoring = new Proxy({} as Authoring, {
  get: (_target, name) => () => Promise.reject(new Error(`unexpected call to authoring.${String(name)}`)),
});

import type { CourseDetail, LearnerQuiz } from "@kns/core/model";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reply, renderApp } from "../../testing/render-app";

/**
 * The quiz player records the seconds spent on each answered question (question analytics' median time): from
 * when it is shown to the last change of answer, visits added up, capped at 30 minutes. The clock is set by the
 * test (only Date is faked), so the seconds sent are exact.
 */
const course = {
  id: "cyber-safety",
  title: "An toàn trên không gian mạng",
  summary: "",
  topic: "cyber-safety",
  audience: "members",
  language: "vi",
  tags: [],
  version: 1,
  changeSummary: "",
  publishedAt: "2026-05-01T00:00:00.000Z",
  estimatedMinutes: 10,
  sizeBytes: 1000,
  modules: [{ id: "m1", title: "Nhận diện lừa đảo", estimatedMinutes: 5, quizId: "cyber-safety.m1", questionCount: 3, sizeBytes: 500, lessons: [] }],
  latestVersion: 1,
  newerVersions: [],
  progress: { percent: 0, completedLessons: [], quizzes: {} },
} as CourseDetail;

const question = (id: string, prompt: string) => ({
  id,
  kind: "single" as const,
  select: "one" as const,
  prompt,
  options: [
    { id: "a", text: `${prompt}: có` },
    { id: "b", text: `${prompt}: không` },
  ],
});
const quiz: LearnerQuiz = {
  id: "cyber-safety.m1",
  courseId: "cyber-safety",
  moduleId: "m1",
  version: 1,
  title: "Nhận diện lừa đảo",
  passPercent: 50,
  attemptsAllowed: null,
  shuffleQuestions: false,
  shuffleOptions: false,
  drawCount: null,
  reviewPolicy: "after-submit",
  questions: [question("q1", "Đọc mã OTP"), question("q2", "Bấm link lạ"), question("q3", "Chuyển tiền")],
};

afterEach(() => {
  vi.useRealTimers();
});

describe("time per question", () => {
  it("sends the seconds to each answer's last change, visits added up, capped, none for an unanswered question", async () => {
    const user = { id: "u-timing", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
    localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
    const sent: { answers: { questionId: string; optionIds: string[]; seconds?: number }[] }[] = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const key = `${init?.method ?? "GET"} ${String(input)}`;
      if (key === "GET /api/v1/courses/cyber-safety") return reply({ status: 200, body: course });
      if (key === "GET /api/v1/quizzes/cyber-safety.m1") return reply({ status: 200, body: quiz });
      if (key === "POST /api/v1/quizzes/cyber-safety.m1/attempts") {
        const body = JSON.parse(String(init?.body));
        sent.push(body);
        return reply({ status: 400, body: { error: { code: "request.invalid", message: "test" } } });
      }
      return reply({ status: 404, body: { error: { code: "request.not_found", message: key } } });
    });
    vi.useFakeTimers({ toFake: ["Date"] });
    let now = Date.parse("2026-06-01T08:00:00.000Z");
    const wait = (seconds: number) => {
      now += seconds * 1000;
      vi.setSystemTime(now);
    };
    wait(0);
    renderApp("/courses/cyber-safety/quizzes/cyber-safety.m1", fetch);

    fireEvent.click(await screen.findByRole("button", { name: "Bắt đầu làm bài" }, { timeout: 5000 }));
    // q1: an answer after 7 s, changed at 12 s, then 30 s of reading before moving on.
    wait(7);
    fireEvent.click(await screen.findByLabelText("Đọc mã OTP: có"));
    wait(5);
    fireEvent.click(screen.getByLabelText("Đọc mã OTP: không"));
    wait(30);
    fireEvent.click(screen.getByRole("button", { name: "Câu tiếp ›" }));
    // q2: left open for 40 minutes (the phone put down), then answered.
    wait(2400);
    fireEvent.click(await screen.findByLabelText("Bấm link lạ: không"));
    // Back to q1 for 4 s, and its answer changed again: its first visit (42 s) and these 4 s.
    fireEvent.click(screen.getByRole("button", { name: "‹ Câu trước" }));
    wait(4);
    fireEvent.click(await screen.findByLabelText("Đọc mã OTP: có"));
    fireEvent.click(screen.getByRole("button", { name: "Câu tiếp ›" }));
    fireEvent.click(screen.getByRole("button", { name: "Câu tiếp ›" }));
    // q3 is left unanswered: submitted anyway.
    wait(3);
    fireEvent.click(await screen.findByRole("button", { name: "Nộp bài" }));
    fireEvent.click(await screen.findByRole("button", { name: /Vẫn nộp bài/ }));

    await waitFor(() => expect(sent).toHaveLength(1), { timeout: 5000 });
    expect(sent[0]!.answers).toEqual([
      { questionId: "q1", optionIds: ["a"], seconds: 46 },
      { questionId: "q2", optionIds: ["b"], seconds: 1800 },
      { questionId: "q3", optionIds: [] },
    ]);
  });
});

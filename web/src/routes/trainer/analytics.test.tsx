import { createMemoryHistory, MemoryRouter } from "@solidjs/router";
import { render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { CourseQuestionAnalytics, QuestionAnalytics } from "@kns/core/model";
import { I18nProvider } from "../../i18n";
import { createSession, SessionProvider } from "../../lib/session";
import { fakeFetch, type FakeReply } from "../../testing/render-app";
import Analytics from "./analytics";

const question = (id: string, changes: Partial<QuestionAnalytics>): QuestionAnalytics => ({
  quizId: "an-toan.m1",
  moduleTitle: "Nhận biết lừa đảo",
  questionId: id,
  prompt: `Câu hỏi ${id}`,
  kind: "single",
  attempts: 40,
  correctPercent: 60,
  discrimination: 0.41,
  options: [
    { id: "a", text: "Đưa mã OTP", correct: false, chosenPercent: 40 },
    { id: "b", text: "Không bao giờ", correct: true, chosenPercent: 60 },
  ],
  flags: [],
  medianSeconds: null,
  ...changes,
});

const ANALYTICS: CourseQuestionAnalytics = {
  courseId: "an-toan",
  title: "An toàn trên mạng",
  version: 3,
  unitId: null,
  scenarios: [],
  questions: [
    question("q1", { correctPercent: 97.5, discrimination: null, flags: ["too_easy", "unpicked_option"] }),
    question("q2", { correctPercent: 55, discrimination: -0.21, flags: ["negative_discrimination"] }),
    question("q3", { attempts: 4, discrimination: null }),
  ],
};

function show(...replies: FakeReply[]) {
  const fetch = fakeFetch(...replies);
  const history = createMemoryHistory();
  history.set({ value: "/trainer/courses/an-toan/analytics", replace: true, scroll: false });
  render(() => (
    <I18nProvider>
      <SessionProvider session={createSession({ fetch })}>
        <MemoryRouter history={history}>{[{ path: "/trainer/courses/:courseId/analytics", component: Analytics }]}</MemoryRouter>
      </SessionProvider>
    </I18nProvider>
  ));
  return fetch;
}

describe("question analytics screen", () => {
  it("shows each question's figures, option shares with the right answer marked, and flags in Vietnamese", async () => {
    const fetch = show({ status: 200, body: ANALYTICS });
    await screen.findByRole("heading", { name: "Phân tích câu hỏi: An toàn trên mạng" });
    expect(String(fetch.mock.calls[0]![0])).toBe("/api/v1/authoring/courses/an-toan/analytics");
    expect(screen.getByText("2 câu cần xem lại")).toBeTruthy();
    const questions = screen.getAllByRole("listitem").filter((item) => item.classList.contains("t-analytics__question"));
    expect(questions).toHaveLength(3);
    const first = within(questions[0]!);
    expect(first.getByText(/40 lượt trả lời · 97,5% trả lời đúng · Độ phân biệt: chưa đủ số liệu/)).toBeTruthy();
    expect(first.getByText("Quá dễ (trên 95% trả lời đúng)")).toBeTruthy();
    expect(first.getByText("Có lựa chọn không ai chọn")).toBeTruthy();
    expect(first.getByText("(đáp án đúng)", { exact: false }).closest("li")?.textContent).toContain("Không bao giờ");
    expect(first.getByText("60% chọn")).toBeTruthy();
    const second = within(questions[1]!);
    expect(second.getByText(/Độ phân biệt -0,21/)).toBeTruthy();
    expect(second.getByText("Phân biệt ngược: người điểm cao lại hay sai câu này")).toBeTruthy();
    expect(within(questions[2]!).getByText("Chưa đủ 10 lượt trả lời để đánh giá.")).toBeTruthy();
  });

  it("says when the course has never been published", async () => {
    show({ status: 200, body: { ...ANALYTICS, version: null, questions: [] } });
    expect(await screen.findByText("Khoá học này chưa được xuất bản lần nào, nên chưa có lượt làm bài.")).toBeTruthy();
  });

  it("explains a refusal for a course the trainer only reads", async () => {
    show({ status: 403, body: { error: { code: "course.out_of_scope", message: "This course belongs to another scope." } } });
    expect(await screen.findByText("Chỉ giảng viên phụ trách khoá học này mới xem được phân tích câu hỏi.")).toBeTruthy();
  });
});

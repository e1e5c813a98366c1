import { createMemoryHistory, MemoryRouter } from "@solidjs/router";
import { render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import type { CourseQuestionAnalytics, QuestionAnalytics, ScenarioAnalytics } from "@kns/core/model";
import { Suspense } from "solid-js";
import { I18nProvider, loadLanguage } from "../../i18n";
import type { Dictionary } from "../../i18n/vi";
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

/** A fake police call: 20 plays, 12 hang up at once (safe), 8 go on, 6 of whom then read out the OTP. */
const SCENARIO: ScenarioAnalytics = {
  lessonId: "m1-scenario",
  moduleTitle: "Nhận biết lừa đảo",
  title: "Cuộc gọi giả danh công an",
  plays: 20,
  safePercent: 70,
  endings: [
    { id: "safe-hangup", title: "Bạn đã cúp máy kịp thời", outcome: "safe", count: 14 },
    { id: "scammed-otp", title: "Kẻ gian đã lấy được tiền", outcome: "scammed", count: 6 },
  ],
  steps: [
    {
      stepId: "call",
      text: "Tôi là cán bộ công an, anh có liên quan đến một vụ án.",
      reached: 20,
      choices: [
        { id: "hang-up", text: "Cúp máy", action: "hang-up", leadsTo: "safe", count: 12, chosenPercent: 60 },
        { id: "listen", text: "Nghe tiếp", action: "reply", leadsTo: "step", count: 8, chosenPercent: 40 },
      ],
    },
    {
      stepId: "otp",
      text: "Đọc mã OTP vừa gửi tới máy anh để xác minh.",
      reached: 8,
      choices: [
        { id: "give", text: "Đọc mã OTP", action: "give-otp", leadsTo: "scammed", count: 6, chosenPercent: 75 },
        { id: "stop", text: "Không đọc, gọi 113", action: "check-official", leadsTo: "safe", count: 2, chosenPercent: 25 },
      ],
    },
  ],
};

const ANALYTICS: CourseQuestionAnalytics = {
  courseId: "an-toan",
  title: "An toàn trên mạng",
  version: 3,
  unitId: null,
  scenarios: [SCENARIO],
  questions: [
    question("q1", { correctPercent: 97.5, discrimination: null, flags: ["too_easy", "unpicked_option"], medianSeconds: 12 }),
    question("q2", { correctPercent: 55, discrimination: -0.21, flags: ["negative_discrimination"], medianSeconds: 95 }),
    question("q3", { attempts: 4, discrimination: null }),
  ],
};

function show(reply: FakeReply, english?: Dictionary) {
  const fetch = fakeFetch(reply);
  const history = createMemoryHistory();
  history.set({ value: "/trainer/courses/an-toan/analytics", replace: true, scroll: false });
  render(() => (
    <I18nProvider language={english ? "en" : "vi"} dictionary={english}>
      <SessionProvider session={createSession({ fetch })}>
        <Suspense>
          <MemoryRouter history={history}>{[{ path: "/trainer/courses/:courseId/analytics", component: Analytics }]}</MemoryRouter>
        </Suspense>
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
    const quiz = screen.getByRole("region", { name: "Nhận biết lừa đảo" });
    const questions = within(quiz)
      .getAllByRole("listitem")
      .filter((item) => item.parentElement?.parentElement === quiz);
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

  it("shows the median time to answer, or that none was recorded", async () => {
    show({ status: 200, body: ANALYTICS });
    const quiz = await screen.findByRole("region", { name: "Nhận biết lừa đảo" });
    const questions = within(quiz).getAllByRole("heading", { level: 3 });
    const card = (n: number) => within(questions[n]!.closest("li")!);
    expect(card(0).getByText("Thời gian trả lời (trung vị): 12 giây")).toBeTruthy();
    expect(card(1).getByText("Thời gian trả lời (trung vị): 1 phút 35 giây")).toBeTruthy();
    expect(card(2).getByText("Chưa ghi thời gian trả lời")).toBeTruthy();
  });

  it("shows which choice learners make at each step of a scam simulation, the scammed way marked", async () => {
    show({ status: 200, body: ANALYTICS });
    const section = await screen.findByRole("region", { name: "Tình huống mô phỏng lừa đảo" });
    const scenario = within(section);
    expect(scenario.getByRole("heading", { level: 3, name: "Cuộc gọi giả danh công an" })).toBeTruthy();
    expect(scenario.getByText(/20 lượt chơi · 70% kết thúc an toàn/)).toBeTruthy();
    expect(scenario.getByText("Kẻ gian đã lấy được tiền: 6 lượt").textContent).toContain("Bị lừa");
    const steps = scenario.getAllByRole("heading", { level: 4 }).filter((heading) => heading.textContent?.startsWith("Bước"));
    expect(steps.map((heading) => heading.textContent)).toEqual(["Bước 1", "Bước 2"]);
    const second = within(steps[1]!.closest("li")!);
    expect(second.getByText("8 lượt đến bước này")).toBeTruthy();
    const choice = (text: string) => second.getAllByRole("listitem").find((item) => item.textContent?.startsWith(text))!;
    const otp = choice("Đọc mã OTP (");
    expect(otp.textContent).toContain("(Đọc mã OTP)");
    expect(otp.textContent).toContain("Dẫn tới bị lừa");
    expect(otp.textContent).toContain("75% chọn (6 lượt)");
    const stop = choice("Không đọc, gọi 113");
    expect(stop.textContent).toContain("Kết thúc an toàn");
    expect(stop.textContent).not.toContain("bị lừa");
  });

  it("reads in English too", async () => {
    show({ status: 200, body: ANALYTICS }, await loadLanguage("en"));
    expect(await screen.findByRole("heading", { name: "Question analytics: An toàn trên mạng" })).toBeTruthy();
    expect(await screen.findByText("Time to answer (median): 1 min 35 s")).toBeTruthy();
    expect(screen.getByText("75% chose it (6 plays)")).toBeTruthy();
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

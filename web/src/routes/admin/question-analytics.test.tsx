import type { CourseQuestionAnalytics, Unit } from "@kns/core/model";
import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { loadLanguage } from "../../i18n";
import { askedFor, renderAdmin } from "./components/testing";
import QuestionAnalyticsScreen from "./question-analytics";

const unit = (id: string, name: string, kind: Unit["kind"], path: string): Unit & { children: Unit[] } => ({
  id,
  code: id.toUpperCase(),
  name,
  kind,
  parentId: null,
  path,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  children: [],
});
const SON_LA = unit("sla", "Tỉnh Sơn La", "province", "/vn/sla/");
const MUONG_BU = unit("sla-muongbu", "Xã Mường Bú", "commune", "/vn/sla/sla-muongbu/");
const COURSES = [
  { id: "an-toan", title: "An toàn trên mạng" },
  { id: "thanh-toan", title: "Thanh toán trực tuyến" },
];

const analytics = (courseId: string, title: string, unitId = "sla"): CourseQuestionAnalytics => ({
  courseId,
  title,
  version: 2,
  unitId,
  scenarios: [],
  questions: [
    {
      quizId: `${courseId}.m1`,
      moduleTitle: "Nhận biết lừa đảo",
      questionId: "q1",
      prompt: "Ngân hàng gọi xin mã OTP. Bạn làm gì?",
      kind: "single",
      attempts: 120,
      correctPercent: 22.5,
      discrimination: 0.35,
      options: [
        { id: "a", text: "Đọc mã cho họ", correct: false, chosenPercent: 77.5 },
        { id: "b", text: "Không bao giờ đọc mã OTP", correct: true, chosenPercent: 22.5 },
      ],
      flags: ["too_hard"],
      medianSeconds: 41,
    },
  ],
});

function show(path: string, userId: string, unitId: string, replies: Record<string, unknown | { status: number; body: unknown }> = {}) {
  return renderAdmin({
    path,
    routes: [{ path: "/admin/units/:unitId/analytics", component: QuestionAnalyticsScreen }],
    user: { id: userId, roles: ["admin"], unitId },
    replies: (url) => {
      const [route = "", query = ""] = url.replace("/api/v1", "").split("?");
      if (route === "/admin/units/sla") return { status: 200, body: SON_LA };
      if (route === "/admin/units/sla-muongbu") return { status: 200, body: MUONG_BU };
      if (route === "/courses") return { status: 200, body: { items: COURSES } };
      const custom = replies[`${route}?${query}`];
      if (custom) return custom as { status: number; body: unknown };
      const courseId = new URLSearchParams(query).get("courseId") ?? "";
      const title = COURSES.find((course) => course.id === courseId)?.title ?? "";
      if (route === "/admin/units/sla/question-analytics") return { status: 200, body: analytics(courseId, title) };
      return undefined;
    },
  });
}

afterEach(() => localStorage.clear());

describe("admin's question analytics", () => {
  it("shows the province's figures for the first course, then for the course picked", async () => {
    const { fetch } = show("/admin/units/sla/analytics", "qa-admin-1", "sla");
    expect(await screen.findByRole("heading", { level: 2, name: "Phân tích câu hỏi" })).toBeTruthy();
    const quiz = await screen.findByRole("region", { name: "Nhận biết lừa đảo" });
    expect(within(quiz).getByRole("heading", { level: 3 })).toBeTruthy();
    expect(within(quiz).getByRole("heading", { level: 4, name: "Câu 1" })).toBeTruthy();
    expect(within(quiz).getByText(/120 lượt trả lời · 22,5% trả lời đúng/)).toBeTruthy();
    expect(within(quiz).getByText("Quá khó (dưới 30%)")).toBeTruthy();
    expect(within(quiz).getByText("77,5% chọn")).toBeTruthy();
    expect(within(quiz).getByText("Thời gian trả lời (trung vị): 41 giây")).toBeTruthy();
    expect(screen.getByText("Số liệu của phiên bản 2, phiên bản hiện tại của khoá học.")).toBeTruthy();
    expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla/question-analytics?courseId=an-toan");

    const select = screen.getByLabelText("Khoá học") as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "thanh-toan" } });
    await waitFor(() => expect(askedFor(fetch)).toContain("/api/v1/admin/units/sla/question-analytics?courseId=thanh-toan"));
    expect(await screen.findByRole("region", { name: "Nhận biết lừa đảo" })).toBeTruthy();
  });

  it("links the screen from a province's sections, not from a commune's", async () => {
    show("/admin/units/sla/analytics", "qa-admin-2", "sla");
    const nav = await screen.findByRole("navigation", { name: "Các mục của đơn vị" });
    expect(within(nav).getByRole("link", { name: "Phân tích câu hỏi" }).getAttribute("href")).toBe("/admin/units/sla/analytics");
    expect(within(nav).getByRole("link", { name: "Tìm đơn vị" }).getAttribute("href")).toBe("/admin/units/sla/units");
  });

  it("explains that a commune has no figures of its own", async () => {
    show("/admin/units/sla-muongbu/analytics", "qa-admin-3", "sla-muongbu", {
      "/admin/units/sla-muongbu/question-analytics?courseId=an-toan": {
        status: 400,
        body: { error: { code: "analytics.unit_level", message: "Question analytics are kept for the nation and for each province." } },
      },
    });
    expect(await screen.findByText("Phân tích câu hỏi chỉ tính cho cả nước và cho từng tỉnh, không tính riêng cho xã hay tổ.")).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Các mục của đơn vị" });
    expect(within(nav).queryByRole("link", { name: "Phân tích câu hỏi" })).toBeNull();
  });

  it("reads in English", async () => {
    const english = await loadLanguage("en");
    renderAdmin({
      path: "/admin/units/sla/analytics",
      routes: [{ path: "/admin/units/:unitId/analytics", component: QuestionAnalyticsScreen }],
      user: { id: "qa-admin-4", roles: ["admin"], unitId: "sla" },
      english,
      replies: (url) =>
        url.endsWith("/admin/units/sla")
          ? { status: 200, body: SON_LA }
          : url.endsWith("/courses")
            ? { status: 200, body: { items: COURSES } }
            : { status: 200, body: analytics("an-toan", "An toàn trên mạng") },
    });
    expect(await screen.findByRole("heading", { level: 2, name: "Question analytics" })).toBeTruthy();
    expect(await screen.findByText("Time to answer (median): 41 s")).toBeTruthy();
    expect(screen.getByText("Too hard (under 30% right)")).toBeTruthy();
  });
});

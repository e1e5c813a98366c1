import { screen } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import type { User } from "../../lib/api";
import { outbox } from "../../features/offline/sync";
import { fakeFetch, renderApp } from "../../testing/render-app";

const person = (id: string): User => ({
  id,
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
});

function signIn(user: User) {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}`, user }));
}

describe("outbox screen", () => {
  it("words a refused item from its code, never with the server's English", async () => {
    const user = person("m_refused");
    signIn(user);
    await outbox.submitAttempt({
      userId: user.id,
      courseId: "cyber-safety",
      courseTitle: "An toàn trên không gian mạng",
      quizId: "cyber-safety.m1",
      title: "Nhận diện lừa đảo",
      request: { attemptId: "attempt-refused", answers: [{ questionId: "q1", optionIds: ["x"] }], answeredAt: "2026-11-01T08:00:00.000Z" },
    });
    renderApp("/outbox", fakeFetch({ status: 400, body: { error: { code: "quiz.unknown_option", message: "Option x is not an option of question q1." } } }));

    expect(await screen.findByText("Bài kiểm tra đã được sửa sau khi bạn làm, nên bài làm này không chấm được. Hãy làm lại bài kiểm tra.")).toBeTruthy();
    expect(screen.queryByText(/is not an option/)).toBeNull();
  });

  it("says an item that could not go yet will go when there is network, not how many times it was tried", async () => {
    const user = person("m_waiting");
    signIn(user);
    await outbox.completeLesson({ userId: user.id, courseId: "payments", courseTitle: "Thanh toán", lessonId: "m1-l1", title: "Ví điện tử là gì" });
    renderApp(
      "/outbox",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );

    expect(await screen.findByText("Chưa gửi được; sẽ tự gửi khi có mạng.")).toBeTruthy();
    expect(screen.queryByText(/Đã thử gửi/)).toBeNull();
  });
});

import { screen } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { outbox } from "../../features/offline/sync";
import type { User } from "../../lib/api";
import { renderApp } from "../../testing/render-app";

const user: User = {
  id: "m_plays",
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};

describe("outbox screen: scenario plays", () => {
  it("says how each waiting play ended and whether it completes the lesson", async () => {
    localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
    const lesson = { userId: user.id, courseId: "cyber-safety", courseTitle: "An toàn trên không gian mạng", lessonId: "m1-l3", title: "Cuộc gọi giả công an" };
    await outbox.recordPlay({
      ...lesson,
      play: { id: "6c3c1d7e-0000-4000-8000-000000000001", path: ["listen", "pay"], version: 1 },
      ending: { id: "scammed", outcome: "scammed", title: "Bạn đã mất tiền" },
    });
    await outbox.recordPlay({
      ...lesson,
      play: { id: "6c3c1d7e-0000-4000-8000-000000000002", path: ["hang-up"], version: 1 },
      ending: { id: "safe-hangup", outcome: "safe", title: "Bạn đã an toàn" },
    });
    renderApp(
      "/outbox",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );

    expect(await screen.findByText("2 mục đang chờ gửi.")).toBeTruthy();
    expect(screen.getAllByText("Chơi tình huống giả lập")).toHaveLength(2);
    expect(screen.getByText("Kết thúc: “Bạn đã an toàn” Kết thúc an toàn: bài học được tính là hoàn thành.")).toBeTruthy();
    expect(screen.getByText("Kết thúc: “Bạn đã mất tiền” Kết thúc bị lừa: bài học chưa hoàn thành. Hãy chơi lại và chọn cách an toàn.")).toBeTruthy();
  });
});

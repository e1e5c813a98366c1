import type { ProgressEvent } from "@kns/core/model";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { outbox } from "../../features/offline/sync";
import { policeCall } from "../../features/simulator/test-scenario";
import { reply, renderApp } from "../../testing/render-app";
import { courseDetail } from "../../testing/course";

function signIn(id: string) {
  const user = { id, phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: "access-1", refreshToken: "refresh-1", user }));
}

const course = courseDetail({
  sizeBytes: 20_000,
  modules: [
    {
      id: "m1",
      title: "Nhận diện lừa đảo",
      estimatedMinutes: 8,
      quizId: "cyber-safety.m1",
      questionCount: 5,
      sizeBytes: 10_000,
      lessons: [
        { id: "m1-l1", title: "Cuộc gọi giả công an", kind: "scenario", sizeBytes: 2000, scenario: policeCall() },
        { id: "m1-l2", title: "4 dấu hiệu", kind: "text", sizeBytes: 1000, html: "<p>Nhớ bốn dấu hiệu.</p>" },
      ],
    },
  ],
});

/** The course from the server, and POST /progress answered (accepting and grading plays) or failing as offline. */
function server(options: { offline?: boolean } = {}) {
  const received: ProgressEvent[][] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${String(input)}`;
    if (key === "GET /api/v1/courses/cyber-safety") return reply({ status: 200, body: course });
    if (key === "POST /api/v1/progress") {
      if (options.offline) throw new TypeError("Failed to fetch");
      const events = (JSON.parse(String(init?.body)) as { events: ProgressEvent[] }).events;
      received.push(events);
      const plays = events.flatMap((e) =>
        e.type === "scenario.played"
          ? [
              {
                id: e.id,
                lessonId: e.lessonId,
                endingId: e.path.at(-1) === "pay" ? "scammed" : "safe-hangup",
                outcome: e.path.at(-1) === "pay" ? "scammed" : "safe",
              },
            ]
          : [],
      );
      return reply({ status: 200, body: { accepted: events.map((e) => e.id), rejected: [], plays } });
    }
    return reply({ status: 404, body: { error: { code: "request.not_found", message: key } } });
  });
  return { fetch, received };
}

const choose = (text: string) => fireEvent.click(screen.getByRole("button", { name: text }));

describe("a scenario lesson on the lesson page", () => {
  it("has no 'Hoàn thành'; a scammed play is sent but completes nothing, a safe one completes the lesson", async () => {
    signIn("u-sim");
    const { fetch, received } = server();
    renderApp("/courses/cyber-safety/lessons/m1-l1", fetch);
    await screen.findByRole("region", { name: "Điện thoại giả lập: 0899 000 111" }, { timeout: 5000 });
    expect(screen.getByText("Tình huống giả lập", { exact: false })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Hoàn thành" })).toBeNull();
    const onward = screen.getByRole("link", { name: "Bài tiếp theo ›" });
    expect(onward.classList.contains("button--secondary")).toBe(true);

    choose("Nghe tiếp và hỏi phải làm gì");
    choose("Chuyển tiền");
    await waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toEqual([
      // With the version the phone played: the server replays the path against it.
      {
        id: expect.any(String),
        type: "scenario.played",
        courseId: "cyber-safety",
        lessonId: "m1-l1",
        path: ["listen", "pay"],
        version: 1,
        at: expect.any(String),
      },
    ]);
    expect((await outbox.list("u-sim")).map((item) => [item.kind, item.state, item.kind === "play" && item.ending])).toEqual([
      ["play", "sent", { id: "scammed", outcome: "scammed", title: "Bạn đã mất tiền" }],
    ]);
    expect(screen.queryByText("✓ Đã hoàn thành")).toBeNull();
    // One way on, the page's: the ending offers only "Chơi lại".
    expect(screen.getAllByText("Bài tiếp theo ›")).toHaveLength(1);

    choose("Chơi lại");
    choose("Cúp máy");
    await screen.findByText("✓ Đã hoàn thành");
    await waitFor(() => expect(received).toHaveLength(2));
    expect(received[1]).toMatchObject([{ type: "scenario.played", lessonId: "m1-l1", path: ["hang-up"] }]);
    expect(received.flat().some((e) => e.type === "lesson.completed")).toBe(false);
    expect(screen.getAllByText("Bài tiếp theo ›")).toHaveLength(1);
    expect(screen.getByRole("link", { name: "Bài tiếp theo ›" }).classList.contains("button--primary")).toBe(true);

    fireEvent.click(screen.getByRole("link", { name: "Bài tiếp theo ›" }));
    await screen.findByRole("heading", { level: 1, name: "4 dấu hiệu" }, { timeout: 5000 });
  });

  it("offline: the ending shows at once, a safe play ticks the lesson and waits in the outbox", async () => {
    signIn("u-sim-offline");
    const { fetch } = server({ offline: true });
    renderApp("/courses/cyber-safety/lessons/m1-l1", fetch);
    await screen.findByRole("region", { name: /^Điện thoại giả lập/ }, { timeout: 5000 });
    choose("Nói sẽ hỏi con trước");
    choose("Báo số lạ cho 156");
    expect(screen.getByRole("heading", { name: "Bạn đã an toàn và báo cáo" })).toBeTruthy();
    await screen.findByText("✓ Đã hoàn thành");
    const [item] = await outbox.list("u-sim-offline");
    expect(item).toMatchObject({ kind: "play", state: "waiting", event: { type: "scenario.played", path: ["ask", "report"] }, ending: { outcome: "safe" } });
  });
});

import { SCENARIO_LIMITS, scenarioProblems, type LearnerLesson } from "@kns/core/model";
import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { LessonView } from "../player/lesson-view";
import type { ScenarioPlay } from "./scenario-player";
import { policeCall } from "./test-scenario";

const lesson = (): LearnerLesson => ({ id: "m1-l3", title: "Cuộc gọi giả công an", kind: "scenario", sizeBytes: 2000, scenario: policeCall() });

/** The player as the learner app shows it: through the lesson view, which loads the simulator's chunk on demand. */
async function play(scenario = policeCall()) {
  const onPlayed = vi.fn<(play: ScenarioPlay) => void>();
  render(() => (
    <I18nProvider>
      <LessonView lesson={{ ...lesson(), scenario }} onPlayed={onPlayed} />
    </I18nProvider>
  ));
  await screen.findByRole("region", { name: "Điện thoại giả lập: 0899 000 111" }, { timeout: 5000 });
  return onPlayed;
}

const choose = (text: string) => fireEvent.click(screen.getByRole("button", { name: text }));
const phone = () => screen.getByRole("region", { name: /^Điện thoại giả lập/ });

describe("scam simulator player", () => {
  it("moves along the graph with each choice, and puts focus on the first new line for the screen reader to read", async () => {
    const onPlayed = await play();
    expect(within(phone()).getByText("Cuộc gọi đến")).toBeTruthy();
    expect(within(phone()).getByText("Tôi là cán bộ công an. Bà liên quan đến một vụ án rửa tiền.")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2, name: "Bạn sẽ làm gì?" })).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /./ }).map((b) => b.textContent)).toEqual(
      expect.arrayContaining(["Cúp máy", "Nghe tiếp và hỏi phải làm gì", "Nói sẽ hỏi con trước"]),
    );

    choose("Nghe tiếp và hỏi phải làm gì");
    // Same call, so the thread grows: the first line stays, the choice made is shown, the call is now ongoing.
    expect(within(phone()).getByText("Đang trong cuộc gọi")).toBeTruthy();
    expect(within(phone()).getByText("Tôi là cán bộ công an. Bà liên quan đến một vụ án rửa tiền.")).toBeTruthy();
    expect(within(phone()).getByText("Bạn chọn: Nghe tiếp và hỏi phải làm gì")).toBeTruthy();
    expect(within(phone()).getByText("Chuyển hết tiền vào tài khoản tạm giữ để chứng minh trong sạch.")).toBeTruthy();
    // Focus on the first new line: the reader reads it ("who" first), then the next line, the question, the choices.
    const firstNew = within(phone()).getByText("Chuyển hết tiền vào tài khoản tạm giữ để chứng minh trong sạch.").closest("li")!;
    expect(document.activeElement).toBe(firstNew);
    expect(firstNew.textContent).toBe("0899 000 111: Chuyển hết tiền vào tài khoản tạm giữ để chứng minh trong sạch.");
    expect(firstNew.nextElementSibling?.textContent).toBe("Điện thoại báo: Cuộc gọi đã kéo dài 12 phút");
    // No live region speaking over the move of focus (TalkBack cuts one short).
    expect(document.querySelector(".sim [aria-live]")).toBeNull();
    expect(screen.queryByRole("button", { name: "Nói sẽ hỏi con trước" })).toBeNull();

    // "Think it over" is a step of its own; the same call goes on, focus on its line.
    choose("Xin suy nghĩ thêm");
    const pressed = within(phone()).getByText("Không có thời gian suy nghĩ. Chuyển ngay, nếu không sẽ có lệnh bắt.").closest("li")!;
    expect(document.activeElement).toBe(pressed);
    expect(within(phone()).getByText("Bạn chọn: Xin suy nghĩ thêm")).toBeTruthy();
    expect(onPlayed).not.toHaveBeenCalled();
  });

  it("ends scammed: what happened and why, the signs missed, not done, and play again starts a new play", async () => {
    const onPlayed = await play();
    choose("Nghe tiếp và hỏi phải làm gì");
    choose("Chuyển tiền");

    const title = screen.getByRole("heading", { level: 2, name: "Bạn đã mất tiền" });
    expect(document.activeElement).toBe(title);
    expect(screen.queryByRole("region", { name: /^Điện thoại giả lập/ })).toBeNull();
    expect(screen.getByText("Bạn đã bị lừa")).toBeTruthy();
    expect(screen.getByText("Kẻ gian giả công an để bạn sợ và chuyển tiền.")).toBeTruthy();
    expect(screen.getByText("Lần này bạn đã bị lừa, nên bài học chưa hoàn thành. Hãy chơi lại và chọn cách an toàn.")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Dấu hiệu bạn đã nhận ra" })).toBeNull();
    const missed = screen.getByRole("heading", { level: 3, name: "Dấu hiệu bạn đã bỏ qua" }).nextElementSibling as HTMLElement;
    expect(
      within(missed)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "!Đã bỏ qua: Xưng là công an, nói bạn liên quan đến một vụ án.",
      "!Đã bỏ qua: Hối thúc, doạ bắt ngay.",
      "!Đã bỏ qua: Đòi chuyển tiền vào “tài khoản tạm giữ”.",
    ]);
    // After a scam, playing again is the thing to do; the way on is the lesson page's, not the ending's.
    const actions = title.parentElement!.querySelectorAll("button");
    expect(Array.from(actions).map((b) => [b.textContent, b.classList.contains("button--primary")])).toEqual([["Chơi lại", true]]);

    expect(onPlayed).toHaveBeenCalledTimes(1);
    const first = onPlayed.mock.calls[0]![0];
    expect(first.path).toEqual(["listen", "pay"]);
    expect(first.outcome).toMatchObject({ endingId: "scammed", outcome: "scammed", caught: [], missed: ["authority", "urgency", "transfer"] });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);

    choose("Chơi lại");
    expect(within(phone()).getByText("Cuộc gọi đến")).toBeTruthy();
    expect(within(phone()).queryByText(/^Bạn chọn/)).toBeNull();
    choose("Cúp máy");
    expect(screen.getByRole("heading", { name: "Bạn đã an toàn" })).toBeTruthy();
    expect(onPlayed).toHaveBeenCalledTimes(2);
    expect(onPlayed.mock.calls[1]![0]).toMatchObject({ path: ["hang-up"], outcome: { outcome: "safe" } });
    expect(onPlayed.mock.calls[1]![0].id).not.toBe(first.id);
  });

  it("ends safe through a chat with a relative, naming the signs caught and missed", async () => {
    const onPlayed = await play();
    choose("Nói sẽ hỏi con trước");
    // A new screen: the chat app, starting afresh.
    expect(within(phone()).getByText("Trò chuyện")).toBeTruthy();
    expect(within(phone()).queryByText("Cuộc gọi đến")).toBeNull();
    expect(within(phone()).getByText("Mẹ ơi, công an không gọi điện bắt chuyển tiền đâu. Mẹ báo 156 nhé.")).toBeTruthy();
    choose("Báo số lạ cho 156");

    expect(screen.getByRole("heading", { level: 2, name: "Bạn đã an toàn và báo cáo" })).toBeTruthy();
    expect(screen.getByText("Bạn đã dừng lại đúng lúc. Bài học này đã hoàn thành.")).toBeTruthy();
    const caught = screen.getByRole("heading", { name: "Dấu hiệu bạn đã nhận ra" }).nextElementSibling as HTMLElement;
    expect(
      within(caught)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["✓Đã nhận ra: Xưng là công an, nói bạn liên quan đến một vụ án."]);
    const missed = screen.getByRole("heading", { name: "Dấu hiệu bạn đã bỏ qua" }).nextElementSibling as HTMLElement;
    expect(
      within(missed)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["!Đã bỏ qua: Hối thúc, doạ bắt ngay."]);
    expect(onPlayed.mock.calls[0]![0]).toMatchObject({ path: ["ask", "report"], outcome: { endingId: "safe-report", outcome: "safe" } });

    const title = screen.getByRole("heading", { name: "Bạn đã an toàn và báo cáo" });
    expect(document.activeElement).toBe(title);
    expect(Array.from(title.parentElement!.querySelectorAll("button")).map((b) => [b.textContent, b.classList.contains("button--primary")])).toEqual([
      ["Chơi lại", false],
    ]);
  });

  it("says a play it cannot grade will not be recorded, instead of showing an ending (a cyclic scenario published before cycles were refused)", async () => {
    const scenario = policeCall();
    scenario.steps[1]!.choices[2]!.next = "call";
    expect(scenarioProblems(scenario).map((p) => p.code)).toContain("scenarioCycle");
    const onPlayed = await play(scenario);
    for (let round = 0; round < SCENARIO_LIMITS.path / 2; round++) {
      choose("Nghe tiếp và hỏi phải làm gì");
      choose("Xin suy nghĩ thêm");
    }
    choose("Cúp máy");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Lần chơi này đã qua hơn 40 lựa chọn nên không chấm được và sẽ không được ghi lại.");
    expect(document.activeElement).toBe(alert);
    expect(screen.queryByRole("heading", { name: "Bạn đã an toàn" })).toBeNull();
    expect(onPlayed).not.toHaveBeenCalled();
    choose("Chơi lại");
    choose("Cúp máy");
    expect(screen.getByRole("heading", { name: "Bạn đã an toàn" })).toBeTruthy();
    expect(onPlayed).toHaveBeenCalledTimes(1);
  });

  it("shows a web page with its address in full, and in the trainer's preview says nothing about grades", async () => {
    const scenario = policeCall();
    scenario.steps[2] = { ...scenario.steps[2]!, screen: "web", link: "http://bocongan-xacminh.top/tam-giu?id=8812" };
    render(() => (
      <I18nProvider>
        <LessonView lesson={{ ...lesson(), scenario }} />
      </I18nProvider>
    ));
    await screen.findByRole("region", { name: /^Điện thoại giả lập/ }, { timeout: 5000 });
    choose("Nói sẽ hỏi con trước");
    expect(within(phone()).getByText("http://bocongan-xacminh.top/tam-giu?id=8812")).toBeTruthy();
    expect(within(phone()).getByText("Địa chỉ trang web:")).toBeTruthy();
    choose("Báo số lạ cho 156");
    expect(screen.getByRole("heading", { name: "Bạn đã an toàn và báo cáo" })).toBeTruthy();
    expect(screen.queryByText(/Bài học này đã hoàn thành/)).toBeNull();
  });

  it("says so when a choice of an unfinished scenario leads nowhere (the trainer's preview of a draft)", async () => {
    const scenario = policeCall();
    scenario.steps[0]!.choices[0]!.next = "nowhere";
    render(() => (
      <I18nProvider>
        <LessonView lesson={{ ...lesson(), scenario }} />
      </I18nProvider>
    ));
    await screen.findByRole("region", { name: /^Điện thoại giả lập/ }, { timeout: 5000 });
    choose("Cúp máy");
    expect(screen.getByRole("alert").textContent).toContain("Lựa chọn này chưa dẫn tới bước hay kết thúc nào.");
    choose("Chơi lại");
    expect(screen.getByRole("button", { name: "Cúp máy" })).toBeTruthy();
  });
});

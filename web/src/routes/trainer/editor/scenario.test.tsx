import { scenarioProblems } from "@kns/core/model";
import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import { newScenario, type Content, type ScenarioLesson } from "../model";
import { content, draft, module, offlineAuthoring } from "../test-content";
import { LessonList } from "./lessons";
import { ProblemsList } from "./problems";
import { createEditor, EditorProvider, type Editor } from "./state";

/** A course whose first lesson is a small, valid scenario: one call, hang up → safe. */
function withScenario(): Content {
  const scenario = newScenario();
  scenario.contact = "0899 000 111";
  scenario.steps[0]!.messages[0]!.text = "Tôi là công an, bà liên quan tới một vụ án.";
  scenario.steps[0]!.choices[0]!.text = "Cúp máy";
  scenario.endings[0] = { id: "e1", outcome: "safe", title: "Bạn đã an toàn", body: "Công an không làm việc qua điện thoại." };
  scenario.signs = [{ id: "sign1", text: "Xưng là công an" }];
  scenario.steps[0]!.signs = ["sign1"];
  scenario.steps[0]!.choices[0]!.caught = ["sign1"];
  const value = content([module("m1", "Nhận biết lừa đảo")]);
  value.modules[0]!.lessons = [{ id: "m1-l1", title: "Cuộc gọi giả công an", kind: "scenario", scenario }];
  return value;
}

function renderEditor(value = withScenario()) {
  let editor!: Editor;
  render(() => {
    editor = createEditor("an-toan", draft(value), offlineAuthoring);
    editor.toggle("m1-l1", true);
    return (
      <I18nProvider>
        <EditorProvider editor={editor}>
          <LessonList moduleIndex={0} />
          <ProblemsList content={editor.content} media={{}} onSelect={editor.reveal} />
        </EditorProvider>
      </I18nProvider>
    );
  });
  const scenario = () => (editor.content.modules[0]!.lessons[0] as ScenarioLesson).scenario;
  return { editor, scenario };
}

const step = (n: number) => screen.getByRole("heading", { level: 6, name: new RegExp(`^Bước ${n}`) }).closest("li") as HTMLElement;
const ending = (n: number) => screen.getByRole("heading", { level: 6, name: `Kết thúc ${n}` }).closest("li") as HTMLElement;
const select = (label: string, value: string, within_: HTMLElement = document.body) =>
  fireEvent.change(within(within_).getByLabelText(label), { target: { value } });

describe("scenario editor", () => {
  it("adds a step, connects a choice to it, and shows the dead end and the unreachable step until they are fixed", async () => {
    const { scenario } = renderEditor();
    expect(scenarioProblems(scenario())).toEqual([]);
    expect(screen.getByLabelText("Người gọi hoặc người gửi")).toHaveProperty("value", "0899 000 111");

    fireEvent.click(screen.getByRole("button", { name: "+ Thêm bước" }));
    expect(scenario().steps.map((s) => s.id)).toEqual(["s1", "s2"]);
    // Live, beside the new step: nothing leads to it, and it has no choice.
    expect(within(step(2)).getByText("Không lựa chọn nào dẫn tới “s2”.")).toBeTruthy();
    expect(within(step(2)).getByText("Bước “s2” chưa có lựa chọn nào: người học sẽ bị kẹt ở đây.")).toBeTruthy();
    // The checklist names the place in words, and takes the trainer there.
    const deadEnd = screen.getByRole("button", { name: /chưa có lựa chọn nào/ });
    expect(deadEnd.textContent).toBe("Phần 1 › Bài 1 «Cuộc gọi giả công an» › Bước 2Bước “s2” chưa có lựa chọn nào: người học sẽ bị kẹt ở đây.");

    fireEvent.input(within(step(2)).getByLabelText("Nội dung lời 1"), { target: { value: "Chuyển tiền vào tài khoản tạm giữ." } });
    select("Lựa chọn 1 dẫn tới", "s2", step(1));
    expect(scenario().steps[0]!.choices[0]!.next).toBe("s2");
    expect(within(step(2)).queryByText("Không lựa chọn nào dẫn tới “s2”.")).toBeNull();
    // The safe ending is now out of reach, and said so where it is.
    expect(within(ending(1)).getByText("Không lựa chọn nào dẫn tới “e1”.")).toBeTruthy();

    fireEvent.click(within(step(2)).getByRole("button", { name: "+ Thêm lựa chọn" }));
    select("Việc người học làm (lựa chọn 1)", "block", step(2));
    fireEvent.input(within(step(2)).getByLabelText("Lời của lựa chọn 1"), { target: { value: "Chặn số" } });
    expect(scenario().steps[1]!.choices).toEqual([{ id: "c2", action: "block", text: "Chặn số", next: "e1" }]);
    expect(scenarioProblems(scenario())).toEqual([]);
    expect(screen.queryByText(/chưa có lựa chọn nào/)).toBeNull();
    expect(within(ending(1)).queryByText("Không lựa chọn nào dẫn tới “e1”.")).toBeNull();
    // The target list names steps by their first line and endings by title and outcome.
    const targets = within(step(2)).getByLabelText("Lựa chọn 1 dẫn tới") as HTMLSelectElement;
    expect(Array.from(targets.options).map((o) => o.textContent)).toEqual([
      "Bước 1: Tôi là công an, bà liên quan tới một vụ…",
      "Bước 2: Chuyển tiền vào tài khoản tạm giữ.",
      "Kết thúc: Bạn đã an toàn (An toàn)",
    ]);
  });

  it("shows a loop under the step whose choice goes back, in the checklist too, until it leads on", () => {
    const { scenario } = renderEditor();
    fireEvent.click(screen.getByRole("button", { name: "+ Thêm bước" }));
    fireEvent.input(within(step(2)).getByLabelText("Nội dung lời 1"), { target: { value: "Anh có nghe rõ không?" } });
    select("Lựa chọn 1 dẫn tới", "s2", step(1));
    fireEvent.click(within(step(2)).getByRole("button", { name: "+ Thêm lựa chọn" }));
    fireEvent.input(within(step(2)).getByLabelText("Lời của lựa chọn 1"), { target: { value: "Hỏi lại" } });
    select("Lựa chọn 1 dẫn tới", "s1", step(2));
    const loop = "Một lựa chọn ở bước “s2” quay lại bước “s1”, tạo thành vòng lặp. Tình huống phải luôn đi tiếp: nếu người học hỏi lại, hãy thêm một bước mới.";
    expect(within(step(2)).getByText(loop)).toBeTruthy();
    expect(within(step(1)).queryByText(loop)).toBeNull();
    expect(screen.getByRole("button", { name: /tạo thành vòng lặp/ }).textContent).toBe(`Phần 1 › Bài 1 «Cuộc gọi giả công an» › Bước 2${loop}`);
    // The safe ending is out of reach while the only way from step 2 goes back: said where it is.
    expect(within(ending(1)).getByText("Không lựa chọn nào dẫn tới “e1”.")).toBeTruthy();

    select("Lựa chọn 1 dẫn tới", "e1", step(2));
    expect(screen.queryByText(loop)).toBeNull();
    expect(scenarioProblems(scenario())).toEqual([]);
  });

  it("shows a choice id used twice in a step and a sign id used twice beside them (an imported scenario)", () => {
    const value = withScenario();
    const lesson = value.modules[0]!.lessons[0] as ScenarioLesson;
    lesson.scenario.steps[0]!.choices.push({ id: "c1", action: "transfer", text: "Chuyển tiền", next: "e1" });
    lesson.scenario.signs.push({ id: "sign1", text: "Doạ bắt" });
    renderEditor(value);
    const twice = (id: string) => `Mã “${id}” bị dùng hai lần. Mỗi bước, kết thúc, dấu hiệu và mỗi lựa chọn trong cùng một bước phải có mã riêng.`;
    const second = within(step(1)).getByLabelText("Lời của lựa chọn 2").closest("li") as HTMLElement;
    expect(within(second).getByText(twice("c1"))).toBeTruthy();
    expect(within(step(1)).getAllByText(twice("c1"))).toHaveLength(1);
    const sign = screen.getByLabelText("Dấu hiệu 2").closest("li") as HTMLElement;
    expect(within(sign).getByText(twice("sign1"))).toBeTruthy();
  });

  it("keeps ids stable, says when a choice leads to a deleted step, and removes a deleted sign everywhere", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const { scenario } = renderEditor();
    fireEvent.click(screen.getByRole("button", { name: "+ Thêm bước" }));
    select("Lựa chọn 1 dẫn tới", "s2", step(1));
    fireEvent.click(screen.getByRole("button", { name: "Xoá bước 2" }));
    expect(confirm).toHaveBeenCalled();
    expect(scenario().steps.map((s) => s.id)).toEqual(["s1"]);
    const next = within(step(1)).getByLabelText("Lựa chọn 1 dẫn tới") as HTMLSelectElement;
    expect(next.selectedOptions[0]!.textContent).toBe("“s2” (không còn nữa, hãy chọn lại)");
    expect(within(step(1)).getByText("Lựa chọn dẫn tới “s2”, nhưng không có bước hay kết thúc nào như vậy.")).toBeTruthy();

    // A new step takes an id never used in this scenario's steps and endings.
    fireEvent.click(screen.getByRole("button", { name: "+ Thêm bước" }));
    expect(scenario().steps.map((s) => s.id)).toEqual(["s1", "s2"]);

    expect((within(step(1)).getAllByLabelText("Xưng là công an") as HTMLInputElement[]).map((box) => box.checked)).toEqual([true, true]);
    fireEvent.click(screen.getByRole("button", { name: "Xoá dấu hiệu 1" }));
    expect(scenario().signs).toEqual([]);
    expect(scenario().steps[0]!.signs).toBeUndefined();
    expect(scenario().steps[0]!.choices[0]!.caught).toBeUndefined();
    expect(scenarioProblems(scenario()).map((p) => p.code)).not.toContain("scenarioUnknownSign");
    confirm.mockRestore();
  });

  it("shows a web step's address field, and an ending's outcome; a scenario with no safe ending is flagged", () => {
    const { scenario } = renderEditor();
    expect(within(step(1)).queryByLabelText("Địa chỉ trên thanh trình duyệt")).toBeNull();
    select("Màn hình ở bước này", "web", step(1));
    expect(scenario().steps[0]!.screen).toBe("web");
    fireEvent.input(within(step(1)).getByLabelText("Địa chỉ trên thanh trình duyệt"), { target: { value: "http://congan-xacminh.top" } });
    expect(scenario().steps[0]!.link).toBe("http://congan-xacminh.top");
    select("Màn hình ở bước này", "", step(1));
    expect("screen" in scenario().steps[0]!).toBe(false);

    select("Kết quả của kết thúc 1", "scammed");
    expect(scenario().endings[0]!.outcome).toBe("scammed");
    const endings = screen.getByRole("heading", { level: 5, name: "Kết thúc (1)" }).parentElement!;
    expect(within(endings).getAllByText("Tình huống cần ít nhất một kết thúc an toàn để người học biết cách làm đúng.")).toHaveLength(1);
  });
});

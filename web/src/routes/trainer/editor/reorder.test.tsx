import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../i18n";
import { move } from "../model";
import { content, draft, module, offlineAuthoring } from "../test-content";
import { ModuleList } from "./modules";
import { createEditor, EditorProvider, type Editor } from "./state";

function renderModules() {
  let editor!: Editor;
  render(() => {
    editor = createEditor(
      "an-toan",
      draft(content([module("m1", "Mật khẩu", ["Mật khẩu mạnh", "Xác thực hai lớp"]), module("m2", "Mã OTP"), module("m3", "Cuộc gọi giả")])),
      offlineAuthoring,
    );
    return (
      <I18nProvider>
        <EditorProvider editor={editor}>
          <ModuleList />
        </EditorProvider>
      </I18nProvider>
    );
  });
  return editor;
}

describe("reordering", () => {
  it("move() returns a moved copy and clamps", () => {
    const list = ["a", "b", "c"];
    expect(move(list, 0, 2)).toEqual(["b", "c", "a"]);
    expect(move(list, 2, 0)).toEqual(["c", "a", "b"]);
    expect(move(list, 1, 9)).toEqual(["a", "c", "b"]);
    expect(move(list, 5, 0)).toEqual(list);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("moves modules up and down with named buttons, keeping their ids", () => {
    const editor = renderModules();
    expect((screen.getByRole("button", { name: "Chuyển “Phần 1: Mật khẩu” lên" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Chuyển “Phần 3: Cuộc gọi giả” xuống" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Chuyển “Phần 1: Mật khẩu” xuống" }));
    expect(editor.content.modules.map((m) => m.id)).toEqual(["m2", "m1", "m3"]);
    // The labels follow the new order.
    fireEvent.click(screen.getByRole("button", { name: "Chuyển “Phần 3: Cuộc gọi giả” lên" }));
    expect(editor.content.modules.map((m) => m.title)).toEqual(["Mã OTP", "Cuộc gọi giả", "Mật khẩu"]);
    expect(editor.dirty()).toBe(true);
  });

  it("moves lessons inside a module", () => {
    const editor = renderModules();
    fireEvent.click(screen.getByRole("button", { name: /^Phần 1: Mật khẩu/ }));
    const lessons = screen.getByRole("region", { name: "Bài học của phần 1" });
    fireEvent.click(within(lessons).getByRole("button", { name: "Chuyển “Xác thực hai lớp” lên" }));
    expect(editor.content.modules[0]!.lessons.map((l) => l.id)).toEqual(["m1-l2", "m1-l1"]);
    expect(Array.from(lessons.querySelectorAll(".t-item__title")).map((title) => title.textContent)).toEqual([
      "Bài 1: Xác thực hai lớp",
      "Bài 2: Mật khẩu mạnh",
    ]);
  });
});

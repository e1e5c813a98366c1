import { fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../i18n";
import glossaryVi from "../../../i18n/glossary.vi";
import en from "../messages.en";
import vi from "../messages.vi";
import { applyEdit, bold, bulletList, heading, link, normaliseUrl, type TextEdit } from "./markdown-edit";
import { MarkdownField } from "./markdown-toolbar";
import { createEditor, EditorProvider } from "./state";
import { draft, offlineAuthoring } from "../test-content";

/** Applies an edit to text written with "|" for the cursor or "[…]" for the selection, and writes the result the same way. */
function run(marked: string, make: (s: { value: string; start: number; end: number }) => TextEdit): string {
  const cursor = marked.indexOf("|");
  const value = marked.replace(/[|[\]]/g, "");
  const start = cursor >= 0 ? cursor : marked.indexOf("[");
  const end = cursor >= 0 ? cursor : marked.indexOf("]") - 1;
  const edit = make({ value, start, end });
  const next = applyEdit(value, edit);
  return edit.selectFrom === edit.selectTo
    ? `${next.slice(0, edit.selectFrom)}|${next.slice(edit.selectFrom)}`
    : `${next.slice(0, edit.selectFrom)}[${next.slice(edit.selectFrom, edit.selectTo)}]${next.slice(edit.selectTo)}`;
}

describe("formatting edits", () => {
  it("makes the selection bold, leaving the space a double-click took along outside, and takes it back", () => {
    expect(run("Mã OTP là [mật khẩu ]một lần", (s) => bold(s, "chữ đậm"))).toBe("Mã OTP là [**mật khẩu**] một lần");
    expect(run("Mã [**OTP**] là", (s) => bold(s, "chữ đậm"))).toBe("Mã [OTP] là");
    expect(run("Mã **[OTP]** là", (s) => bold(s, "chữ đậm"))).toBe("Mã [OTP] là");
    expect(run("Mã | là", (s) => bold(s, "chữ đậm"))).toBe("Mã **[chữ đậm]** là");
    // Bold cannot cross lines in Markdown: each line gets its own.
    expect(run("[một\n\nhai]", (s) => bold(s, "x"))).toBe("[**một**\n\n**hai**]");
  });

  it("turns the selected lines into a list (and back), starting one on an empty line", () => {
    expect(run("Mở đầu\n[Không đọc mã\nKhông bấm link]\n\nHết", bulletList)).toBe("Mở đầu\n- Không đọc mã\n- Không bấm link|\n\nHết");
    expect(run("[- một\n- hai]", bulletList)).toBe("[một\nhai]");
    expect(run("Đoạn văn\n|", bulletList)).toBe("Đoạn văn\n- |");
    expect(run("|", bulletList)).toBe("- |");
    // A paragraph right after the list would become part of its last item: a blank line keeps them apart.
    expect(run("[một]\nhai", bulletList)).toBe("- một|\n\nhai");
    // Numbered items become bullets.
    expect(run("[1. một\n2. hai]", bulletList)).toBe("- một\n- hai|");
  });

  it("makes the cursor's line a small heading, or plain again", () => {
    expect(run("Tiêu| đề\nThân bài", (s) => heading(s, "Tiêu đề nhỏ"))).toBe("### Tiêu đề|\nThân bài");
    expect(run("### Tiêu| đề", (s) => heading(s, "Tiêu đề nhỏ"))).toBe("Tiêu đề|");
    expect(run("Thân bài\n|", (s) => heading(s, "Tiêu đề nhỏ"))).toBe("Thân bài\n### [Tiêu đề nhỏ]");
  });

  it("writes links the lesson renderer accepts", () => {
    expect(normaliseUrl("dichvucong.gov.vn")).toBe("https://dichvucong.gov.vn");
    expect(normaliseUrl(" https://vnexpress.net/a (b) ")).toBe("https://vnexpress.net/a%20%28b%29");
    expect(normaliseUrl("javascript:alert(1)")).toBeUndefined();
    expect(normaliseUrl("abc")).toBeUndefined();
    expect(run("Vào [Cổng DVC] nhé", (s) => link(s, "Cổng DVC", "https://dichvucong.gov.vn"))).toBe("Vào [Cổng DVC](https://dichvucong.gov.vn)| nhé");
    expect(run("Xem |", (s) => link(s, "", "https://a.vn"))).toBe("Xem [https://a.vn](https://a.vn)|");
    expect(run("|", (s) => link(s, "[1]", "https://a.vn"))).toBe("[\\[1\\]](https://a.vn)|");
  });
});

describe("the formatting toolbar", () => {
  function field(initial = "") {
    const [value, setValue] = createSignal(initial);
    const added: string[] = [];
    render(() => (
      <I18nProvider>
        <EditorProvider editor={createEditor("an-toan", draft(), offlineAuthoring)}>
          <MarkdownField label="Nội dung (Markdown)" value={value()} onInput={setValue} path="body" onAddImage={() => added.push("image")} />
        </EditorProvider>
      </I18nProvider>
    ));
    const area = screen.getByLabelText("Nội dung (Markdown)") as HTMLTextAreaElement;
    return { value, area, added };
  }

  it("has named buttons, one tab stop, and writes Markdown into the field", () => {
    const { value, area, added } = field("Mã OTP\nKhông đọc mã");
    const toolbar = screen.getByRole("toolbar", { name: "Định dạng chữ" });
    const names = screen.getAllByRole("button").map((b) => b.textContent);
    expect(names).toEqual(["Đậm", "Danh sách", "Tiêu đề", "Đường dẫn", "Hình"]);
    expect(toolbar.querySelectorAll('[tabindex="0"]')).toHaveLength(1);

    area.setSelectionRange(0, 6);
    fireEvent.click(screen.getByRole("button", { name: "Đậm" }));
    expect(value()).toBe("**Mã OTP**\nKhông đọc mã");

    area.setSelectionRange(area.value.length, area.value.length);
    fireEvent.click(screen.getByRole("button", { name: "Danh sách" }));
    expect(value()).toBe("**Mã OTP**\n- Không đọc mã");

    fireEvent.keyDown(area, { key: "b", ctrlKey: true });
    expect(value()).toBe("**Mã OTP**\n- Không đọc mã**chữ đậm**");

    fireEvent.click(screen.getByRole("button", { name: "Hình" }));
    expect(added).toEqual(["image"]);
  });

  it("asks for the address of a link and refuses one that is not a web page", () => {
    const { value, area } = field("Vào Cổng DVC");
    area.setSelectionRange(4, 12);
    fireEvent.click(screen.getByRole("button", { name: "Đường dẫn" }));
    const url = screen.getByLabelText("Địa chỉ trang web") as HTMLInputElement;
    url.value = "javascript:alert(1)";
    fireEvent.click(screen.getByRole("button", { name: "Chèn đường dẫn" }));
    expect(url.getAttribute("aria-invalid")).toBe("true");
    expect(value()).toBe("Vào Cổng DVC");
    url.value = "dichvucong.gov.vn";
    (screen.getByLabelText("Chữ hiện ra (không bắt buộc)") as HTMLInputElement).value = "Cổng DVC";
    fireEvent.keyDown(url, { key: "Enter" });
    expect(value()).toBe("Vào [Cổng DVC](https://dichvucong.gov.vn)");
  });

  it("keeps what is typed in composed form (NFC)", () => {
    const { value, area } = field("");
    area.value = "Tiêu đề nhỏ".normalize("NFD");
    fireEvent.input(area);
    expect(value()).toBe("Tiêu đề nhỏ");
    expect(value()).toBe(value().normalize("NFC"));
    expect(area.value).toBe("Tiêu đề nhỏ".normalize("NFC"));
  });
});

describe("the trainer's words", () => {
  it("are all written in composed Unicode (NFC), in both languages and in the glossary they build on", () => {
    const decomposed = [vi, en, glossaryVi].flatMap((strings) => Object.entries(strings)).filter(([, text]) => text !== text.normalize("NFC"));
    expect(decomposed).toEqual([]);
  });
});

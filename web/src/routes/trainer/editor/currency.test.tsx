import { vietnamToday } from "@kns/core/model";
import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../i18n";
import type { Content } from "../model";
import { content, draft, module, offlineAuthoring } from "../test-content";
import { LessonList } from "./lessons";
import { ProblemsList } from "./problems";
import { QuizEditor } from "./quiz";
import { createEditor, EditorProvider, type Editor } from "./state";

/** A course whose one lesson has no competences, sources or review date yet (a lesson just added). */
function bare(): Content {
  const value = content([module("m1", "Nhận biết lừa đảo")]);
  const lesson = value.modules[0]!.lessons[0]!;
  delete lesson.competences;
  delete lesson.sources;
  delete lesson.reviewedAt;
  return value;
}

function renderEditor(value: Content) {
  let editor!: Editor;
  render(() => {
    editor = createEditor("an-toan", draft(value), offlineAuthoring);
    editor.toggle("m1-l1", true);
    editor.toggle("m1-q1", true);
    return (
      <I18nProvider>
        <EditorProvider editor={editor}>
          <LessonList moduleIndex={0} />
          <QuizEditor moduleIndex={0} />
          <ProblemsList content={editor.content} media={{}} onSelect={editor.reveal} />
        </EditorProvider>
      </I18nProvider>
    );
  });
  return editor;
}

describe("what keeps a lesson correct: competences, sources, review date", () => {
  it("lists what a new lesson lacks to publish, and clears each once the trainer gives it", () => {
    const editor = renderEditor(bare());
    const lesson = () => editor.content.modules[0]!.lessons[0]!;
    const checklist = () => screen.getByRole("heading", { name: "Phải có trước khi xuất bản" }).nextElementSibling as HTMLElement;
    expect(within(checklist()).getByText("Chọn ít nhất một kỹ năng mà phần này dạy hoặc kiểm tra.")).toBeTruthy();
    expect(within(checklist()).getByText("Ghi ít nhất một nguồn: văn bản pháp luật hoặc trang chính thức.")).toBeTruthy();
    expect(within(checklist()).getByText("Ghi ngày bạn rà soát bài này lần cuối.")).toBeTruthy();

    // Competences: chosen from a grouped list, shown as chips with a remove button each.
    const [lessonSkills] = screen.getAllByRole("group", { name: "Kỹ năng dạy" });
    const add = within(lessonSkills!).getByLabelText("Thêm kỹ năng…");
    expect(within(add).getByRole("group", { name: "5 kỹ năng số cơ bản" })).toBeTruthy();
    fireEvent.change(add, { target: { value: "dc-4.2" } });
    fireEvent.change(add, { target: { value: "cyber-safety" } });
    expect(lesson().competences).toEqual(["cyber-safety", "dc-4.2"]);
    expect(within(lessonSkills!).getByText("4.2 Bảo vệ dữ liệu cá nhân và quyền riêng tư")).toBeTruthy();
    fireEvent.click(within(lessonSkills!).getByRole("button", { name: "Bỏ kỹ năng An toàn trên không gian mạng" }));
    expect(lesson().competences).toEqual(["dc-4.2"]);

    // A source: a legal document's number and title, its page optional.
    fireEvent.click(screen.getByRole("button", { name: "Thêm nguồn" }));
    const title = screen.getByLabelText("Tên nguồn 1");
    fireEvent.input(title, { target: { value: "Nghị định 118" } });
    fireEvent.input(title, { target: { value: "Nghị định 118/2025/NĐ-CP" } });
    // The box typed in stays the same box (the trainer's cursor and keyboard stay where they are).
    expect(screen.getByLabelText("Tên nguồn 1")).toBe(title);
    fireEvent.input(screen.getByLabelText("Địa chỉ trang của nguồn 1 (nếu có)"), { target: { value: "https://vanban.chinhphu.vn" } });
    expect(lesson().sources).toEqual([{ title: "Nghị định 118/2025/NĐ-CP", url: "https://vanban.chinhphu.vn" }]);
    // A page address that is not https is shown beside its box once the trainer tries to save.
    fireEvent.input(screen.getByLabelText("Địa chỉ trang của nguồn 1 (nếu có)"), { target: { value: "http://vanban.chinhphu.vn" } });
    editor.setAttempted(true);
    expect(within(screen.getByRole("group", { name: "Nguồn" })).getByText("Địa chỉ trang phải bắt đầu bằng https://")).toBeTruthy();
    expect(screen.getByLabelText("Địa chỉ trang của nguồn 1 (nếu có)").getAttribute("aria-invalid")).toBe("true");
    fireEvent.input(screen.getByLabelText("Địa chỉ trang của nguồn 1 (nếu có)"), { target: { value: "" } });
    expect(lesson().sources).toEqual([{ title: "Nghị định 118/2025/NĐ-CP" }]);

    // Reviewed: "never" until the trainer says they checked it today.
    expect(screen.getByText("Chưa rà soát lần nào.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Đã rà soát hôm nay" }));
    expect(lesson().reviewedAt).toBe(vietnamToday());
    expect(screen.getByText("Còn trong hạn.")).toBeTruthy();

    expect(screen.queryByText("Ghi ngày bạn rà soát bài này lần cuối.")).toBeNull();
    expect(screen.queryByText("Ghi ít nhất một nguồn: văn bản pháp luật hoặc trang chính thức.")).toBeNull();
  });

  it("says a lesson reviewed more than six months ago is due, and refuses an explanation that points at an option's position", () => {
    const value = content([module("m1", "Nhận biết lừa đảo")]);
    value.modules[0]!.lessons[0]!.reviewedAt = "2025-01-15";
    value.modules[0]!.quiz.questions[0]!.explanation = "Ba việc đầu là dấu hiệu lừa đảo.";
    renderEditor(value);
    expect(screen.getByText("Đến hạn rà soát: hãy kiểm tra lại với nguồn.")).toBeTruthy();
    expect(screen.getByText(/Giải thích đang chỉ đáp án theo vị trí \(“Ba việc đầu”\)/)).toBeTruthy();
  });
});

import { fireEvent, render, screen, within } from "@solidjs/testing-library";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../../i18n";
import { contentProblems, type ContentProblem } from "@kns/core/model";
import type { Content, Question } from "../model";
import { content, module } from "../test-content";
import { ProblemsList } from "./problems";

/** A question that is answered by choosing options (the ones these checks are about). */
function choice(question: Question | undefined) {
  if (!question || !("correctOptionIds" in question)) throw new Error("not a choice question");
  return question;
}

function show(value: Content, serverProblems: ContentProblem[] = [], media = {}) {
  const onSelect = vi.fn<(path: string) => void>();
  render(() => (
    <I18nProvider>
      <ProblemsList content={value} media={media} serverProblems={serverProblems} onSelect={onSelect} />
    </I18nProvider>
  ));
  return onSelect;
}

describe("problems checklist", () => {
  it("says the course is ready when nothing is missing", () => {
    expect(contentProblems(content())).toEqual([]);
    show(content());
    expect(screen.getByText(/Không còn gì cần sửa/)).toBeTruthy();
  });

  it("lists what blocks saving and what blocks publishing, in Vietnamese, each leading to its place", () => {
    const draft = content([module("m1", "Nhận biết lừa đảo")]);
    draft.title = " ";
    draft.modules[0]!.quiz.questions = draft.modules[0]!.quiz.questions.slice(0, 3);
    draft.modules[0]!.lessons.push({ id: "m1-l2", title: "Tin nhắn giả", kind: "image", image: { src: "media/abc.webp", alt: "" } });
    const onSelect = show(draft);

    const beforeSave = screen.getByRole("heading", { name: "Phải sửa để lưu được" }).nextElementSibling as HTMLElement;
    const beforePublish = screen.getByRole("heading", { name: "Phải có trước khi xuất bản" }).nextElementSibling as HTMLElement;
    expect(
      within(beforeSave)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Thông tin khoá họcHãy nhập tên khoá học.", "Phần 1 › Bài 2 «Tin nhắn giả»Hãy mô tả hình cho người khiếm thị."]);
    expect(
      within(beforePublish)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual([
      "Phần 1 › Bài 2 «Tin nhắn giả»Chọn ít nhất một kỹ năng mà phần này dạy hoặc kiểm tra.",
      "Phần 1 › Bài 2 «Tin nhắn giả»Ghi ít nhất một nguồn: văn bản pháp luật hoặc trang chính thức.",
      "Phần 1 › Bài 2 «Tin nhắn giả»Ghi ngày bạn rà soát bài này lần cuối.",
      "Phần 1 › Bài 2 «Tin nhắn giả»Tệp chưa được tải lên máy chủ. Hãy tải lại.",
      "Phần 1 › Bài kiểm traBài kiểm tra cần ít nhất 5 câu hỏi (đang có 3).",
    ]);
    expect(screen.getByRole("status").textContent).toContain("Còn 7 mục");

    fireEvent.click(within(beforeSave).getByRole("button", { name: /Hãy mô tả hình/ }));
    expect(onSelect).toHaveBeenCalledWith("modules.0.lessons.1.image.alt");
    fireEvent.click(within(beforePublish).getByRole("button", { name: /ít nhất 5 câu hỏi/ }));
    expect(onSelect).toHaveBeenLastCalledWith("modules.0.quiz.questions");
  });

  it("knows uploaded media and adds server findings the device did not catch", () => {
    const draft = content();
    draft.cover = { src: "media/cover.webp", alt: "Ảnh bìa" };
    const onSelect = show(
      draft,
      [
        { path: "modules.0.quiz.passPercent", code: "passUnreachable", level: "publish" },
        { path: "cover.src", code: "notUploaded", params: { src: "media/cover.webp" }, level: "publish" },
      ],
      { "media/cover.webp": { key: "media/cover.webp", bytes: 2048, contentType: "image/webp" } },
    );
    const items = screen.getAllByRole("button");
    // The server's findings are codes too: worded in Vietnamese like the device's own.
    expect(items.map((b) => b.textContent)).toEqual([
      "Phần 1 › Bài kiểm traVới số câu mỗi lần hỏi, không ai đạt được điểm này.",
      "Thông tin khoá họcTệp chưa được tải lên máy chủ. Hãy tải lại.",
    ]);
    fireEvent.click(items[0]!);
    expect(onSelect).toHaveBeenCalledWith("modules.0.quiz.passPercent");
  });

  it("applies the API's own question rules (the model's)", () => {
    const draft = content();
    const q = draft.modules[0]!.quiz.questions;
    choice(q[0]).correctOptionIds = ["a", "b"];
    q[1]!.explanation = "";
    q[2] = {
      ...q[2]!,
      kind: "spot-the-scam",
      options: [
        { id: "link", text: "Đường dẫn" },
        { id: "sender", text: "Người gửi", region: { x: 1, y: 1, w: 20, h: 20 } },
      ],
      correctOptionIds: ["link"],
    };
    choice(q[3]).correctOptionIds = ["zz"];
    expect(contentProblems(draft).map((f) => [f.path, f.code])).toEqual([
      ["modules.0.quiz.questions.0.correctOptionIds", "correctOne"],
      ["modules.0.quiz.questions.1.explanation", "explanation"],
      ["modules.0.quiz.questions.2.image", "spotImage"],
      ["modules.0.quiz.questions.2.options.0", "spotRegion"],
      ["modules.0.quiz.questions.3.correctOptionIds", "correctMissing"],
    ]);
  });
});

import type { LearnerLesson, LearnerQuestion } from "@kns/core/model";
import { fireEvent, render, screen } from "@solidjs/testing-library";
import { createSignal, type JSX } from "solid-js";
import { describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { LessonView } from "./lesson-view";
import { QuestionView, shownPrompt } from "./question-view";

const inVietnamese = (view: () => JSX.Element) => render(() => <I18nProvider>{view()}</I18nProvider>);

const slide = (n: number) => ({
  url: `/api/v1/media/${String(n).repeat(32)}.svg`,
  alt: `Hình ${n}`,
  caption: `Chú thích ${n}`,
  width: 360,
  height: 640,
  bytes: 1000,
});

describe("lesson view", () => {
  it("renders a text lesson's server-sanitised HTML", () => {
    const lesson: LearnerLesson = {
      id: "l1",
      title: "Giả danh công an",
      kind: "text",
      sizeBytes: 40,
      html: "<h3>Giả công an</h3><p>Không <strong>chuyển tiền</strong>.</p>",
    };
    inVietnamese(() => <LessonView lesson={lesson} />);
    expect(screen.getByRole("heading", { name: "Giả công an" })).toBeTruthy();
    expect(screen.getByText("chuyển tiền").tagName).toBe("STRONG");
  });

  it("shows an image lesson with its alt text, caption and size (no layout shift)", () => {
    const lesson: LearnerLesson = {
      id: "l2",
      title: "4 dấu hiệu",
      kind: "image",
      sizeBytes: 900,
      image: { ...slide(4), caption: "Gặp một dấu hiệu là đủ." },
      html: "<p>Nhớ bốn dấu hiệu.</p>",
    };
    inVietnamese(() => <LessonView lesson={lesson} />);
    const image = screen.getByRole("img", { name: "Hình 4" });
    expect(image.getAttribute("width")).toBe("360");
    expect(image.getAttribute("height")).toBe("640");
    expect(screen.getByText("Gặp một dấu hiệu là đủ.").tagName).toBe("FIGCAPTION");
  });

  it("steps through slides with buttons and swipes, shows n/total, and reports the last slide once", () => {
    const onReachedEnd = vi.fn();
    const lesson: LearnerLesson = { id: "l3", title: "Trình chiếu", kind: "slides", sizeBytes: 3000, slides: [slide(1), slide(2), slide(3)] };
    inVietnamese(() => <LessonView lesson={lesson} onReachedEnd={onReachedEnd} />);

    const previous = screen.getByRole("button", { name: "Trang trước" }) as HTMLButtonElement;
    const next = screen.getByRole("button", { name: "Trang sau" }) as HTMLButtonElement;
    expect(screen.getByText("1/3")).toBeTruthy();
    expect(previous.disabled).toBe(true);
    expect(screen.getByRole("img", { name: "Hình 1" })).toBeTruthy();

    fireEvent.click(next);
    expect(screen.getByText("2/3")).toBeTruthy();
    expect(screen.getByText("Chú thích 2")).toBeTruthy();
    expect(onReachedEnd).not.toHaveBeenCalled();

    const figure = screen.getByRole("group", { name: "Trang 2 trên 3" });
    fireEvent.touchStart(figure, { changedTouches: [{ clientX: 300, clientY: 200 }] });
    fireEvent.touchEnd(figure, { changedTouches: [{ clientX: 100, clientY: 210 }] });
    expect(screen.getByText("3/3")).toBeTruthy();
    expect(next.disabled).toBe(true);
    expect(onReachedEnd).toHaveBeenCalledTimes(1);

    const last = screen.getByRole("group", { name: "Trang 3 trên 3" });
    fireEvent.touchStart(last, { changedTouches: [{ clientX: 100, clientY: 200 }] });
    fireEvent.touchEnd(last, { changedTouches: [{ clientX: 320, clientY: 190 }] });
    expect(screen.getByText("2/3")).toBeTruthy();
    fireEvent.click(next);
    expect(onReachedEnd).toHaveBeenCalledTimes(1);
  });

  it("plays video without preloading, with its poster and Vietnamese captions", () => {
    const lesson: LearnerLesson = {
      id: "l4",
      title: "Video",
      kind: "video",
      sizeBytes: 5_000_000,
      video: { url: "/api/v1/media/a.mp4", poster: slide(5), captionsUrl: "/api/v1/media/a.vtt", bytes: 5_000_000 },
      html: "<p>Lời thoại của video.</p>",
    };
    const { container } = inVietnamese(() => <LessonView lesson={lesson} />);
    const video = container.querySelector("video")!;
    expect(video.getAttribute("preload")).toBe("none");
    expect(video.getAttribute("poster")).toBe(slide(5).url);
    expect(container.querySelector("track")?.getAttribute("srclang")).toBe("vi");
    expect(screen.getByRole("heading", { name: "Lời thoại" })).toBeTruthy();
  });
});

const multiple: LearnerQuestion = {
  id: "q2",
  kind: "multiple",
  prompt: "Người bán nên làm gì để mã QR không bị tráo?",
  select: "many",
  options: [
    { id: "a", text: "Dán mã ngoài cổng" },
    { id: "b", text: "Nhìn kỹ mã mỗi sáng" },
    { id: "c", text: "Tự quét thử" },
  ],
};

const spot: LearnerQuestion = {
  id: "q1",
  kind: "spot-the-scam",
  prompt: "Chạm vào chi tiết cho thấy đây là tin nhắn lừa đảo.",
  select: "many",
  image: { url: "/api/v1/media/sms.svg", alt: "Tin nhắn giả ngân hàng", width: 360, height: 640, bytes: 2700 },
  options: [
    { id: "a", text: "Tên người gửi", region: { x: 0, y: 24, w: 360, h: 72 } },
    { id: "d", text: "Đường link", region: { x: 18, y: 320, w: 300, h: 64 } },
  ],
};

function Controlled(props: { question: LearnerQuestion; onChange: (ids: string[]) => void; order?: string[] }) {
  const [selected, setSelected] = createSignal<string[]>([]);
  return (
    <QuestionView
      question={props.question}
      order={props.order}
      selected={selected()}
      onChange={(ids) => {
        setSelected(ids);
        props.onChange(ids);
      }}
    />
  );
}

describe("question view", () => {
  it("does not repeat the hint at the end of a many-answer prompt", () => {
    const prompt = "Những dấu hiệu nào cho thấy có thể là lừa đảo? (Chọn tất cả ý đúng)";
    expect(shownPrompt({ prompt, select: "many" })).toBe("Những dấu hiệu nào cho thấy có thể là lừa đảo?");
    expect(shownPrompt({ prompt: "Which signs? (Select all that apply)", select: "many" })).toBe("Which signs?");
    // Only the closing reminder goes, and only where the hint says the same.
    expect(shownPrompt({ prompt: "Mã OTP (mật khẩu một lần) là gì?", select: "many" })).toBe("Mã OTP (mật khẩu một lần) là gì?");
    expect(shownPrompt({ prompt, select: "one" })).toBe(prompt);
    inVietnamese(() => <QuestionView question={{ ...multiple, prompt }} selected={[]} />);
    expect(screen.getByRole("heading", { name: "Những dấu hiệu nào cho thấy có thể là lừa đảo?" })).toBeTruthy();
    expect(screen.getByText("Chọn tất cả đáp án đúng.")).toBeTruthy();
  });

  it("lets the learner pick several answers in a multiple-choice question, in the quiz's order", () => {
    const onChange = vi.fn();
    inVietnamese(() => <Controlled question={multiple} order={["c", "a", "b"]} onChange={onChange} />);
    expect(screen.getByText("Chọn tất cả đáp án đúng.")).toBeTruthy();
    const boxes = screen.getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.map((box) => box.value)).toEqual(["c", "a", "b"]);

    fireEvent.click(screen.getByLabelText("Nhìn kỹ mã mỗi sáng"));
    fireEvent.click(screen.getByLabelText("Tự quét thử"));
    expect(onChange).toHaveBeenLastCalledWith(["b", "c"]);
    fireEvent.click(screen.getByLabelText("Nhìn kỹ mã mỗi sáng"));
    expect(onChange).toHaveBeenLastCalledWith(["c"]);
    expect((screen.getByLabelText("Tự quét thử") as HTMLInputElement).checked).toBe(true);
  });

  it("takes one answer in a single-choice question", () => {
    const onChange = vi.fn();
    inVietnamese(() => <Controlled question={{ ...multiple, kind: "single", select: "one" }} onChange={onChange} />);
    expect(screen.getAllByRole("radio")).toHaveLength(3);
    fireEvent.click(screen.getByLabelText("Dán mã ngoài cổng"));
    fireEvent.click(screen.getByLabelText("Tự quét thử"));
    expect(onChange).toHaveBeenLastCalledWith(["c"]);
  });

  it("marks the right answers and the learner's wrong choice after grading, with the explanation", () => {
    inVietnamese(() => (
      <QuestionView
        question={multiple}
        selected={["a", "b"]}
        review={{ correct: false, correctOptionIds: ["b", "c"], explanation: "Mã dán ngoài cổng dễ bị dán đè." }}
      />
    ));
    expect(screen.getByText("Trả lời chưa đúng")).toBeTruthy();
    expect(screen.getByLabelText(/Dán mã ngoài cổng/).closest("label")?.textContent).toContain("Bạn chọn – chưa đúng");
    expect(screen.getByLabelText(/Nhìn kỹ mã mỗi sáng/).closest("label")?.textContent).toContain("Bạn chọn – đúng");
    expect(screen.getByLabelText(/Tự quét thử/).closest("label")?.textContent).toContain("Đáp án đúng");
    expect(screen.getByText("Giải thích: Mã dán ngoài cổng dễ bị dán đè.")).toBeTruthy();
    expect((screen.getByLabelText(/Tự quét thử/) as HTMLInputElement).disabled).toBe(true);
  });

  it("puts a labelled toggle over each region of a spot-the-scam picture, placed in the picture's coordinates", () => {
    const onChange = vi.fn();
    inVietnamese(() => <Controlled question={spot} onChange={onChange} />);
    expect(screen.getByRole("img", { name: "Tin nhắn giả ngân hàng" })).toBeTruthy();
    const link = screen.getByRole("button", { name: "Đường link" });
    const sender = screen.getByRole("button", { name: "Tên người gửi" });
    expect(link.getAttribute("aria-pressed")).toBe("false");
    expect(link.style.left).toBe("5%");
    expect(link.style.top).toBe("50%");
    expect(link.style.width).toBe(`${(300 / 360) * 100}%`);
    expect(link.style.height).toBe("10%");
    expect(screen.getByText("Chưa chọn chỗ nào trên hình.")).toBeTruthy();

    fireEvent.click(link);
    expect(link.getAttribute("aria-pressed")).toBe("true");
    expect(onChange).toHaveBeenLastCalledWith(["d"]);
    expect(screen.getByText("Đã chọn: Đường link.")).toBeTruthy();
    fireEvent.click(sender);
    expect(onChange).toHaveBeenLastCalledWith(["d", "a"]);
    fireEvent.click(link);
    expect(onChange).toHaveBeenLastCalledWith(["a"]);
    expect(link.getAttribute("aria-pressed")).toBe("false");
  });

  it("shows which regions were the scam signs after grading", () => {
    inVietnamese(() => <QuestionView question={spot} selected={["a"]} review={{ correct: false, correctOptionIds: ["d"] }} />);
    const items = screen.getAllByRole("listitem").filter((item) => item.classList.contains("option--static"));
    expect(items.map((item) => item.textContent)).toEqual(["Tên người gửi✗ Bạn chọn – chưa đúng", "Đường link✓ Đáp án đúng"]);
  });
});

describe("an ordering question", () => {
  const steps: LearnerQuestion = {
    id: "q9",
    kind: "ordering",
    prompt: "Trả tiền điện: xếp các bước",
    select: "order",
    options: [
      { id: "s3", text: "Kiểm tra tên chủ hộ và số tiền" },
      { id: "s1", text: "Mở ứng dụng ngân hàng" },
      { id: "s2", text: "Nhập mã khách hàng" },
    ],
  };

  it("places steps by tapping, moves and takes them back, without dragging", () => {
    const [selected, setSelected] = createSignal<string[]>([]);
    inVietnamese(() => <QuestionView question={steps} selected={selected()} onChange={setSelected} />);
    expect(screen.getByText(/Chạm lần lượt vào từng bước/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Mở ứng dụng ngân hàng/ }));
    fireEvent.click(screen.getByRole("button", { name: /Kiểm tra tên chủ hộ/ }));
    fireEvent.click(screen.getByRole("button", { name: /Nhập mã khách hàng/ }));
    expect(selected()).toEqual(["s1", "s3", "s2"]);
    fireEvent.click(screen.getByRole("button", { name: "Đưa lên trước: Nhập mã khách hàng" }));
    expect(selected()).toEqual(["s1", "s2", "s3"]);
    fireEvent.click(screen.getByRole("button", { name: "Bỏ ra: Mở ứng dụng ngân hàng" }));
    expect(selected()).toEqual(["s2", "s3"]);
    expect(screen.getByText("Thứ tự của bạn (2/3 bước)")).toBeTruthy();
  });

  it("shows the learner's order and the right one after grading", () => {
    inVietnamese(() => <QuestionView question={steps} selected={["s2", "s1", "s3"]} review={{ correct: false, correctOptionIds: ["s1", "s2", "s3"] }} />);
    expect(screen.getByText("Thứ tự đúng")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Bỏ ra/ })).toBeNull();
  });
});

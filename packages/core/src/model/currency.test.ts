import { describe, expect, it } from "vitest";
import { citedPosition, isReviewDate, lessonsDue, retiredTermIn, reviewDates, reviewDue, reviewDueOn, vietnamToday } from "./currency";

describe("explanations that point at options by position", () => {
  it.each([
    ["Ba việc đầu đều là dấu hiệu lừa đảo.", "Ba việc đầu"],
    ["Đáp án đầu tiên đúng vì…", "Đáp án đầu tiên"],
    ["Chỉ A và C là đúng.", "Chỉ A và C"],
    ["Đáp án B sai vì ngân hàng không gọi.", "Đáp án B"],
    ["Phương án thứ hai là bẫy.", "Phương án thứ hai"],
    ["The first two options are scams.", "The first two options"],
    ["Hai lựa chọn cuối là đúng.", "Hai lựa chọn cuối"],
    ["Đáp án 2 sai vì…", "Đáp án 2"],
    ["Ý 1 và ý 3 đúng.", "Ý 1"],
    ["Đáp án (b) là bẫy.", "Đáp án (b)"],
    ["Các ý trên đều đúng.", "Các ý trên"],
    ["Phương án số 2 sai.", "Phương án số 2"],
    ["Options 1 and 3 are right.", "Options 1 and 3"],
    ["a và c là đúng.", "a và c"],
  ])("finds %j", (text, words) => {
    expect(citedPosition(text)).toBe(words);
  });

  it.each([
    "Gác máy, gọi lại số tổng đài in trên thẻ và báo công an xã: đó là ba việc cần làm.",
    "Việc đầu tiên khi mất tiền là gọi ngay tổng đài ngân hàng để khoá tài khoản.",
    "Bước đầu tiên là mở ứng dụng VNeID.",
    "Mã OTP là chìa khoá cuối cùng của tài khoản.",
    "Vitamin, mã QR và tên người nhận: hãy kiểm tra cả ba.",
    "Lưu ý cuối cùng: không ai được hỏi mã OTP.",
    "Chú ý đầu tiên là đọc kỹ tên người nhận.",
    "Báo công an là lựa chọn cuối cùng khi đã mất tiền? Không, hãy báo ngay.",
    "Hai bước đầu tiên khi mất tiền là gọi ngân hàng và báo công an.",
    "Hai việc đầu tiên khi mất tiền là gọi ngân hàng và báo công an.",
    "Trái cây có nhiều vitamin A và C.",
    "Giấy phép lái xe hạng B, C đã tích hợp được vào VNeID.",
    "Tiêm vắc-xin viêm gan B, C theo lịch.",
  ])("lets %j through (it names what to do, not where an option sits)", (text) => {
    expect(citedPosition(text)).toBeUndefined();
  });
});

describe("retired terms", () => {
  it("finds a retired term whatever its case or Unicode form, on word boundaries", () => {
    expect(retiredTermIn("Nộp hồ sơ tại bộ phận một cửa của xã")?.term).toBe("Bộ phận một cửa");
    expect(retiredTermIn("Nộp hồ sơ tại Bộ phận một cửa".normalize("NFD"))?.term).toBe("Bộ phận một cửa");
    expect(retiredTermIn("Bán hàng trên Voso.")?.term).toBe("Voso");
    expect(retiredTermIn("Vosovi là tên một cửa hàng")).toBeUndefined();
    expect(retiredTermIn("Nhập mã passcode gồm 6 số")?.term).toBe("mã passcode");
    expect(retiredTermIn("Đến Trung tâm Phục vụ hành chính công xã")).toBeUndefined();
    expect(retiredTermIn("Nộp ở Ủy ban nhân dân huyện")?.term).toBe("UBND huyện");
    expect(retiredTermIn("Việc này do cấp huyện làm.")?.term).toBe("cấp huyện");
  });

  it("lets a sentence that says the change name the old term, so lessons can teach the new name", () => {
    expect(retiredTermIn("Bộ phận một cửa của xã nay là Trung tâm Phục vụ hành chính công.")).toBeUndefined();
    expect(retiredTermIn("Từ 1/7/2025 không còn cấp huyện. Hồ sơ nộp ở Bộ phận một cửa.")?.term).toBe("Bộ phận một cửa");
  });
});

describe("review dates", () => {
  it("accepts real calendar days only", () => {
    expect(isReviewDate("2026-12-06")).toBe(true);
    expect(isReviewDate("2026-02-30")).toBe(false);
    expect(isReviewDate("06/12/2026")).toBe(false);
  });

  it("is due six months after the review, and at once when never reviewed", () => {
    expect(reviewDue("2026-06-07", "2026-12-06")).toBe(false);
    expect(reviewDue("2026-06-06", "2026-12-06")).toBe(true);
    expect(reviewDue(undefined, "2026-12-06")).toBe(true);
    // The end of a month stays in its month: 31 August is due on the last day of February.
    expect(reviewDueOn("2026-08-31")).toBe("2027-02-28");
    expect(reviewDueOn("2027-08-31")).toBe("2028-02-29");
  });

  it("counts a course's lessons due from the days they were reviewed", () => {
    const dates = reviewDates({
      modules: [{ lessons: [{ reviewedAt: "2026-12-01" }, { reviewedAt: "2026-01-10" }] }, { lessons: [{}, { reviewedAt: "2026-12-01" }] }],
    });
    expect(dates).toEqual({ "2026-12-01": 2, "2026-01-10": 1, never: 1 });
    expect(lessonsDue(dates, "2026-12-06")).toBe(2);
    expect(lessonsDue(dates, "2027-06-01")).toBe(4);
  });

  it("takes today in Vietnam, seven hours ahead of UTC", () => {
    expect(vietnamToday(new Date("2026-12-06T18:00:00Z"))).toBe("2026-12-07");
    expect(vietnamToday(new Date("2026-12-06T16:59:00Z"))).toBe("2026-12-06");
  });
});

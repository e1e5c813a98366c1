import { describe, expect, it } from "vitest";
import { foldVietnamese, matches, searchIndex, tokenize, type SearchIndex } from "./search";

describe("foldVietnamese", () => {
  it("drops diacritics (composed or not), đ, case, punctuation and extra spaces", () => {
    expect(foldVietnamese("  Thanh toán bằng mã QR!  ")).toBe("thanh toan bang ma qr");
    expect(foldVietnamese("ĐÌNH đình")).toBe("dinh dinh");
    expect(foldVietnamese("Dịch vụ công".normalize("NFD"))).toBe("dich vu cong");
    expect(foldVietnamese("VNeID – căn cước trên điện thoại")).toBe("vneid can cuoc tren dien thoai");
    expect(foldVietnamese("Mật khẩu, mã PIN, OTP: chỉ mình bạn biết")).toBe("mat khau ma pin otp chi minh ban biet");
    expect(tokenize("“Việc nhẹ lương cao”")).toEqual(["viec", "nhe", "luong", "cao"]);
    expect(tokenize(" ,.; ")).toEqual([]);
  });
});

describe("matches", () => {
  it("finds the issue's examples", () => {
    expect(matches("thanh toan qr", "Thanh toán bằng mã QR")).toBe(true);
    expect(matches("dich vu cong", "Dịch vụ công")).toBe(true);
    expect(matches("DỊCH VỤ", "Dịch vụ công trực tuyến")).toBe(true);
  });

  it("takes every typed word as the start of a word, in any order", () => {
    expect(matches("thanh to", "Thanh toán bằng mã QR")).toBe(true);
    expect(matches("qr thanh", "Thanh toán bằng mã QR")).toBe(true);
    expect(matches("thanh toan the", "Thanh toán bằng mã QR")).toBe(false);
    expect(matches("oan", "Thanh toán")).toBe(false);
  });

  it("accepts dd for đ, and y or i after a consonant at a word's end", () => {
    expect(matches("ddien thoai", "Điện thoại")).toBe(true);
    expect(matches("ki nang so", "Kỹ Năng Số")).toBe(true);
    expect(matches("ky nang", "Kĩ năng số")).toBe(true);
    expect(matches("quy", "Quyền riêng tư")).toBe(true);
    expect(matches("qui dinh", "Quy định")).toBe(true);
    // After a vowel, y is part of the vowel: tuỳ is not túi.
    expect(matches("tui", "Tuỳ chọn")).toBe(false);
  });

  it("does not need the spaces", () => {
    expect(matches("thanhtoan", "Thanh toán bằng mã QR")).toBe(true);
    expect(matches("dichvucong", "Dịch vụ công")).toBe(true);
    expect(matches("vn eid", "VNeID là gì?")).toBe(true);
    expect(matches("viet qr", "Quét mã VietQR")).toBe(true);
  });

  it("keeps abbreviations as words and reads initials of 3 letters or more", () => {
    expect(matches("otp", "Mật khẩu, mã PIN, OTP")).toBe(true);
    expect(matches("vneid", "VNeID – căn cước trên điện thoại")).toBe(true);
    expect(matches("dvc", "Dịch vụ công trực tuyến")).toBe(true);
    expect(matches("cccd", "Làm căn cước công dân")).toBe(true);
    expect(matches("dv", "Dịch vụ công")).toBe(false);
  });

  it("matches nothing for an empty query", () => {
    expect(matches("", "Dịch vụ công")).toBe(false);
    expect(matches(" !? ", "Dịch vụ công")).toBe(false);
  });
});

describe("searchIndex", () => {
  const index: SearchIndex = {
    courses: [
      {
        courseId: "payments",
        title: "Thanh toán không dùng tiền mặt",
        keywords: "Quét mã VietQR và chuyển tiền đúng người",
        lessons: [
          { lessonId: "qr-1", title: "Thanh toán bằng mã QR" },
          { lessonId: "qr-2", title: "Bán hàng nhận tiền qua mã QR" },
        ],
      },
      { courseId: "qr", title: "Mã QR an toàn", keywords: "", lessons: [{ lessonId: "a", title: "Mã QR dán đè" }] },
      { courseId: "public-services", title: "Dịch vụ công trực tuyến", keywords: "VNeID", lessons: [{ lessonId: "v", title: "VNeID là gì?" }] },
    ],
  };

  it("ranks course titles, then lesson titles, then courses by their other words", () => {
    expect(searchIndex(index, "ma qr")).toEqual([
      { type: "course", courseId: "qr", title: "Mã QR an toàn" },
      { type: "lesson", courseId: "payments", lessonId: "qr-1", title: "Thanh toán bằng mã QR" },
      { type: "lesson", courseId: "payments", lessonId: "qr-2", title: "Bán hàng nhận tiền qua mã QR" },
      { type: "lesson", courseId: "qr", lessonId: "a", title: "Mã QR dán đè" },
    ]);
    expect(searchIndex(index, "vneid").map((item) => item.type)).toEqual(["lesson", "course"]);
  });

  it("puts more whole words first within a kind", () => {
    expect(searchIndex(index, "thanh toan").map((item) => item.type)).toEqual(["course", "lesson"]);
    const lessons = searchIndex(index, "ban ma qr").filter((item) => item.type === "lesson");
    expect(lessons.map((item) => item.type === "lesson" && item.lessonId)).toEqual(["qr-2", "qr-1"]);
  });

  it("stops at the limit", () => {
    expect(searchIndex(index, "ma", 2)).toHaveLength(2);
  });
});

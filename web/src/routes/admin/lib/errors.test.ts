import { describe, expect, it } from "vitest";
import { format } from "../../../i18n";
import { vi } from "../../../i18n/vi";
import { ApiError, NetworkError } from "../../../lib/api";
import { adminMessages, type AdminTranslate } from "../messages";
import adminEn from "../messages.en";
import { describeCode, describeError } from "./errors";

const t: AdminTranslate = (key, params) => format(adminMessages.template("vi", key) ?? (vi as Record<string, string>)[key] ?? key, params);

describe("describeError", () => {
  it("says in Vietnamese what went wrong, for admin codes and the shared cases", () => {
    expect(describeError(new ApiError(404, "unit.not_found", "This unit does not exist."), t)).toBe(
      "Không tìm thấy đơn vị này, hoặc đơn vị không thuộc phạm vi bạn quản lý.",
    );
    expect(describeError(new ApiError(409, "unit.code_taken", "The unit code X is already used."), t)).toBe(
      "Mã đơn vị này đã được dùng cho một đơn vị khác. Hãy chọn mã khác.",
    );
    expect(describeError(new NetworkError(), t)).toBe("Không kết nối được. Hãy kiểm tra mạng (3G/4G hoặc Wi-Fi) rồi thử lại.");
    expect(describeError(new ApiError(429, "request.rate_limited", "Slow down", [], 120), t)).toBe(
      "Bạn đã thử quá nhiều lần. Vui lòng đợi 2 phút rồi thử lại.",
    );
    expect(describeError(new ApiError(503, "db.unavailable", "Busy"), t)).toBe("Máy chủ đang bận. Vui lòng thử lại sau ít phút.");
    expect(describeError(new ApiError(404, "request.not_found", "There is nothing at this address."), t)).toBe(
      "Không tìm thấy. Có thể mục này không thuộc phạm vi bạn quản lý.",
    );
  });

  it("falls back to the server's sentence for an unknown input error rather than hiding it", () => {
    expect(describeError(new ApiError(400, "request.invalid", "name: Name is required"), t)).toBe("name: Name is required");
  });

  it("says an XLSX list is longer than a sheet, with the limit written the reader's way, refused or failed", () => {
    const vi =
      "Danh sách này dài hơn số dòng một trang tính Excel chứa được (1.048.575 dòng). Hãy chọn định dạng CSV, hoặc tải theo đơn vị nhỏ hơn hay theo từng khoá học.";
    expect(describeError(new ApiError(400, "export.too_many_rows", "This list has more rows than an Excel sheet holds (1048575)."), t, "vi")).toBe(vi);
    expect(describeCode("export.too_many_rows", t, "vi")).toBe(vi);
    const en: AdminTranslate = (key, params) => format((adminEn as Record<string, string>)[key] ?? key, params);
    expect(describeCode("export.too_many_rows", en, "en")).toContain("(1,048,575 rows)");
    expect(describeCode(undefined, t)).toBeUndefined();
  });
});

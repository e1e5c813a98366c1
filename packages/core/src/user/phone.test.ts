import { describe, expect, it } from "vitest";
import { maskPhone, normalisePhone } from "./phone";

describe("normalisePhone", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["091.234.5678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["84912345678", "0912345678"],
    ["(+84) 388-123-456", "0388123456"],
  ])("%s → %s", (raw, phone) => expect(normalisePhone(raw)).toBe(phone));

  it.each(["", "12345", "0243 123 4567", "0112345678", "+1 415 555 0100", "09123456789", "abcdefghij"])("refuses %s", (raw) => {
    expect(normalisePhone(raw)).toBeUndefined();
  });

  it("masks the middle digits", () => expect(maskPhone("0912345678")).toBe("0912***678"));
});

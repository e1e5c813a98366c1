import { describe, expect, it } from "vitest";
import { csvLine, neutralise } from "./cells";

describe("spreadsheet cells", () => {
  it.each(["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")'])("neutralises the formula %s", (value) => {
    expect(neutralise(value)).toBe(`'${value}`);
  });

  it("leaves ordinary text and Vietnamese names alone", () => {
    expect(neutralise("Lò Thị Hương")).toBe("Lò Thị Hương");
  });

  it("quotes commas, quotes and line breaks, and ends lines with CRLF", () => {
    expect(csvLine(["Nguyễn, Văn A", 'nói "chào"', "dòng\nmới", 42])).toBe('"Nguyễn, Văn A","nói ""chào""","dòng\nmới",42\r\n');
  });
});

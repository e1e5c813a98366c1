import { CODE_ALPHABET } from "../model/certificate-code";
import { describe, expect, it } from "vitest";
import { formatCode, generateCode, normaliseCode } from "./code";

describe("certificate codes", () => {
  it("are 10 characters that pass their own check", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Y]{10}$/);
      expect(normaliseCode(code)).toBe(code);
    }
  });

  it("accept what people type: lower case, dashes, spaces, O for 0 and I or L for 1", () => {
    const code = "0000011111";
    const valid =
      normaliseCode(code) ??
      (() => {
        for (const check of CODE_ALPHABET) if (normaliseCode(`000001111${check}`)) return `000001111${check}`;
        return "";
      })();
    expect(normaliseCode(valid.toLowerCase().replace(/0/g, "o").replace(/1/g, "l"))).toBe(valid);
    expect(normaliseCode(formatCode(valid))).toBe(valid);
    expect(normaliseCode(` ${formatCode(valid)} `)).toBe(valid);
  });

  it("refuse wrong lengths and foreign characters", () => {
    for (const input of ["", "ABC", "ABCDEFGHJKM", "ABCDEFGHJ!", "ÀBCDEFGHJK"]) expect(normaliseCode(input)).toBeUndefined();
  });
});

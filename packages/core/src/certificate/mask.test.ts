import { describe, expect, it } from "vitest";
import { maskName } from "./index";

describe("maskName", () => {
  it.each([
    ["Lò Thị Hương", "Lò T. H***"],
    ["Nguyễn Văn An", "Nguyễn V. A***"],
    ["Mùa A Dế", "Mùa A. D***"],
    ["Hoa", "H***"],
  ])("%s → %s", (name, masked) => expect(maskName(name)).toBe(masked));
});

import { describe, expect, it, vi } from "vitest";
import { VisibleError } from "../error";
import { commonPasswords } from "./common-passwords";
import { Password, assertNotCommon, commonPasswordKey, isCommonPassword } from "./password";

describe("common passwords", () => {
  it.each([
    "matkhau123",
    "Matkhau@123",
    "anhyeuem123",
    "Nguyen1990",
    "Password1",
    "qwerty123",
    "hoa12345",
    "Vietnam2026",
    "Huong@1234",
    "Hương1234",
    "Hương@1234!",
    "ĐẶNG1990.",
    "1qaz2wsx",
    "asdf1234",
    "123456aA",
  ])("refuses %s", async (password) => {
    await expect(assertNotCommon(password)).rejects.toSatisfy(
      (err) => err instanceof VisibleError && err.kind === "input" && err.code === "auth.password_common",
    );
  });

  it.each(["Demo@2026", "Lúa-chín-2026-đồng"])("accepts %s", async (password) => {
    expect(Password.safeParse(password).success).toBe(true);
    await expect(assertNotCommon(password)).resolves.toBeUndefined();
  });

  it("still refuses the easiest guesses synchronously, and has them on the list too", async () => {
    for (const password of ["12345678a", "password1", "matkhau123", "abc12345", "aaaaaaaa"]) {
      expect(Password.safeParse(password).success).toBe(false);
    }
    for (const password of ["12345678a", "password1", "matkhau123", "abc12345"]) {
      expect(await isCommonPassword(password)).toBe(true);
    }
  });

  it("compares without case, diacritics or a trailing @, ! or .", () => {
    expect(commonPasswordKey("Hương@1234!")).toBe("huong@1234");
    expect(commonPasswordKey("ĐẶNG1990.")).toBe("dang1990");
    expect(commonPasswordKey("Lúa-chín-2026-đồng")).toBe("lua-chin-2026-dong");
  });

  it("ships the list in lookup form, with at least 10,000 entries the schema would otherwise accept", () => {
    const keys = commonPasswords.split("\n");
    expect(keys.filter((key) => key !== commonPasswordKey(key))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => Password.safeParse(key).success).length).toBeGreaterThanOrEqual(10_000);
  });

  it("loads the list on first use, not when the module is imported", async () => {
    const loaded = vi.fn();
    vi.resetModules();
    vi.doMock("./common-passwords", () => {
      loaded();
      return { commonPasswords: "qwerty123" };
    });
    try {
      const fresh = await import("./password");
      expect(loaded).not.toHaveBeenCalled();
      expect(await fresh.isCommonPassword("Qwerty123!")).toBe(true);
      expect(await fresh.isCommonPassword("Demo@2026")).toBe(false);
      expect(loaded).toHaveBeenCalledTimes(1);
    } finally {
      vi.doUnmock("./common-passwords");
    }
  });
});

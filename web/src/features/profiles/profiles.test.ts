import { describe, expect, it, vi } from "vitest";
import type { User } from "../../lib/api";
import { createSession, otherProfileCount } from "../../lib/session";
import { hashPin, pinMatches, pinProblem } from "./pin";
import { MAX_WRONG_PINS, otherProfiles, PinError, setAside, setPin, switchTo } from "./profiles";

const huong: User = { id: "m_1", phone: "0912000001", fullName: "Lò Thị Hương", roles: ["member"], unitId: "u_1" };
const phuc: User = { id: "m_5", phone: "0912000005", fullName: "Lường Văn Phúc", roles: ["team-leader"], unitId: "u_1" };
const ok = () => new Response(null, { status: 204 });

function signedIn(user: User, fetch = vi.fn(async () => ok())) {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}`, user }));
  return { session: createSession({ fetch }), fetch };
}

describe("PINs", () => {
  it("keeps only a salted hash and recognises the PIN again", async () => {
    const hashed = await hashPin("2580", 1000);
    expect(JSON.stringify(hashed)).not.toContain("2580");
    expect(await pinMatches("2580", hashed)).toBe(true);
    expect(await pinMatches("2581", hashed)).toBe(false);
    expect((await hashPin("2580", 1000)).hash).not.toBe(hashed.hash);
  });

  it("takes 4–6 digits and refuses the easiest ones", () => {
    expect(pinProblem("258")).toBe("pin.format");
    expect(pinProblem("25a0")).toBe("pin.format");
    expect(pinProblem("1234")).toBe("pin.easy");
    expect(pinProblem("0000")).toBe("pin.easy");
    expect(pinProblem("987654")).toBe("pin.easy");
    expect(pinProblem("2580")).toBeUndefined();
    expect(pinProblem("739104")).toBeUndefined();
  });
});

describe("shared-phone profiles", () => {
  it("sets a person aside with their PIN and brings them back, keeping the other person aside", async () => {
    const first = signedIn(huong);
    await setPin(huong, "2580");
    setAside(first.session);
    expect(first.session.user()).toBeUndefined();
    expect(localStorage.getItem("kns.session")).toBeNull();
    expect(otherProfileCount()).toBe(1);
    expect(JSON.stringify(localStorage.getItem("kns.profiles"))).not.toContain("2580");

    const second = signedIn(phuc);
    expect(otherProfiles(phuc.id).map((p) => p.user.id)).toEqual([huong.id]);
    await setPin(phuc, "1470");
    await expect(switchTo(second.session, huong.id, "1111")).rejects.toMatchObject({ code: "pin.wrong", triesLeft: MAX_WRONG_PINS - 1 });
    expect(second.session.user()?.id).toBe(phuc.id);

    await switchTo(second.session, huong.id, "2580");
    expect(second.session.user()?.id).toBe(huong.id);
    expect(second.session.stored()?.refreshToken).toBe("refresh-m_1");
    expect(otherProfiles(huong.id).map((p) => p.user.id)).toEqual([phuc.id]);
    expect(otherProfiles(huong.id)[0]?.tokens?.refreshToken).toBe("refresh-m_5");
    first.session.dispose();
    second.session.dispose();
  });

  it("drops a set-aside session after too many wrong PINs, so its owner signs in with the password", async () => {
    const fetch = vi.fn(async () => ok());
    const first = signedIn(huong, fetch);
    await setPin(huong, "2580");
    setAside(first.session);
    for (let i = 1; i < MAX_WRONG_PINS; i++) await expect(switchTo(first.session, huong.id, "9999")).rejects.toBeInstanceOf(PinError);
    await expect(switchTo(first.session, huong.id, "9999")).rejects.toMatchObject({ code: "pin.locked" });
    await expect(switchTo(first.session, huong.id, "2580")).rejects.toMatchObject({ code: "pin.locked" });
    expect(otherProfiles(undefined)).toEqual([]);
    expect(first.session.user()).toBeUndefined();
    first.session.dispose();
  });
});

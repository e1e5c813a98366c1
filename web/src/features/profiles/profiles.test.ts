import { afterEach, describe, expect, it, vi } from "vitest";
import type { User } from "../../lib/api";
import { createSession, otherProfileCount } from "../../lib/session";
import { outbox, syncNow } from "../offline/sync";
import { openWithPin, pinProblem, sealWithPin } from "./pin";
import { MAX_WRONG_PINS, otherProfiles, PinError, profile, removeProfile, setAside, setPin, settleActive, switchTo } from "./profiles";

const huong: User = {
  id: "m_1",
  phone: "0912000001",
  fullName: "Lò Thị Hương",
  roles: ["member"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};
const phuc: User = {
  id: "m_5",
  phone: "0912000005",
  fullName: "Lường Văn Phúc",
  roles: ["team-leader"],
  unitId: "u_1",
  active: true,
  createdAt: "2026-11-01T00:00:00.000Z",
};
const ok = () => new Response(null, { status: 204 });

function signedIn(user: User, fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => ok())) {
  localStorage.setItem("kns.session", JSON.stringify({ accessToken: `access-${user.id}`, refreshToken: `refresh-${user.id}`, user }));
  return { session: createSession({ fetch }), fetch };
}

/** Everything this origin keeps in localStorage, keys and values. */
function everythingStored(): string {
  return Object.keys(localStorage)
    .map((key) => `${key}=${localStorage.getItem(key)}`)
    .join("\n");
}

/** Sets Hương aside with her PIN 2580: the phone is free for the next person. */
async function huongSetAside() {
  const { session } = signedIn(huong);
  await setPin(huong, "2580");
  await setAside(session);
  return session;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("PINs", () => {
  it("seal bytes that only the same PIN opens, never the same way twice", async () => {
    const secret = new TextEncoder().encode("refresh-m_1");
    const sealed = await sealWithPin("2580", secret, 1000);
    expect(JSON.stringify(sealed)).not.toContain("2580");
    expect(JSON.stringify(sealed)).not.toContain("refresh-m_1");
    expect(new TextDecoder().decode(await openWithPin("2580", sealed))).toBe("refresh-m_1");
    expect(await openWithPin("2581", sealed)).toBeUndefined();
    const again = await sealWithPin("2580", secret, 1000);
    expect(again.salt).not.toBe(sealed.salt);
    expect(again.data).not.toBe(sealed.data);
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
  it("keeps neither token nor the PIN readable once a person is set aside", async () => {
    const session = await huongSetAside();
    expect(session.user()).toBeUndefined();
    expect(localStorage.getItem("kns.session")).toBeNull();
    expect(otherProfileCount()).toBe(1);
    const stored = everythingStored();
    expect(stored).toContain(huong.fullName);
    expect(stored).not.toContain("access-m_1");
    expect(stored).not.toContain("refresh-m_1");
    expect(stored).not.toContain("2580");
    session.dispose();
  });

  it("sets a person aside and brings them back with their exact tokens, keeping the other person aside", async () => {
    await huongSetAside();
    const second = signedIn(phuc);
    expect(otherProfiles(phuc.id).map((p) => p.user.id)).toEqual([huong.id]);
    await setPin(phuc, "1470");
    await expect(switchTo(second.session, huong.id, "1111")).rejects.toMatchObject({ code: "pin.wrong", triesLeft: MAX_WRONG_PINS - 1 });
    expect(second.session.user()?.id).toBe(phuc.id);
    expect(everythingStored()).not.toContain("refresh-m_1");

    await switchTo(second.session, huong.id, "2580");
    expect(second.session.stored()).toEqual({ accessToken: "access-m_1", refreshToken: "refresh-m_1", user: huong });
    expect(profile(huong.id)?.wrongPins).toBe(0);
    expect(otherProfiles(huong.id).map((p) => p.user.id)).toEqual([phuc.id]);
    expect(everythingStored()).not.toContain("refresh-m_5");
    expect(everythingStored()).not.toContain("access-m_5");

    await switchTo(second.session, phuc.id, "1470");
    expect(second.session.stored()).toEqual({ accessToken: "access-m_5", refreshToken: "refresh-m_5", user: phuc });
    second.session.dispose();
  });

  it("seals the tokens a refresh brought while the person was being set aside", async () => {
    const { session } = signedIn(huong);
    await setPin(huong, "2580");
    const parking = setAside(session);
    session.adopt({ accessToken: "access-new", refreshToken: "refresh-new", user: huong });
    await parking;
    const other = signedIn(phuc);
    await setPin(phuc, "1470");
    await switchTo(other.session, huong.id, "2580");
    expect(other.session.stored()?.refreshToken).toBe("refresh-new");
    session.dispose();
    other.session.dispose();
  });

  it("drops a set-aside session after too many wrong PINs but keeps the person listed to sign in with their password", async () => {
    const session = await huongSetAside();
    for (let i = 1; i < MAX_WRONG_PINS; i++) {
      await expect(switchTo(session, huong.id, "9999")).rejects.toMatchObject({ code: "pin.wrong", triesLeft: MAX_WRONG_PINS - i });
    }
    await expect(switchTo(session, huong.id, "9999")).rejects.toMatchObject({ code: "pin.locked" });
    await expect(switchTo(session, huong.id, "2580")).rejects.toBeInstanceOf(PinError);
    expect(session.user()).toBeUndefined();
    expect(otherProfiles(undefined)).toEqual([expect.objectContaining({ user: huong, needsPassword: true })]);
    expect(profile(huong.id)?.tokens).toBeUndefined();
    // Nothing left to choose with a PIN: the sign-in screen does not offer the profiles link for her.
    expect(otherProfileCount()).toBe(0);

    // She signs in with her password: she is herself again, and her PIN still works to set her aside.
    session.adopt({ accessToken: "access-again", refreshToken: "refresh-again", user: huong });
    settleActive(huong);
    expect(profile(huong.id)?.needsPassword).toBeUndefined();
    expect(otherProfiles(huong.id)).toEqual([]);
    await setAside(session);
    const other = signedIn(phuc);
    await setPin(phuc, "1470");
    await switchTo(other.session, huong.id, "2580");
    expect(other.session.stored()?.refreshToken).toBe("refresh-again");
    session.dispose();
    other.session.dispose();
  });

  it("does not keep tokens stored in plain text by an earlier version: they end and she signs in with her password", async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => ok());
    vi.stubGlobal("fetch", fetch);
    const oldPinHash = { salt: "c2FsdA", hash: "aGFzaA", iterations: 150_000 };
    localStorage.setItem(
      "kns.profiles",
      JSON.stringify({
        [huong.id]: { user: huong, pin: oldPinHash, tokens: { accessToken: "access-old", refreshToken: "refresh-old" }, parkedAt: "2026-01-05T08:00:00.000Z" },
        [phuc.id]: { user: phuc, pin: oldPinHash, wrongPins: 0 },
      }),
    );

    expect(otherProfiles(phuc.id)).toEqual([expect.objectContaining({ user: huong, needsPassword: true })]);
    expect(profile(huong.id)?.tokens).toBeUndefined();
    expect(localStorage.getItem("kns.profiles")).not.toContain("access-old");
    expect(localStorage.getItem("kns.profiles")).not.toContain("refresh-old");
    expect(localStorage.getItem("kns.profiles")).not.toContain(oldPinHash.hash);
    expect(fetch).toHaveBeenCalledWith("/api/v1/auth/logout", expect.objectContaining({ body: JSON.stringify({ refreshToken: "refresh-old" }) }));
    // Phúc's old PIN cannot seal anything: he sets it again before handing the phone over.
    expect(profile(phuc.id)).toEqual({ user: phuc, wrongPins: 0 });
  });

  it("keeps a set-aside person's outbox waiting until they come back", async () => {
    await huongSetAside();
    await outbox.completeLesson({ userId: huong.id, courseId: "payments", courseTitle: "Thanh toán", lessonId: "l1", title: "Bài 1" });
    const second = signedIn(
      phuc,
      vi.fn(async () => Response.json({ accepted: [], rejected: [] })),
    );
    await syncNow(second.session);
    expect((await outbox.list(huong.id)).map((item) => item.state)).toEqual(["waiting"]);
    expect(second.fetch.mock.calls.map(([, init]) => new Headers(init?.headers).get("authorization"))).not.toContain("Bearer access-m_1");

    await setPin(phuc, "1470");
    await switchTo(second.session, huong.id, "2580");
    const [item] = await outbox.list(huong.id);
    second.fetch.mockImplementation(async () => Response.json({ accepted: [item!.id], rejected: [] }));
    await syncNow(second.session);
    expect((await outbox.list(huong.id)).map((i) => i.state)).toEqual(["sent"]);
    await outbox.remove(huong.id, item!.id);
    second.session.dispose();
  });

  it("sends a person's outbox with their session before removing them from the phone", async () => {
    await huongSetAside();
    const item = await outbox.completeLesson({ userId: huong.id, courseId: "payments", courseTitle: "Thanh toán", lessonId: "l2", title: "Bài 2" });
    const fetch = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) =>
      String(input).endsWith("/progress") ? Response.json({ accepted: [item.id], rejected: [] }) : ok(),
    );
    vi.stubGlobal("fetch", fetch);

    await removeProfile(huong.id, "2580");
    expect((await outbox.list(huong.id)).map((i) => i.state)).toEqual(["sent"]);
    expect(new Headers(fetch.mock.calls[0]![1]?.headers).get("authorization")).toBe("Bearer access-m_1");
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(["/api/v1/progress", "/api/v1/auth/logout"]);
    expect(profile(huong.id)).toBeUndefined();
    await outbox.remove(huong.id, item.id);
  });
});

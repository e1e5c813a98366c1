import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Notify } from "../../packages/core/src/notify";
import { User } from "../../packages/core/src/user";
import { call, expectErrorShape, seedDemo } from "./client";

/**
 * Self-service password reset through the real app: a code sent to the registered phone (the phone network is
 * the one thing stood in for), used once, ending every session; no answer tells whether a number is registered.
 */

const texts: { phone: string; text: string }[] = [];
const stubSms: Notify.Channel = {
  name: "sms",
  available: () => true,
  async send(to, message) {
    texts.push({ phone: to.phone, text: message.text });
  },
};

const PHONE = "0386200001";
const codeIn = (text: string) => /là (\d{6})\./.exec(text)?.[1];

beforeAll(async () => {
  Notify.useChannels([stubSms]);
  await seedDemo();
  await User.ensure({ phone: PHONE, fullName: "Hà Thị Quên", password: "QuenMatKhau2026", roles: ["member"], unitId: "sla-muongbu-banbo" });
});

afterAll(() => Notify.useChannels());

describe("self-service password reset", () => {
  it("sends a 6-digit code to the registered phone; it sets a new password once and ends every session", async () => {
    const signedIn = await call("POST", "/auth/login", { body: { phone: PHONE, password: "QuenMatKhau2026" } });
    expect(signedIn.status).toBe(200);
    const asked = await call("POST", "/auth/reset/request", { body: { phone: "038 620 0001" } });
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ sent: true });
    const text = texts.filter((t) => t.phone === `+84${PHONE.slice(1)}`).at(-1)?.text ?? "";
    expect(text).toContain("mã đặt lại mật khẩu");
    const code = codeIn(text)!;
    expect(code).toMatch(/^\d{6}$/);

    const reset = await call("POST", "/auth/reset", { body: { phone: PHONE, code, password: "MoiHoanToan2026" } });
    expect(reset.status).toBe(200);
    // The old session is over, on every device.
    expect((await call("GET", "/me", { token: signedIn.json.accessToken })).status).toBe(401);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: signedIn.json.refreshToken } })).status).toBe(401);
    // The code works once.
    const again = await call("POST", "/auth/reset", { body: { phone: PHONE, code, password: "LanNuaDoi2026" } });
    expect(expectErrorShape(again.json).code).toBe("auth.reset_code_invalid");
    expect((await call("POST", "/auth/login", { body: { phone: PHONE, password: "MoiHoanToan2026" } })).status).toBe(200);
  });

  it("answers a number with no account exactly as one with an account, and sends nothing", async () => {
    const before = texts.length;
    const unknown = await call("POST", "/auth/reset/request", { body: { phone: "0386299999" } });
    expect(unknown.status).toBe(202);
    expect(unknown.json).toEqual({ sent: true });
    expect(texts.length).toBe(before);
  });

  it("refuses bad numbers with a 400 and more than 3 codes an hour for one phone with a 429", async () => {
    const bad = await call("POST", "/auth/reset/request", { body: { phone: "12" } });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.json);
    const phone = "0386200002";
    await User.ensure({ phone, fullName: "Lò Văn Hỏi", password: "HoiNhieuLan2026", roles: ["member"], unitId: "sla-muongbu-banbo" });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call("POST", "/auth/reset/request", { body: { phone } })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    // Only the newest code works: each request replaces the one before.
    const codes = texts.filter((t) => t.phone === `+84${phone.slice(1)}`).map((t) => codeIn(t.text)!);
    expect(codes).toHaveLength(3);
    const old = await call("POST", "/auth/reset", { body: { phone, code: codes[0], password: "CuDaHetHan2026" } });
    if (codes[0] !== codes[2]) expect(old.status).toBe(400);
    expect((await call("POST", "/auth/reset", { body: { phone, code: codes[2], password: "MoiNhatDay2026" } })).status).toBe(200);
  });
});

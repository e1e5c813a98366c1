import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, expectErrorShape, seedDemo, signIn } from "./client";
import { forgetSessionState } from "../../packages/core/src/user/session";
import { recordReads } from "./reads";

beforeAll(seedDemo);

const newMember = (phone: string) => ({
  phone,
  password: "RuongBac2026",
  fullName: "Đinh Thị Hoà",
  joinCode: "demo-sonla",
  consent: true,
});

describe("health", () => {
  it("answers ok", async () => {
    expect(await call("GET", "/health")).toMatchObject({ status: 200, json: { ok: true } });
  });
});

describe("sign-in", () => {
  it.each(["0912000001", "0912000002", "0912000003", "0912000004", "0912000005"])("demo account %s signs in", async (phone) => {
    const session = await signIn(phone);
    expect(session.accessToken).toBeTruthy();
    expect(session.user).toMatchObject({ roles: expect.any(Array) });
    expect(session.user).not.toHaveProperty("passwordHash");
  });

  it("gives each admin the unit they administer", async () => {
    expect((await signIn("0912000003")).user.unitId).toBe("sla");
    expect((await signIn("0912000004")).user.unitId).toBe("dbn");
  });

  it("accepts the phone in international form", async () => {
    expect((await signIn("+84 912 000 001")).user.unitId).toBe("sla-muongbu-banbo");
  });

  it("refuses a wrong password with 401 and an error code", async () => {
    const res = await call("POST", "/auth/login", { body: { phone: "0912000001", password: "wrong-password1" } });
    expect(res.status).toBe(401);
    expect(expectErrorShape(res.json).code).toBe("auth.invalid_credentials");
  });

  it("refuses an unknown phone exactly like a wrong password", async () => {
    const res = await call("POST", "/auth/login", { body: { phone: "0987654321", password: "Whatever123" } });
    expect(res.status).toBe(401);
    expect(expectErrorShape(res.json).code).toBe("auth.invalid_credentials");
  });

  it("locks a phone for the rest of the window after 10 wrong passwords", async () => {
    // Windows are aligned to the clock: start one minute into a window so that none turns during the test.
    const windowMs = 15 * 60 * 1000;
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, now: Math.ceil(Date.now() / windowMs) * windowMs + 60_000 });
    try {
      const phone = "0912000005";
      for (let i = 0; i < 10; i++) {
        expect((await call("POST", "/auth/login", { body: { phone, password: `wrong-${i}-pass` } })).status).toBe(401);
      }
      const locked = await call("POST", "/auth/login", { body: { phone, password: "Demo@2026" } });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(13 * 60);
      expect(expectErrorShape(locked.json).code).toBe("request.rate_limited");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("bad input never becomes a 5xx", () => {
  it.each([
    ["malformed JSON", { raw: "{not json", headers: { "content-type": "application/json" } }],
    ["wrong types", { body: { phone: 912000001, password: ["x"] } }],
    ["missing fields", { body: {} }],
    ["an array body", { body: [1, 2, 3] }],
    ["no content type", { raw: '{"phone":"0912000001","password":"x"}' }],
    ["a huge body", { body: { phone: "0912000001", password: "x".repeat(400_000) } }],
  ])("%s → 4xx with the error shape", async (_label, options) => {
    const res = await call("POST", "/auth/login", options as never);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectErrorShape(res.json);
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await call("GET", "/no-such-thing");
    expect(res.status).toBe(404);
    expectErrorShape(res.json);
  });
});

describe("registration", () => {
  it("registers with a join code and consent, then /me shows the member", async () => {
    const res = await call("POST", "/auth/register", { body: newMember("0388 123 456") });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ phone: "0388123456", fullName: "Đinh Thị Hoà", roles: ["member"], unitId: "sla-muongbu-banbo" });
    expect(res.json.user.consent.policyVersion).toBeTruthy();
    const me = await call("GET", "/me", { token: res.json.accessToken });
    expect(me.json).toMatchObject({ id: res.json.user.id, phone: "0388123456" });
  });

  it("answers /me from one read of the account, which is also the session check", async () => {
    const { accessToken, user } = await signIn("0912000001");
    // As a fresh function finds it: no session state remembered from the sign-in.
    forgetSessionState(user.id);
    const { value: me, inputs } = await recordReads(() => call("GET", "/me", { token: accessToken }));
    expect(me).toMatchObject({ status: 200, json: { id: user.id, phone: "0912000001" } });
    expect(me.json).not.toHaveProperty("passwordHash");
    expect(me.json).not.toHaveProperty("sessionVersion");
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toContain(user.id);
  });

  it("treats a retried registration as the same registration", async () => {
    const first = await call("POST", "/auth/register", { body: newMember("0388123457") });
    const again = await call("POST", "/auth/register", { body: newMember("0388123457") });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.user.id).toBe(first.json.user.id);
  });

  it("refuses a phone that belongs to someone else", async () => {
    const res = await call("POST", "/auth/register", { body: { ...newMember("0912000001"), password: "Another2026" } });
    expect(res.status).toBe(409);
    expect(expectErrorShape(res.json).code).toBe("user.phone_taken");
  });

  it.each([
    ["no consent", { consent: false }, "consent"],
    ["a weak password", { password: "12345678" }, "password"],
    ["a landline", { phone: "0243 123 4567" }, "phone"],
    ["digits in the name", { fullName: "Nguyễn 123" }, "fullName"],
  ])("refuses %s and names the field", async (_label, change, field) => {
    const res = await call("POST", "/auth/register", { body: { ...newMember("0388000111"), ...change } });
    expect(res.status).toBe(400);
    const error = expectErrorShape(res.json);
    expect(JSON.stringify(error.details)).toContain(field);
  });

  it("refuses a wrong join code", async () => {
    const res = await call("POST", "/auth/register", { body: { ...newMember("0388000112"), joinCode: "NOPE-1234" } });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res.json).code).toBe("auth.join_code_invalid");
  });
});

describe("tokens", () => {
  it("rotates refresh tokens and refuses the old one, ending that session", async () => {
    const session = await signIn("0912000002");
    const next = await call("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    expect(next.status).toBe(200);
    expect(next.json.refreshToken).not.toBe(session.refreshToken);

    const reuse = await call("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    expect(reuse.status).toBe(401);
    // Reuse revoked the whole family, including the token issued by the rotation.
    const afterReuse = await call("POST", "/auth/refresh", { body: { refreshToken: next.json.refreshToken } });
    expect(afterReuse.status).toBe(401);
  });

  it("logout ends the session", async () => {
    const session = await signIn("0912000002");
    expect((await call("POST", "/auth/logout", { body: { refreshToken: session.refreshToken } })).status).toBe(204);
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it("refuses /me without or with a forged token", async () => {
    expect((await call("GET", "/me")).status).toBe(401);
    const forged = await call("GET", "/me", { token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." });
    expect(forged.status).toBe(401);
    expectErrorShape(forged.json);
  });
});

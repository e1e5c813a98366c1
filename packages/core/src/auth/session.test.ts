import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TOKEN_AUDIENCE, TOKEN_ISSUER, verifyAccessToken, verifyHs256 } from "./session";

const KEY = new TextEncoder().encode("k".repeat(40));
const NOW = 1_800_000_000;

/** A token as auth/index.ts signs one (jose), with the claims changed by `edit`. */
function signed(edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt, header: Record<string, unknown> = { alg: "HS256" }, key = KEY) {
  const jwt = new SignJWT({ roles: ["member"], unit: null, sv: 0 })
    .setProtectedHeader(header as { alg: string })
    .setSubject("u1")
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setJti("j1")
    .setIssuedAt(NOW - 60)
    .setExpirationTime(NOW + 900);
  return edit(jwt).sign(key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** A token put together by hand and signed with the right key: what jose would refuse to make. */
function forged(header: unknown, payload: unknown, key = KEY) {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}
const claims = { sub: "u1", iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, jti: "j1", exp: NOW + 900, roles: ["member"], sv: 0 };

describe("verifyHs256: what jose's jwtVerify accepted for access tokens, checked with node:crypto", () => {
  it("accepts a token jose signed with the key, and returns its claims", async () => {
    expect(verifyHs256(await signed(), KEY, NOW)).toMatchObject({ sub: "u1", iss: "kns", aud: "kns-api", jti: "j1", exp: NOW + 900, roles: ["member"], sv: 0 });
    expect(verifyHs256(forged({ alg: "HS256", typ: "JWT" }, { ...claims, aud: ["other", TOKEN_AUDIENCE] }), KEY, NOW)).toMatchObject({ sub: "u1" });
  });

  it("refuses another key, a changed payload, header or signature, and a second spelling of the signature", async () => {
    const token = await signed();
    expect(verifyHs256(await signed(undefined, undefined, new TextEncoder().encode("x".repeat(40))), KEY, NOW)).toBeNull();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const elevated = b64({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), roles: ["super-admin"] });
    expect(verifyHs256(`${header}.${elevated}.${signature}`, KEY, NOW)).toBeNull();
    expect(verifyHs256(`${b64({ alg: "HS256", typ: "JWT" })}.${payload}.${signature}`, KEY, NOW)).toBeNull();
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    expect(verifyHs256(`${header}.${payload}.${flipped}`, KEY, NOW)).toBeNull();
    // 32 bytes take 43 base64url characters, the last with 2 unused bits: setting one spells the same bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sameBytes = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) + 1]}`;
    expect(Buffer.from(sameBytes, "base64url").equals(Buffer.from(signature, "base64url"))).toBe(true);
    expect(verifyHs256(`${header}.${payload}.${sameBytes}`, KEY, NOW)).toBeNull();
  });

  it("refuses any algorithm but HS256, and headers it would have to understand", async () => {
    expect(verifyHs256(await signed(undefined, { alg: "HS512" }), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS512" }, claims), KEY, NOW)).toBeNull();
    expect(verifyHs256(`${b64({ alg: "none" })}.${b64(claims)}.`, KEY, NOW)).toBeNull();
    expect(verifyHs256(`${b64({ alg: "none" })}.${b64(claims)}`, KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256", crit: ["exp"] }, claims), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256", b64: false }, claims), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged(["HS256"], claims), KEY, NOW)).toBeNull();
  });

  it("refuses another issuer or audience, a missing jti or sub, and a payload that is not a JSON object", async () => {
    expect(verifyHs256(await signed((jwt) => jwt.setIssuer("other")), KEY, NOW)).toBeNull();
    expect(verifyHs256(await signed((jwt) => jwt.setAudience("someone-else")), KEY, NOW)).toBeNull();
    expect(verifyHs256(await signed((jwt) => jwt.setAudience(["a", "b"])), KEY, NOW)).toBeNull();
    const { jti: _jti, ...noJti } = claims;
    const { sub: _sub, ...noSub } = claims;
    expect(verifyHs256(forged({ alg: "HS256" }, noJti), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, noSub), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, { ...claims, sub: 7 }), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, [claims]), KEY, NOW)).toBeNull();
    const body = `${b64({ alg: "HS256" })}.${Buffer.from("not json").toString("base64url")}`;
    expect(verifyHs256(`${body}.${createHmac("sha256", KEY).update(body).digest("base64url")}`, KEY, NOW)).toBeNull();
  });

  it("refuses an expired token from its exp second on, one without exp, and one not valid yet", async () => {
    const token = await signed();
    expect(verifyHs256(token, KEY, NOW + 899)).not.toBeNull();
    expect(verifyHs256(token, KEY, NOW + 900)).toBeNull();
    const { exp: _exp, ...noExp } = claims;
    expect(verifyHs256(forged({ alg: "HS256" }, noExp), KEY, NOW)).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, { ...claims, exp: String(NOW + 900) }), KEY, NOW)).toBeNull();
    expect(verifyHs256(await signed((jwt) => jwt.setNotBefore(NOW + 10)), KEY, NOW)).toBeNull();
    expect(verifyHs256(await signed((jwt) => jwt.setNotBefore(NOW + 10)), KEY, NOW + 10)).not.toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, { ...claims, iat: "yesterday" }), KEY, NOW)).toBeNull();
  });

  it("refuses parts that are not plain base64url, a payload that is not UTF-8, and times that are not finite numbers", async () => {
    // Correctly signed, each: only the spelling or the content is wrong.
    const sign = (body: string) => `${body}.${createHmac("sha256", KEY).update(body).digest("base64url")}`;
    const header = b64({ alg: "HS256" });
    // Padding and standard base64's "+" and "/", which Buffer's base64url decoding takes too.
    expect(header.length % 4).toBe(0);
    expect(verifyHs256(sign(`${header}==.${b64(claims)}`), KEY, NOW)).toBeNull();
    const plus = b64({ alg: "HS256", x: ">>>" });
    expect(plus).toMatch(/-/);
    expect(verifyHs256(sign(`${plus}.${b64(claims)}`), KEY, NOW)).not.toBeNull();
    expect(verifyHs256(sign(`${plus.replaceAll("-", "+")}.${b64(claims)}`), KEY, NOW)).toBeNull();
    // A payload of 4n characters and one more: Buffer ignores the last one, jose refuses the whole part.
    let json = JSON.stringify(claims);
    while (Buffer.from(json).toString("base64url").length % 4 !== 0) json += " ";
    expect(verifyHs256(sign(`${header}.${Buffer.from(json).toString("base64url")}`), KEY, NOW)).not.toBeNull();
    expect(verifyHs256(sign(`${header}.${Buffer.from(json).toString("base64url")}A`), KEY, NOW)).toBeNull();
    const latin1 = Buffer.concat([Buffer.from(JSON.stringify({ ...claims, sub: "u" }).slice(0, -1)), Buffer.from(',"x":"\xff"}', "latin1")]);
    expect(verifyHs256(sign(`${header}.${latin1.toString("base64url")}`), KEY, NOW)).toBeNull();
    expect(verifyHs256(sign(`${header}.${b64(claims)}`), KEY, NOW)).not.toBeNull();
    expect(
      verifyHs256(sign(`${header}.${Buffer.from(JSON.stringify(claims).replace(`"exp":${NOW + 900}`, '"exp":1e999')).toString("base64url")}`), KEY, NOW),
    ).toBeNull();
    expect(verifyHs256(forged({ alg: "HS256" }, { ...claims, nbf: "x" }), KEY, NOW)).toBeNull();
  });

  it("refuses what is not three base64url parts", async () => {
    const token = await signed();
    for (const bad of ["", "a.b", `${token}.x`, token.replace(".", ".."), `${token} `, token.replace(/^./, "+"), `${token.split(".").slice(0, 2).join(".")}.`])
      expect(verifyHs256(bad, KEY, NOW), JSON.stringify(bad)).toBeNull();
  });
});

describe("verifyAccessToken: the session a valid token carries, and nothing from a token whose roles or grants are wrong", () => {
  const secret = "t".repeat(40);
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TOKEN_SECRET;
    process.env.TOKEN_SECRET = secret;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TOKEN_SECRET;
    else process.env.TOKEN_SECRET = saved;
  });
  const token = (payload: Record<string, unknown>) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setJti("j1")
      .setIssuedAt()
      .setExpirationTime("15m")
      .sign(new TextEncoder().encode(secret));
  const member = { roles: ["member"], unit: "u_1", sv: 3 };

  it("gives the signed-in person, their unit, grants and session version", async () => {
    expect(await verifyAccessToken(await token({ ...member, roles: ["member", "admin"], grants: [["u_1", "admin"]] }))).toEqual({
      userId: "u1",
      roles: ["member", "admin"],
      unitId: "u_1",
      grants: [{ unitId: "u_1", role: "admin" }],
      sessionVersion: 3,
    });
    // A token from before grants existed holds what its roles and unit say.
    expect((await verifyAccessToken(await token({ ...member, roles: ["trainer"] }))).grants).toEqual([{ unitId: "u_1", role: "trainer" }]);
  });

  it("refuses unknown roles, malformed grants and a session version that is not a number", async () => {
    const bad = [
      { ...member, roles: ["root"] },
      { ...member, roles: "member" },
      { unit: "u_1", sv: 3 },
      { ...member, sv: "3" },
      { ...member, grants: [["u_1", "admin", "extra"]] },
      { ...member, grants: [["u_1"]] },
      { ...member, grants: [["", "admin"]] },
      { ...member, grants: [["u".repeat(81), "admin"]] },
      { ...member, grants: [["u_1", "super-admin"]] },
      { ...member, grants: { u_1: "admin" } },
    ];
    for (const payload of bad)
      await expect(verifyAccessToken(await token(payload)), JSON.stringify(payload)).rejects.toThrow(/session has expired or is not valid/);
    expect((await verifyAccessToken(await token({ ...member, grants: [["u".repeat(80), "admin"]] }))).grants).toHaveLength(1);
  });
});

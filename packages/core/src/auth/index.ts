export * as Auth from "./index";

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { SignJWT, jwtVerify } from "jose";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { RateLimit } from "../rate-limit";
import { User } from "../user";
import { Phone } from "../user/phone";
import { authKeys } from "./auth.entity";
import { decoyHash, verifyPassword } from "./password";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;

/** What a valid access token says about its bearer. */
export interface Session {
  userId: string;
  roles: User.Role[];
  unitId: string | null;
}

export const LoginInput = z.object({
  phone: Phone,
  password: z.string().check(z.minLength(1, "Password is required"), z.maxLength(128)),
});

export const RefreshInput = z.object({ refreshToken: z.string().check(z.minLength(10), z.maxLength(200)) });

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

function signingKey(): Uint8Array {
  const secret = process.env.TOKEN_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error("TOKEN_SECRET must be set to at least 32 characters");
  }
  return new TextEncoder().encode(secret);
}

const unauthenticated = (message = "Please sign in again.") => new VisibleError("unauthenticated", "auth.unauthenticated", message);

async function accessToken(user: User.Info): Promise<string> {
  return new SignJWT({ roles: user.roles, unit: user.unitId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(signingKey());
}

export async function verifyAccessToken(token: string): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { algorithms: ["HS256"] });
    if (typeof payload.sub !== "string") throw unauthenticated();
    return {
      userId: payload.sub,
      roles: z.array(User.Role).parse(payload.roles),
      unitId: typeof payload.unit === "string" ? payload.unit : null,
    };
  } catch {
    throw unauthenticated("Your session has expired or is not valid. Please sign in again.");
  }
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest();

/** A refresh token is `<tokenId>.<secret>`; only a hash of the secret is stored. */
function refreshTokenPut(userId: string, familyId: string) {
  const tokenId = newId("", 20);
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = Math.floor(Date.now() / 1000) + REFRESH_TOKEN_SECONDS;
  return {
    token: `${tokenId}.${secret}`,
    put: {
      TableName: db().table,
      Item: {
        ...authKeys.refreshToken(tokenId),
        userId,
        familyId,
        secretHash: hashSecret(secret).toString("base64"),
        used: false,
        expiresAt,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Starts a new session (a new refresh-token family) for a user who has just proven who they are. */
export async function issue(user: User.Info): Promise<Tokens> {
  const familyId = newId("", 20);
  const { put, token } = refreshTokenPut(user.id, familyId);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...authKeys.family(familyId), userId: user.id, revoked: false, expiresAt: put.Item.expiresAt },
          },
        },
        { Put: put },
      ],
    }),
  );
  return { accessToken: await accessToken(user), refreshToken: token, expiresIn: ACCESS_TOKEN_SECONDS };
}

/**
 * Phone + password sign-in. More than 10 wrong passwords for one phone in 15 minutes → 429 until the window
 * ends (a short lockout, so it cannot keep a victim out for long); each client address is limited too.
 */
export async function login(raw: z.input<typeof LoginInput>, address = "unknown"): Promise<{ tokens: Tokens; user: User.Info }> {
  const input = LoginInput.parse(raw);
  await RateLimit.hit(`login-address:${address}`, RateLimit.rules.loginPerAddress);
  await RateLimit.assertUnder(`login-fail:${input.phone}`, RateLimit.rules.loginFailuresPerPhone);
  const user = await User.authenticate(input.phone, input.password);
  if (!user) {
    if (!(await User.idByPhone(input.phone))) await verifyPassword(input.password, await decoyHash());
    await RateLimit.hit(`login-fail:${input.phone}`, RateLimit.rules.loginFailuresPerPhone);
    throw new VisibleError("unauthenticated", "auth.invalid_credentials", "The phone number or password is not correct.");
  }
  if (!user.active) throw new VisibleError("forbidden", "auth.account_inactive", "This account has been deactivated. Contact your team leader.");
  return { tokens: await issue(user), user };
}

/**
 * Exchanges a refresh token for a new pair. Each token works once: presenting a used token means it was
 * copied, so the whole family (session) is revoked and every token in it stops working.
 */
export async function refresh(raw: z.input<typeof RefreshInput>): Promise<{ tokens: Tokens; user: User.Info }> {
  const { refreshToken } = RefreshInput.parse(raw);
  const [tokenId, secret] = refreshToken.split(".");
  if (!tokenId || !secret) throw unauthenticated();
  const { doc, table } = db();
  const { Item: stored } = await doc.send(new GetCommand({ TableName: table, Key: authKeys.refreshToken(tokenId), ConsistentRead: true }));
  if (!stored || stored.expiresAt < Date.now() / 1000) throw unauthenticated();
  const expected = Buffer.from(String(stored.secretHash), "base64");
  const actual = hashSecret(secret);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw unauthenticated();

  const { Item: family } = await doc.send(new GetCommand({ TableName: table, Key: authKeys.family(stored.familyId), ConsistentRead: true }));
  if (!family || family.revoked) throw unauthenticated();
  if (stored.used) {
    await revokeFamily(stored.familyId);
    throw unauthenticated("This sign-in was used on another device. Please sign in again.");
  }
  const user = await User.get(stored.userId);
  if (!user || !user.active) throw unauthenticated();

  const next = refreshTokenPut(user.id, stored.familyId);
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: authKeys.refreshToken(tokenId),
              UpdateExpression: "SET used = :yes",
              ConditionExpression: "used = :no",
              ExpressionAttributeValues: { ":yes": true, ":no": false },
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: authKeys.family(stored.familyId),
              ConditionExpression: "revoked = :no",
              ExpressionAttributeValues: { ":no": false },
            },
          },
          { Put: next.put },
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      // Lost a race with another use of the same token: treat it as reuse.
      await revokeFamily(stored.familyId);
      throw unauthenticated("This sign-in was used on another device. Please sign in again.");
    }
    throw err;
  }
  return { tokens: { accessToken: await accessToken(user), refreshToken: next.token, expiresIn: ACCESS_TOKEN_SECONDS }, user };
}

async function revokeFamily(familyId: string) {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: authKeys.family(familyId),
      UpdateExpression: "SET revoked = :yes",
      ExpressionAttributeValues: { ":yes": true },
    }),
  );
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored, so logout is always safe to retry. */
export async function logout(raw: z.input<typeof RefreshInput>): Promise<void> {
  const { refreshToken } = RefreshInput.parse(raw);
  const [tokenId, secret] = refreshToken.split(".");
  if (!tokenId || !secret) return;
  const { doc, table } = db();
  const { Item: stored } = await doc.send(new GetCommand({ TableName: table, Key: authKeys.refreshToken(tokenId) }));
  if (!stored) return;
  const expected = Buffer.from(String(stored.secretHash), "base64");
  const actual = hashSecret(secret);
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) await revokeFamily(stored.familyId);
}

/** Registration, then a fresh session; rate limited per client address. */
export async function register(raw: User.RegisterInput, address = "unknown") {
  await RateLimit.hit(`register-address:${address}`, RateLimit.rules.registerPerAddress);
  const phone = Phone.safeParse((raw as { phone?: unknown }).phone);
  if (phone.success) await RateLimit.hit(`register-phone:${phone.data}`, RateLimit.rules.registerPerPhone);
  const user = await User.register(raw);
  return { tokens: await issue(user), user };
}


export const ResetInput = z.object({
  phone: Phone,
  code: z.string().check(z.regex(/^\d{6}$/, "The code has 6 digits")),
  password: z.string().check(z.maxLength(128)),
});

/** Password reset with an admin's one-time code; rate limited per phone so codes cannot be guessed. */
export async function resetPassword(raw: z.input<typeof ResetInput>, address = "unknown") {
  const input = ResetInput.parse(raw);
  await RateLimit.hit(`reset-address:${address}`, RateLimit.rules.loginPerAddress);
  await RateLimit.hit(`reset-phone:${input.phone}`, RateLimit.rules.resetPerPhone);
  const user = await User.resetPassword(input.phone, input.code, input.password);
  return { tokens: await issue(user), user };
}

export * as Auth from "./index";
export { ResetRequestInput, requestResetCode, resetRequestRules } from "./self-reset";

import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { SignJWT } from "jose";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { security } from "../log";
import { RateLimit } from "../rate-limit";
import { secretKey } from "../secrets";
import { grantsOf } from "../staff/grants";
import { User } from "../user";
import { Phone, maskPhone } from "../user/phone";
import { authKeys } from "./auth.entity";
import { Password, assertNotCommon, decoyHash, verifyPassword } from "./password";
import {
  ACCESS_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  assertCurrent,
  sessionEnded,
  unauthenticated,
  verifyAccessToken,
  type Session,
} from "./session";

// Verifying a token and checking its session live in ./session.ts, which every signed-in request loads alone.
export {
  ACCESS_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  assertCurrent,
  assertCurrentWith,
  verifyAccessToken,
  type Session,
} from "./session";

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

async function accessToken(user: User.Info, sessionVersion: number): Promise<string> {
  const grants = grantsOf(user).map((grant) => [grant.unitId, grant.role]);
  return new SignJWT({ roles: user.roles, unit: user.unitId, grants, sv: sessionVersion })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(secretKey("token"));
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

/**
 * The one door to a session: reads the account as it is now and refuses an inactive, pending or deleted one,
 * whatever the caller proved before. Starts a new refresh-token family under the current session version.
 */
export async function issue(user: Pick<User.Info, "id">): Promise<{ tokens: Tokens; user: User.Info }> {
  const { user: current, state } = await User.forSession(user.id);
  if (!current) throw unauthenticated();
  if (!state.active) throw new VisibleError("auth.account_inactive", "This account has been deactivated. Contact your team leader.");
  if (state.pending) throw new VisibleError("auth.activation_required", "This account has not been activated yet. Ask your admin for an activation code.");
  const familyId = newId("", 20);
  const { put, token } = refreshTokenPut(current.id, familyId);
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...authKeys.family(familyId), userId: current.id, sv: state.sessionVersion, revoked: false, expiresAt: put.Item.expiresAt },
          },
        },
        { Put: put },
      ],
    }),
  );
  return { tokens: { accessToken: await accessToken(current, state.sessionVersion), refreshToken: token, expiresIn: ACCESS_TOKEN_SECONDS }, user: current };
}

/** Counts a wrong password for this phone (sign-in, or a registration retry that names an existing account). */
async function wrongPassword(phone: string) {
  security("auth.login_failed", { phone: maskPhone(phone) });
  try {
    await RateLimit.hit(`login-fail:${phone}`, RateLimit.rules.loginFailuresPerPhone);
  } catch (err) {
    security("auth.login_locked", { phone: maskPhone(phone) });
    throw err;
  }
}

/**
 * Phone + password sign-in. More than 10 wrong passwords for one phone in 15 minutes → 429 until the window
 * ends (a short lockout, so it cannot keep a victim out for long); each client address is limited too.
 */
export async function login(raw: z.input<typeof LoginInput>, address = "unknown"): Promise<{ tokens: Tokens; user: User.Info }> {
  const input = LoginInput.parse(raw);
  await RateLimit.hit(`login-address:${address}`, RateLimit.rules.loginPerAddress);
  await RateLimit.assertUnder(`login-fail:${input.phone}`, RateLimit.rules.loginFailuresPerPhone).catch((err) => {
    security("auth.login_locked", { phone: maskPhone(input.phone) });
    throw err;
  });
  const user = await User.authenticate(input.phone, input.password);
  if (!user) {
    if (!(await User.idByPhone(input.phone))) await verifyPassword(input.password, await decoyHash());
    await wrongPassword(input.phone);
    throw new VisibleError("auth.invalid_credentials", "The phone number or password is not correct.");
  }
  return issue(user);
}

/**
 * Exchanges a refresh token for a new pair. Each token works once: presenting a used token means it was
 * copied, so the whole family (session) is revoked and every token in it stops working. A family issued
 * before the account's sessions were ended is refused.
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
    security("auth.refresh_reuse", { userId: stored.userId });
    throw unauthenticated("This sign-in was used on another device. Please sign in again.");
  }
  const { user, state } = await User.forSession(stored.userId);
  if (!user || !state.active || state.pending || state.sessionVersion !== Number(family.sv ?? 0)) {
    security("auth.refresh_refused", { userId: stored.userId, reason: !user ? "deleted" : !state.active ? "inactive" : "ended" });
    await revokeFamily(stored.familyId);
    throw sessionEnded();
  }

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
      security("auth.refresh_reuse", { userId: stored.userId, race: true });
      throw unauthenticated("This sign-in was used on another device. Please sign in again.");
    }
    throw err;
  }
  return { tokens: { accessToken: await accessToken(user, state.sessionVersion), refreshToken: next.token, expiresIn: ACCESS_TOKEN_SECONDS }, user };
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

/** Ends every session of the signed-in person on every device, this one included. */
export async function signOutEverywhere(session: Session, address?: string): Promise<void> {
  await User.endSessions(session.userId, "sign-out-everywhere", { userId: session.userId, address }, session.unitId);
}

/**
 * Registration, then a fresh session; rate limited per client address and phone. A registration retry with a
 * wrong password for an existing account counts as a failed sign-in, and a locked phone is refused first.
 */
export async function register(raw: User.RegisterInput, address = "unknown", helperToken?: string) {
  const helper = helperToken ? await neighbourHelper(helperToken) : undefined;
  await RateLimit.hit(`register-address:${address}`, RateLimit.rules.registerPerAddress);
  const phone = Phone.safeParse((raw as { phone?: unknown }).phone);
  if (phone.success) {
    await RateLimit.hit(`register-phone:${phone.data}`, RateLimit.rules.registerPerPhone);
    await RateLimit.assertUnder(`login-fail:${phone.data}`, RateLimit.rules.loginFailuresPerPhone);
  }
  await assertNotCommonIfPresent(raw);
  const user = await User.register(raw, { helper, onWrongPassword: () => (phone.success ? wrongPassword(phone.data) : Promise.resolve()) });
  return issue(user);
}

/**
 * "Help a neighbour": a signed-in team member registers a resident as a citizen on the member's own phone. The
 * member's token only says who helped (recorded on the new account); the new account's session goes back to the
 * phone, which keeps the member signed in and shows the neighbour's account nothing of theirs.
 */
async function neighbourHelper(accessToken: string): Promise<User.Helper> {
  const session = await verifyAccessToken(accessToken);
  await assertCurrent(session);
  if (!User.countsAsMember(session.roles)) throw new VisibleError("auth.forbidden", "Only team members register a neighbour.");
  return { userId: session.userId, teamId: session.unitId };
}

/** The common-password check for inputs whose password is otherwise valid (the schema reports the rest). */
async function assertNotCommonIfPresent(raw: unknown) {
  const password = (raw as { password?: unknown } | null)?.password;
  if (typeof password === "string" && Password.safeParse(password).success) await assertNotCommon(password);
}

export const ResetInput = z.object({
  phone: Phone,
  code: z.string().check(z.regex(User.CODE_PATTERN.reset, "The code has 6 digits")),
  password: z.string().check(z.maxLength(128)),
});

export const ActivateInput = z.object({
  phone: Phone,
  code: z
    .pipe(
      z.string().check(z.maxLength(20)),
      z.transform((code: string) => code.replace(/[\s-]/g, "")),
    )
    .check(z.regex(User.CODE_PATTERN.activation, "The activation code has 8 digits")),
  password: Password,
});

/** Password reset with an admin's one-time code; rate limited per phone so codes cannot be guessed. */
export async function resetPassword(raw: z.input<typeof ResetInput>, address = "unknown") {
  const input = ResetInput.parse(raw);
  await RateLimit.hit(`reset-address:${address}`, RateLimit.rules.loginPerAddress);
  await RateLimit.hit(`reset-phone:${input.phone}`, RateLimit.rules.resetPerPhone);
  await assertNotCommonIfPresent(input);
  const user = await User.setPasswordWithCode("reset", input.phone, input.code, input.password);
  return issue(user);
}

/** First sign-in of an account an admin created: the activation code they handed over, and a new password. */
export async function activate(raw: z.input<typeof ActivateInput>, address = "unknown") {
  const input = ActivateInput.parse(raw);
  await RateLimit.hit(`activate-address:${address}`, RateLimit.rules.loginPerAddress);
  await RateLimit.hit(`activate-phone:${input.phone}`, RateLimit.rules.resetPerPhone);
  await assertNotCommon(input.password);
  const user = await User.setPasswordWithCode("activation", input.phone, input.code, input.password);
  return issue(user);
}

export const ChangePasswordInput = z.object({
  currentPassword: z.string().check(z.minLength(1, "Enter your current password"), z.maxLength(128)),
  newPassword: Password,
});

/** Changes one's own password. Every session ends, on every device; this device gets a new one. */
export async function changePassword(session: Session, raw: z.input<typeof ChangePasswordInput>, address = "unknown") {
  const input = ChangePasswordInput.parse(raw);
  await RateLimit.hit(`password-change:${session.userId}`, RateLimit.rules.resetPerPhone);
  await assertNotCommon(input.newPassword);
  const user = await User.changePassword(session.userId, input.currentPassword, input.newPassword);
  security("auth.sessions_ended", { userId: user.id, reason: "password-changed", address });
  return issue(user);
}

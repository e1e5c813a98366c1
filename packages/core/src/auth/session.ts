import { createHmac, timingSafeEqual } from "node:crypto";
import { VisibleError } from "../error";
import { security } from "../log";
import { ROLES, type Role } from "../model/people";
import { STAFF_ROLES, type StaffGrant, type StaffRole } from "../model/staff";
import { secretKey } from "../secrets";
import { grantsOf } from "../staff/grants";
import type { Info as UserInfo } from "../user/schema";
import { accountAndState, knownSessionState, type SessionState, sessionState, stateOfItem } from "../user/session";
import { userKeys } from "../user/user.entity";
import type { Key } from "../db/query";

/**
 * What every signed-in request needs, and no more: checking an access token and that its session is still
 * current, and reading the signed-in account. A signed-in `GET /api/v1/me` is often a function's first request,
 * so this file imports the narrow files it uses (the user store and session state, the staff and people models),
 * never the `User` namespace or the model index, which would load courses, progress, certificates, notifications
 * and every schema into that cold start (docs/performance.md). The rest of Auth (./index.ts) re-exports it.
 */

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;
/** Who signs access tokens and who they are for: a token made for anything else is refused. */
export const TOKEN_ISSUER = "kns";
export const TOKEN_AUDIENCE = "kns-api";

/** What a valid access token says about its bearer. */
export interface Session {
  userId: string;
  roles: Role[];
  unitId: string | null;
  /**
   * Staff roles held per unit (staff/grants.ts); scope is read from these (auth/scope.ts `sessionGrants`). Every
   * verified token has them; a session built by hand (a job, a test) without them holds what roles and unit say.
   */
  grants?: StaffGrant[];
  /** The account's session version when the token was issued (see user/session.ts). */
  sessionVersion: number;
}

export const unauthenticated = (message = "Please sign in again.") => new VisibleError("auth.unauthenticated", message);
export const sessionEnded = () => new VisibleError("auth.session_ended", "Your session has ended. Please sign in again.");

/**
 * The claims of an HS256 token signed with `key`, or null when it is not one: three base64url parts, a header
 * that says HS256 and nothing it would have to understand (`crit`, or `b64: false`), a signature that is the
 * HMAC-SHA256 of the first two parts (compared in constant time), a JSON object for payload, issued by
 * TOKEN_ISSUER for TOKEN_AUDIENCE, with `jti` and `sub`, not expired (`exp`) and already valid (`nbf`). Every
 * token jose's `jwtVerify` refuses with `algorithms: ["HS256"]` is refused, and a few it takes are too (a `b64`
 * header even when true, a `jti` that is not a string, a padded signature), none of which our signer makes;
 * jose still signs (auth/index.ts).
 *
 * Verified with `node:crypto` rather than jose: jose 6 verifies through WebCrypto, whose first use costs a cold
 * function several milliseconds on its first request, a signed-in `GET /api/v1/me` (docs/performance.md).
 */
export function verifyHs256(token: string, key: Uint8Array, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> | null {
  const parts = token.split(".");
  // A part of length 4n+1 is not base64 at all (jose refuses it); Buffer would decode it regardless.
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part) && part.length % 4 !== 1)) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  // A signature decodes to one byte string only from its canonical spelling: no second token per signature.
  if (given.length !== expected.length || given.toString("base64url") !== signature || !timingSafeEqual(given, expected)) return null;
  const head = jsonObject(header);
  if (head?.alg !== "HS256" || "crit" in head || "b64" in head) return null;
  const claims = jsonObject(payload);
  if (!claims || claims.iss !== TOKEN_ISSUER) return null;
  const audience = claims.aud;
  if (!(audience === TOKEN_AUDIENCE || (Array.isArray(audience) && audience.includes(TOKEN_AUDIENCE)))) return null;
  if (typeof claims.jti !== "string" || typeof claims.sub !== "string") return null;
  // Finite: JSON's 1e999 parses to Infinity, a token that would never expire.
  if (!isFiniteNumber(claims.exp) || claims.exp <= nowSeconds) return null;
  if (claims.nbf !== undefined && (!isFiniteNumber(claims.nbf) || claims.nbf > nowSeconds)) return null;
  if (claims.iat !== undefined && !isFiniteNumber(claims.iat)) return null;
  return claims;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
/** Refuses bytes that are not UTF-8, as jose does, rather than replacing them. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

function jsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(UTF8.decode(Buffer.from(part, "base64url")));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Roles and grants are checked against the people and staff models' lists, without a schema library: these
// are the only shapes a signed-in request's first step reads, and zod would load with them (docs/performance.md).
const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
const isStaffRole = (value: unknown): value is StaffRole => (STAFF_ROLES as readonly unknown[]).includes(value);
/** Grants travel as `[unitId, role]` pairs: a person holds few (MAX_GRANTS), and every request reads them. */
const isGrant = (value: unknown): value is [string, StaffRole] =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && value[0].length >= 1 && value[0].length <= 80 && isStaffRole(value[1]);

/** Checks an access token's signature, issuer, audience and expiry; `assertCurrent` then checks the account. */
export async function verifyAccessToken(token: string): Promise<Session> {
  const payload = verifyHs256(token, secretKey("token"));
  if (!payload || typeof payload.sub !== "string" || typeof payload.sv !== "number" || !Array.isArray(payload.roles) || !payload.roles.every(isRole))
    throw unauthenticated("Your session has expired or is not valid. Please sign in again.");
  const roles: Role[] = payload.roles;
  const unitId = typeof payload.unit === "string" ? payload.unit : null;
  let grants: StaffGrant[];
  // Tokens issued before grants existed say only roles and unit: they hold what those say.
  if (payload.grants === undefined) grants = grantsOf({ roles, unitId });
  else if (Array.isArray(payload.grants) && payload.grants.every(isGrant)) grants = payload.grants.map(([unitId, role]) => ({ unitId, role }));
  else throw unauthenticated("Your session has expired or is not valid. Please sign in again.");
  return { userId: payload.sub, roles, unitId, grants, sessionVersion: payload.sv };
}

/**
 * The account behind a token still exists, is active, and has not ended its sessions since the token was
 * issued (password reset or change, deactivation, deletion, role change, move, sign out everywhere).
 */
export async function assertCurrent(session: Session): Promise<void> {
  refuseUnlessCurrent(session, await sessionState(session.userId));
}

/**
 * `assertCurrent` for a write that reads other items first (Quiz.submit): no round trip of its own. `read`
 * fetches the keys it is given together with the caller's, and is given the account's key only when this
 * process has not checked the account within `SESSION_CHECK_MS`; it returns the account item (or undefined).
 */
export async function assertCurrentWith<T>(
  session: Session,
  read: (accountKey: Key | undefined) => Promise<{ account?: Record<string, unknown>; value: T }>,
): Promise<T> {
  const known = knownSessionState(session.userId);
  const { account, value } = await read(known ? undefined : userKeys.user(session.userId));
  refuseUnlessCurrent(session, known ?? stateOfItem(session.userId, account));
  return value;
}

/**
 * `assertCurrent` and the signed-in account, from one read of it: what `GET /api/v1/me` answers, and often a
 * function's first request (docs/performance.md, the cold start).
 */
export async function currentAccount(session: Session): Promise<UserInfo> {
  const { user, state } = await accountAndState(session.userId);
  refuseUnlessCurrent(session, state);
  // A state that exists has its item, so its account.
  return user!;
}

function refuseUnlessCurrent(session: Session, state: SessionState) {
  if (!state.exists || !state.active || state.pending || state.sessionVersion !== session.sessionVersion) {
    security("auth.session_refused", {
      userId: session.userId,
      reason: !state.exists ? "deleted" : !state.active ? "inactive" : state.pending ? "pending" : "ended",
    });
    throw sessionEnded();
  }
}

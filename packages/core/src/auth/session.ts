import { jwtVerify } from "jose";
import * as z from "zod/mini";
import "../zod-locale";
import { VisibleError } from "../error";
import { security } from "../log";
import { ROLES, type Role } from "../model/people";
import { STAFF_ROLES, type StaffGrant } from "../model/staff";
import { secretKey } from "../secrets";
import { grantsOf } from "../staff/grants";
import type { Info as UserInfo } from "../user/schema";
import { accountAndState, type SessionState, sessionState } from "../user/session";

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

// The same schema as User.Role (user/schema.ts), built here from the people model so the user schemas stay out.
const TokenRoles = z.array(z.enum(ROLES));
/** Grants travel as `[unitId, role]` pairs: a person holds few (MAX_GRANTS), and every request reads them. */
const TokenGrants = z.array(z.tuple([z.string().check(z.minLength(1), z.maxLength(80)), z.enum(STAFF_ROLES)]));

/** Checks an access token's signature, issuer, audience and expiry; `assertCurrent` then checks the account. */
export async function verifyAccessToken(token: string): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, secretKey("token"), {
      algorithms: ["HS256"],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ["jti", "sub", "exp"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sv !== "number") throw unauthenticated();
    const roles = TokenRoles.parse(payload.roles);
    const unitId = typeof payload.unit === "string" ? payload.unit : null;
    return {
      userId: payload.sub,
      roles,
      unitId,
      // Tokens issued before grants existed say only roles and unit: they hold what those say.
      grants: payload.grants === undefined ? grantsOf({ roles, unitId }) : TokenGrants.parse(payload.grants).map(([unitId, role]) => ({ unitId, role })),
      sessionVersion: payload.sv,
    };
  } catch {
    throw unauthenticated("Your session has expired or is not valid. Please sign in again.");
  }
}

/**
 * The account behind a token still exists, is active, and has not ended its sessions since the token was
 * issued (password reset or change, deactivation, deletion, role change, move, sign out everywhere).
 */
export async function assertCurrent(session: Session): Promise<void> {
  refuseUnlessCurrent(session, await sessionState(session.userId));
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

// The session check alone, not all of Auth: every signed-in request, a cold start's first among them, loads it.
import { assertCurrent, currentAccount, verifyAccessToken, type Session } from "@kns/core/auth/session";
import type { Audit } from "@kns/core/audit";
import type * as Wire from "@kns/core/model";
import { VisibleError } from "@kns/core/error";
import { createMiddleware } from "hono/factory";
import type { RequestEnv } from "./request-context";

export type AuthEnv = { Variables: RequestEnv["Variables"] & { session: Session; actor: Audit.Actor } };

/** The verified access token of `Authorization: Bearer …`; 401 without one. */
async function bearerSession(header: string | undefined): Promise<Session> {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match?.[1]) throw new VisibleError("auth.unauthenticated", "Please sign in first.");
  return verifyAccessToken(match[1]);
}

/**
 * Requires a valid access token (`Authorization: Bearer …`) whose account is still active and has not ended
 * its sessions since (`assertCurrent`, core's auth/session.ts). Puts its session on the context, and the actor
 * that audit entries name: the signed-in person and the client address.
 */
export const requireAuth = createMiddleware<AuthEnv>(async function requireAuth(c, next) {
  const session = await bearerSession(c.req.header("authorization"));
  await assertCurrent(session);
  c.set("session", session);
  c.set("actor", { userId: session.userId, address: c.get("clientAddress") });
  await next();
});

/**
 * The token alone, for a route whose core call takes the session and checks that it is current with its own
 * first reads (Quiz.submit, through Auth.assertCurrentWith): one round trip fewer on the learner's busiest
 * write. A bad body or quiz id is answered (400, 404) before that check; nothing of the learner's is answered
 * and nothing written, but for the learner's own rate-limit count, until it passes. Any other route uses
 * `requireAuth`.
 */
export const requireTokenForCoreCheck = createMiddleware<AuthEnv>(async function requireTokenForCoreCheck(c, next) {
  const session = await bearerSession(c.req.header("authorization"));
  c.set("session", session);
  c.set("actor", { userId: session.userId, address: c.get("clientAddress") });
  await next();
});

export type AccountEnv = { Variables: AuthEnv["Variables"] & { account: Wire.User } };

/**
 * `requireAuth` for a route that shows the signed-in account: the same checks, made on the account it reads
 * (`currentAccount`), which it puts on the context as `account`. One read instead of two.
 */
export const requireAccount = createMiddleware<AccountEnv>(async function requireAccount(c, next) {
  const session = await bearerSession(c.req.header("authorization"));
  c.set("account", await currentAccount(session));
  c.set("session", session);
  c.set("actor", { userId: session.userId, address: c.get("clientAddress") });
  await next();
});

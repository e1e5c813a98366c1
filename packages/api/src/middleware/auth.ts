// The session check alone, not all of Auth: every signed-in request, a cold start's first among them, loads it.
import { assertCurrent, verifyAccessToken, type Session } from "@kns/core/auth/session";
import type { Audit } from "@kns/core/audit";
import { VisibleError } from "@kns/core/error";
import { createMiddleware } from "hono/factory";
import type { RequestEnv } from "./request-context";

export type AuthEnv = { Variables: RequestEnv["Variables"] & { session: Session; actor: Audit.Actor } };

/**
 * Requires a valid access token (`Authorization: Bearer …`) whose account is still active and has not ended
 * its sessions since (`assertCurrent`, core's auth/session.ts). Puts its session on the context, and the actor
 * that audit entries name: the signed-in person and the client address.
 */
export const requireAuth = createMiddleware<AuthEnv>(async function requireAuth(c, next) {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new VisibleError("auth.unauthenticated", "Please sign in first.");
  const session = await verifyAccessToken(match[1]);
  await assertCurrent(session);
  c.set("session", session);
  c.set("actor", { userId: session.userId, address: c.get("clientAddress") });
  await next();
});

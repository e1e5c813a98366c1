import { Auth } from "@kns/core/auth";
import { VisibleError } from "@kns/core/error";
import { createMiddleware } from "hono/factory";

export type AuthEnv = { Variables: { session: Auth.Session; requestId: string } };

/**
 * Requires a valid access token (`Authorization: Bearer …`) whose account is still active and has not ended
 * its sessions since (Auth.assertCurrent), and puts its session on the context.
 */
export const requireAuth = createMiddleware<AuthEnv>(async function requireAuth(c, next) {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new VisibleError("unauthenticated", "auth.unauthenticated", "Please sign in first.");
  const session = await Auth.verifyAccessToken(match[1]);
  await Auth.assertCurrent(session);
  c.set("session", session);
  await next();
});

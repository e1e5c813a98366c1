import { Auth } from "@kns/core/auth";
import type { Audit } from "@kns/core/audit";
import { VisibleError } from "@kns/core/error";
import { createMiddleware } from "hono/factory";
import type { RequestEnv } from "./request-context";

export type AuthEnv = { Variables: RequestEnv["Variables"] & { session: Auth.Session; actor: Audit.Actor } };

/**
 * Requires a valid access token (`Authorization: Bearer …`) whose account is still active and has not ended
 * its sessions since (Auth.assertCurrent). Puts its session on the context, and the actor that audit entries
 * name: the signed-in person and the client address.
 */
export const requireAuth = createMiddleware<AuthEnv>(async function requireAuth(c, next) {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new VisibleError("auth.unauthenticated", "Please sign in first.");
  const session = await Auth.verifyAccessToken(match[1]);
  await Auth.assertCurrent(session);
  c.set("session", session);
  c.set("actor", { userId: session.userId, address: c.get("clientAddress") });
  await next();
});

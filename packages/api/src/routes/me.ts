import { VisibleError } from "@kns/core/error";
import { getUser } from "@kns/core/auth/session";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import type * as Wire from "@kns/core/model";

/**
 * `GET /api/v1/me`, alone: every start of the web app asks it, often as a function's first request, so its app
 * (packages/api/src/app.ts) loads only the session check and the account: core's auth/session.ts, not the User
 * namespace. What lies under /api/v1/me/ is ./me-subpaths.ts, loaded on its own first request.
 */
export const meRoutes = new Hono<AuthEnv & RequestEnv>().use(requireAuth).get("/", async (c) => {
  const user = await getUser(c.get("session").userId);
  if (!user) throw new VisibleError("auth.unauthenticated", "This account no longer exists. Please sign in again.");
  return c.json(user satisfies Wire.User);
});

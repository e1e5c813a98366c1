import { Hono } from "hono";
import { type AccountEnv, requireAccount } from "../middleware/auth";
import type { RequestEnv } from "../middleware/request-context";
import type * as Wire from "@kns/core/model";

/**
 * `GET /api/v1/me`, alone: every start of the web app asks it, often as a function's first request, so its app
 * (packages/api/src/app.ts) loads only the session check and the account: core's auth/session.ts, not the User
 * namespace; and it reads the account once, for the check and the answer (`requireAccount`). What lies under
 * /api/v1/me/ is ./me-subpaths.ts, loaded on its own first request.
 */
export const meRoutes = new Hono<AccountEnv & RequestEnv>().use(requireAccount).get("/", (c) => c.json(c.get("account") satisfies Wire.User));

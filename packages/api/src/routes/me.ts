import { VisibleError } from "@kns/core/error";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";

export const meRoutes = new Hono<AuthEnv>().use(requireAuth).get("/", async (c) => {
  const user = await User.get(c.get("session").userId);
  if (!user) throw new VisibleError("unauthenticated", "auth.unauthenticated", "This account no longer exists. Please sign in again.");
  return c.json(user);
});

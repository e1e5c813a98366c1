import { Auth } from "@kns/core/auth";
import { VisibleError } from "@kns/core/error";
import { metric } from "@kns/core/log";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";

function sessionBody(result: { tokens: Auth.Tokens; user: User.Info }) {
  return { ...result.tokens, user: result.user };
}

/** A session opened with a password or a one-time code (not a refresh): one `SignIn` (docs/observability.md). */
function signedIn(result: { tokens: Auth.Tokens; user: User.Info }) {
  metric({ SignIn: 1 });
  return sessionBody(result);
}

/** A wrong phone number or password; a locked-out phone is a 429 and counts as `RateLimited` (error.ts). */
function countFailedSignIn(err: unknown): never {
  if (err instanceof VisibleError && err.code === "auth.invalid_credentials") metric({ SignInFailed: 1 });
  throw err;
}

export const authRoutes = new Hono<RequestEnv>()
  .post("/register", validate("json", User.RegisterInput), async (c) => {
    // A team member helping a neighbour sends their own token: it records who helped (Auth.register).
    const helperToken = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const result = await Auth.register(c.req.valid("json"), c.get("clientAddress"), helperToken);
    return c.json(signedIn(result), 201);
  })
  .post("/login", validate("json", Auth.LoginInput), async (c) => {
    const result = await Auth.login(c.req.valid("json"), c.get("clientAddress")).catch(countFailedSignIn);
    return c.json(signedIn(result));
  })
  .post("/refresh", validate("json", Auth.RefreshInput), async (c) => {
    return c.json(sessionBody(await Auth.refresh(c.req.valid("json"))));
  })
  // A 6-digit code sent to the registered phone; the same answer whether or not the number has an account.
  .post("/reset/request", validate("json", Auth.ResetRequestInput), async (c) => {
    return c.json(await Auth.requestResetCode(c.req.valid("json"), c.get("clientAddress")), 202);
  })
  .post("/reset", validate("json", Auth.ResetInput), async (c) => {
    return c.json(signedIn(await Auth.resetPassword(c.req.valid("json"), c.get("clientAddress"))));
  })
  .post("/activate", validate("json", Auth.ActivateInput), async (c) => {
    return c.json(signedIn(await Auth.activate(c.req.valid("json"), c.get("clientAddress"))));
  })
  .post("/logout", validate("json", Auth.RefreshInput), async (c) => {
    await Auth.logout(c.req.valid("json"));
    return c.body(null, 204);
  });

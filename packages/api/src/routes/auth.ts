import { Auth } from "@kns/core/auth";
import { User } from "@kns/core/user";
import { Hono } from "hono";
import type { RequestEnv } from "../middleware/request-context";
import { validate } from "../validator";

function sessionBody(result: { tokens: Auth.Tokens; user: User.Info }) {
  return { ...result.tokens, user: result.user };
}

export const authRoutes = new Hono<RequestEnv>()
  .post("/register", validate("json", User.RegisterInput), async (c) => {
    // A team member helping a neighbour sends their own token: it records who helped (Auth.register).
    const helperToken = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const result = await Auth.register(c.req.valid("json"), c.get("clientAddress"), helperToken);
    return c.json(sessionBody(result), 201);
  })
  .post("/login", validate("json", Auth.LoginInput), async (c) => {
    const result = await Auth.login(c.req.valid("json"), c.get("clientAddress"));
    return c.json(sessionBody(result));
  })
  .post("/refresh", validate("json", Auth.RefreshInput), async (c) => {
    return c.json(sessionBody(await Auth.refresh(c.req.valid("json"))));
  })
  // A 6-digit code sent to the registered phone; the same answer whether or not the number has an account.
  .post("/reset/request", validate("json", Auth.ResetRequestInput), async (c) => {
    return c.json(await Auth.requestResetCode(c.req.valid("json"), c.get("clientAddress")), 202);
  })
  .post("/reset", validate("json", Auth.ResetInput), async (c) => {
    return c.json(sessionBody(await Auth.resetPassword(c.req.valid("json"), c.get("clientAddress"))));
  })
  .post("/activate", validate("json", Auth.ActivateInput), async (c) => {
    return c.json(sessionBody(await Auth.activate(c.req.valid("json"), c.get("clientAddress"))));
  })
  .post("/logout", validate("json", Auth.RefreshInput), async (c) => {
    await Auth.logout(c.req.valid("json"));
    return c.body(null, 204);
  });

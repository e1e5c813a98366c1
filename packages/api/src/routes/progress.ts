import { Progress } from "@kns/core/progress";
import { Hono } from "hono";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

export const progressRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .post("/", validate("json", Progress.EventsInput), async (c) =>
    c.json((await Progress.recordEvents(c.get("session").userId, c.req.valid("json"))) satisfies Wire.ProgressResponse),
  );

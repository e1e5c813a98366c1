import { Search } from "@kns/core/search";
import { SEARCH_QUERY_MAX, type SearchIndex, type SearchResults } from "@kns/core/model";
import { Hono } from "hono";
import { etag } from "hono/etag";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

export const searchRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/", validate("query", z.object({ q: z.string().check(z.trim(), z.minLength(1), z.maxLength(SEARCH_QUERY_MAX)) })), async (c) => {
    return c.json({ items: await Search.find(c.get("session"), c.req.valid("query").q) } satisfies SearchResults);
  })
  // The phone keeps the index and asks again with If-None-Match: an unchanged index costs a 304 and no body.
  .get("/index", etag(), async (c) => {
    c.header("Cache-Control", "private, no-cache");
    return c.json((await Search.index(c.get("session"))) satisfies SearchIndex);
  });

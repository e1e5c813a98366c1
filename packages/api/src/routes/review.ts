import { Review } from "@kns/core/review";
import { Hono } from "hono";
import { etag } from "hono/etag";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/**
 * The learner's review deck ("2 phút ôn tập", docs/review-deck.md). Mounted inside meSubpathRoutes (./me-subpaths.ts), whose
 * requireAuth guards every /me route once: `.route("/", reviewRoutes)`.
 */
export const reviewRoutes = new Hono<AuthEnv>()
  // The phone keeps the deck and asks again with If-None-Match: an unchanged deck costs a 304 and no body.
  .get("/review-deck", etag(), async (c) => {
    c.header("Cache-Control", "private, no-cache");
    return c.json((await Review.deck(c.get("session").userId)) satisfies Wire.ReviewDeck);
  })
  .post("/reviews", validate("json", Review.ReviewsInput), async (c) =>
    c.json((await Review.record(c.get("session").userId, c.req.valid("json"))) satisfies Wire.ReviewsResponse),
  );

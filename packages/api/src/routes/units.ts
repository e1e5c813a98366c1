import { RateLimit } from "@kns/core/rate-limit";
import { Unit } from "@kns/core/unit";
import { Hono } from "hono";
import type { RequestEnv } from "../middleware/request-context";
import type * as Wire from "@kns/core/model";

/** Browsers and CloudFront may keep the lists an hour: the map changes a few times a year. */
const CACHE = "public, max-age=3600, stale-while-revalidate=86400";

/**
 * The official provinces and communes, for the citizens' register screen: public (nobody is signed in yet),
 * small, cacheable, and rate limited per client address like registration itself.
 */
export const unitRoutes = new Hono<RequestEnv>()
  .use(async function limitLookups(c, next) {
    await RateLimit.hit(`unit-lookup:${c.get("clientAddress")}`, RateLimit.rules.unitLookupPerAddress);
    await next();
  })
  .get("/provinces", async (c) => {
    c.header("cache-control", CACHE);
    return c.json({ items: await Unit.provinces() } satisfies Wire.PlaceList);
  })
  .get("/provinces/:code/communes", async (c) => {
    const items = await Unit.communes(c.req.param("code"));
    c.header("cache-control", CACHE);
    return c.json({ items } satisfies Wire.PlaceList);
  });

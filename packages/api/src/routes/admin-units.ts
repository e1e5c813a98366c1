import { Admin } from "@kns/core/admin";
import { Reorganise } from "@kns/core/reorganise";
import { Unit } from "@kns/core/unit";
import { Hono } from "hono";
import type * as Wire from "@kns/core/model";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

/** Reorganisation (issue 17): merge as a background job, archive an empty unit, rename or recode; job progress. */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminUnitRoutes = new Hono<AuthEnv>()
  .get("/units/:unitId/merge", validate("query", z.object({ into: z.string().check(z.minLength(1), z.maxLength(80)) })), async (c) => {
    return c.json((await Reorganise.mergePreview(c.get("session"), c.req.param("unitId"), c.req.valid("query").into)) satisfies Wire.MergePreview);
  })
  .post("/units/:unitId/merge", validate("json", Reorganise.MergeInput), async (c) => {
    const job = await Reorganise.startMerge(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor"));
    return c.json({ id: job.id, status: job.status }, 202);
  })
  .post("/units/:unitId/archive", async (c) => {
    return c.json(await Reorganise.archive(c.get("session"), c.req.param("unitId"), c.get("actor")));
  })
  .patch("/units/:unitId/identity", validate("json", Reorganise.IdentityChange), async (c) => {
    return c.json(await Reorganise.changeIdentity(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor")));
  })
  .get("/jobs/:id", async (c) => c.json((await Reorganise.jobStatus(c.get("session"), c.req.param("id"))) satisfies Wire.JobStatus))
  // Units of the admin's subtree by name (issue 19); members are searched at /units/:unitId/search (admin.ts).
  .get("/units/:unitId/unit-search", validate("query", Unit.SearchQuery), async (c) => {
    const unit = await Admin.unitOver(c.get("session"), c.req.param("unitId"));
    return c.json((await Unit.search(unit, c.req.valid("query").q)) satisfies Wire.UnitSearchResults);
  });

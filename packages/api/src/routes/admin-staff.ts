import type * as Wire from "@kns/core/model";
import { Staff } from "@kns/core/staff";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { STAFF_ROLES } from "@kns/core/model";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

/** Staff roles held per unit: who holds what at a unit, appointing and removing (core/src/staff). */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminStaffRoutes = new Hono<AuthEnv>()
  .get("/units/:unitId/staff", async (c) => {
    return c.json((await Staff.list(c.get("session"), c.req.param("unitId"))) satisfies Wire.StaffList);
  })
  .post("/units/:unitId/staff", validate("json", Staff.AppointInput), async (c) => {
    const appointed = await Staff.appoint(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor"));
    return c.json(appointed satisfies Wire.StaffAppointed, 201);
  })
  .delete("/units/:unitId/staff/:userId", validate("query", z.object({ role: z.optional(z.enum(STAFF_ROLES)) })), async (c) => {
    await Staff.remove(c.get("session"), c.req.param("unitId"), c.req.param("userId"), c.get("actor"), c.req.valid("query").role);
    return c.body(null, 204);
  });

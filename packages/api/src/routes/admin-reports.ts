import { Activity } from "@kns/core/activity";
import { Report } from "@kns/core/report";
import { Hono } from "hono";
import type { AuthEnv } from "../middleware/auth";
import { validate } from "../validator";

/** The monthly report a unit sends upward, as an XLSX (admins over the unit; audited). */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminReportRoutes = new Hono<AuthEnv>().get("/units/:unitId/monthly-report.xlsx", validate("query", Activity.MonthQuery), async (c) => {
  const report = await Report.monthlyWorkbook(c.get("session"), c.req.param("unitId"), c.req.valid("query").month, c.get("actor"));
  c.header("Content-Type", report.contentType);
  c.header("Content-Disposition", `attachment; filename="${report.filename.replace(/[^a-z0-9.-]/g, "")}"`);
  c.header("Cache-Control", "private, no-store");
  return c.body(report.xlsx as Uint8Array<ArrayBuffer>);
});

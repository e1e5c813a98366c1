import { Admin } from "@kns/core/admin";
import { assertCanOversee } from "@kns/core/auth/scope";
import { CompletionList } from "@kns/core/completion-list";
import { Course } from "@kns/core/course";
import { MemberImport } from "@kns/core/member-import";
import { Report } from "@kns/core/report";
import { Unit } from "@kns/core/unit";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { validate } from "../validator";
import { adminBroadcastRoutes } from "./admin-broadcasts";
import { adminCampaignRoutes } from "./admin-campaigns";
import { adminEffectivenessRoutes } from "./admin-effectiveness";
import { adminFieldWorkRoutes } from "./admin-field-work";
import { adminQuestionAnalyticsRoutes } from "./admin-question-analytics";
import { adminReportRoutes } from "./admin-reports";
import { adminStaffRoutes } from "./admin-staff";
import { adminTeamRoutes } from "./admin-teams";
import { adminUnitRoutes } from "./admin-units";
import { spreadsheetImport } from "./spreadsheet-import";
import type * as Wire from "@kns/core/model";

export const adminRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/units/:unitId", async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json({ ...unit, children: await Unit.children(unit.id) });
  })
  .post("/units/:unitId/children", validate("json", Admin.NewUnit), async (c) => {
    return c.json(await Admin.createUnit(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor")), 201);
  })
  .patch("/units/:unitId", validate("json", Admin.UnitChange), async (c) => {
    return c.json(await Admin.changeUnit(c.get("session"), c.req.param("unitId"), c.req.valid("json"), c.get("actor")));
  })
  .post("/units/:unitId/join-code", async (c) => {
    return c.json({ joinCode: await Admin.rotateJoinCode(c.get("session"), c.req.param("unitId"), c.get("actor")) }, 201);
  })
  .get("/units/:unitId/audit", async (c) => {
    return c.json({ items: await Admin.auditLog(c.get("session"), c.req.param("unitId")) });
  })
  .get("/units/:unitId/search", validate("query", z.object({ q: z._default(z.string().check(z.maxLength(100)), "") })), async (c) => {
    return c.json({ items: await Admin.searchMembers(c.get("session"), c.req.param("unitId"), c.req.valid("query").q) });
  })
  .patch("/members/:userId", validate("json", Admin.MemberChange), async (c) => {
    return c.json(await Admin.changeMember(c.get("session"), c.req.param("userId"), c.req.valid("json"), c.get("actor")));
  })
  .post("/members/:userId/reset-code", async (c) => {
    return c.json(await Admin.issueResetCode(c.get("session"), c.req.param("userId"), c.get("actor")), 201);
  })
  .post("/members/:userId/activation-code", async (c) => {
    return c.json(await Admin.issueActivationCode(c.get("session"), c.req.param("userId"), c.get("actor")), 201);
  })
  .get("/units/:unitId/report", validate("query", z.object({ courseId: z.optional(Course.CourseId) })), async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json((await Report.forUnit(unit, c.req.valid("query").courseId)) satisfies Wire.UnitReport);
  })
  .get("/units/:unitId/members", async (c) => {
    const unit = await assertCanOversee(c.get("session"), c.req.param("unitId"));
    return c.json((await Report.members(unit)) satisfies Wire.TeamMembers);
  })
  .post("/exports", validate("json", CompletionList.ExportInput), async (c) => {
    const job = await CompletionList.start(c.req.valid("json"), c.get("session"), c.get("actor"));
    return c.json({ id: job.id, status: job.status }, 202);
  })
  .get("/exports/:id", async (c) => c.json((await CompletionList.status(c.req.param("id"), c.get("session"))) satisfies Wire.ExportStatus))
  .post("/members/import", ...spreadsheetImport<Wire.ImportOutcome>(MemberImport.assertMayImport, MemberImport.submit))
  .get("/imports/:id", async (c) => c.json((await MemberImport.jobStatus(c.req.param("id"), c.get("session"))) satisfies Wire.ImportJobStatus))
  // The admin areas with files of their own, behind the same single requireAuth.
  .route("/", adminStaffRoutes)
  .route("/", adminTeamRoutes)
  .route("/", adminUnitRoutes)
  .route("/", adminFieldWorkRoutes)
  .route("/", adminReportRoutes)
  .route("/", adminCampaignRoutes)
  .route("/", adminEffectivenessRoutes)
  .route("/", adminBroadcastRoutes)
  .route("/", adminQuestionAnalyticsRoutes);

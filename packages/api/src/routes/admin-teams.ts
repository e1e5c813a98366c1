import { TeamImport } from "@kns/core/team-import";
import { Hono } from "hono";
import "@kns/core/zod-locale";
import type { AuthEnv } from "../middleware/auth";
import { publicBaseUrl } from "../public-url";
import { spreadsheetImport } from "./spreadsheet-import";
import type * as Wire from "@kns/core/model";

/** Teams in bulk (issue 17): the team list import and the commune's printable join code sheet. */
// Mounted inside adminRoutes (./admin.ts), whose requireAuth guards every /admin route once.
export const adminTeamRoutes = new Hono<AuthEnv>()
  .post("/teams/import", ...spreadsheetImport<Wire.TeamImportOutcome>(TeamImport.assertMayImport, TeamImport.submit))
  .get("/teams/imports/:id", async (c) => c.json((await TeamImport.jobStatus(c.req.param("id"), c.get("session"))) satisfies Wire.TeamImportJobStatus))
  .get("/units/:unitId/join-codes.pdf", async (c) => {
    const { pdf, filename } = await TeamImport.joinCodeSheet(c.get("session"), c.req.param("unitId"), publicBaseUrl(c));
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", `inline; filename="${filename.replace(/[^a-z0-9.-]/g, "")}"`);
    c.header("Cache-Control", "private, no-store");
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

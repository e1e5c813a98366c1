import { TeamImport } from "@kns/core/team-import";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { limitBody } from "../middleware/body-limit";
import { publicBaseUrl } from "../public-url";
import { validate } from "../validator";
import type * as Wire from "@kns/core/model";

/** The same limit as the member import's file. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** Teams in bulk (issue 17): the team list import and the commune's printable join code sheet. */
export const adminTeamRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .post(
    "/teams/import",
    async function onlyAdmins(c, next) {
      // Before the body is read: anyone but an admin is refused without unpacking a byte of the upload.
      TeamImport.assertMayImport(c.get("session"));
      await next();
    },
    limitBody(IMPORT_MAX_BYTES, "request.too_large", `An import file can be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`),
    validate("query", z.object({ dryRun: z.optional(z.enum(["true", "false", "1", "0"])) })),
    async (c) => {
      const dryRun = ["true", "1"].includes(c.req.valid("query").dryRun ?? "false");
      const submitted = await TeamImport.submit(new Uint8Array(await c.req.arrayBuffer()), c.get("session"), { dryRun, address: c.get("actor").address });
      return "queued" in submitted
        ? c.json({ id: submitted.queued.id, status: submitted.queued.status }, 202)
        : c.json(submitted.outcome satisfies Wire.TeamImportOutcome);
    },
  )
  .get("/teams/imports/:id", async (c) => c.json((await TeamImport.jobStatus(c.req.param("id"), c.get("session"))) satisfies Wire.TeamImportJobStatus))
  .get("/units/:unitId/join-codes.pdf", async (c) => {
    const { pdf, filename } = await TeamImport.joinCodeSheet(c.get("session"), c.req.param("unitId"), publicBaseUrl(c));
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", `inline; filename="${filename.replace(/[^a-z0-9.-]/g, "")}"`);
    c.header("Cache-Control", "private, no-store");
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

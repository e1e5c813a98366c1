import { Certificate } from "@kns/core/certificate";
import { Hono } from "hono";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import { requireAuth, type AuthEnv } from "../middleware/auth";
import { publicBaseUrl } from "../public-url";
import { validate } from "../validator";

export const certificateRoutes = new Hono<AuthEnv>()
  .use(requireAuth)
  .get("/:code/pdf", async (c) => {
    const pdf = await Certificate.pdfFor(c.req.param("code"), c.get("session"), publicBaseUrl(c));
    c.header("Content-Type", "application/pdf");
    c.header(
      "Content-Disposition",
      `inline; filename="chung-nhan-${c.req
        .param("code")
        .toUpperCase()
        .replace(/[^A-Z0-9-]/g, "")}.pdf"`,
    );
    c.header("Cache-Control", "private, no-store");
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  })
  .post(
    "/:code/revoke",
    validate("json", z.object({ reason: z.string().check(z.trim(), z.minLength(5, "Give a reason of at least 5 characters"), z.maxLength(500)) })),
    async (c) => {
      const revoked = await Certificate.revoke(c.req.param("code"), c.req.valid("json").reason, c.get("session"), c.get("actor"));
      return c.json({ code: revoked.code, status: revoked.status, revokedAt: revoked.revokedAt });
    },
  );

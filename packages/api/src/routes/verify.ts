import { Certificate } from "@kns/core/certificate";
import { Hono } from "hono";
import type * as Wire from "@kns/core/model";

/** Public: anyone can check a certificate, no sign-in. */
export const verifyRoutes = new Hono()
  .get("/public-key", (c) => {
    c.header("Cache-Control", "public, max-age=86400");
    return c.json({ algorithm: "Ed25519", publicKey: Certificate.publicKeyRaw() } satisfies Wire.PublicKey);
  })
  .get("/:code", async (c) => {
    try {
      return c.json((await Certificate.verify(c.req.param("code"))) satisfies Wire.Verification);
    } catch (err) {
      if ((err as { code?: string }).code === "certificate.not_found") {
        return c.json({ valid: false, error: { code: "certificate.not_found", message: "No certificate has this code. Check the code and try again." } }, 404);
      }
      throw err;
    }
  });

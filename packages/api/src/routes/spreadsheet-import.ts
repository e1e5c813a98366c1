import type { Session } from "@kns/core/auth";
import type { Job } from "@kns/core/job";
import { metric } from "@kns/core/log";
import { createFactory } from "hono/factory";
import * as z from "zod/mini";
import "@kns/core/zod-locale";
import type { AuthEnv } from "../middleware/auth";
import { limitBody } from "../middleware/body-limit";
import { validate } from "../validator";

/** An import file (members, teams) can be at most this large. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

const factory = createFactory<AuthEnv>();

/**
 * The handlers of a spreadsheet import route (`?dryRun=`, CSV or XLSX body): the caller's right to import is
 * checked before the body is read, so anyone else's upload is refused without unpacking a byte of it; the body
 * is capped; a dry run or a small file answers its outcome, a larger one 202 with the queued job.
 */
export function spreadsheetImport<Outcome>(
  mayImport: (session: Session) => void,
  submit: (bytes: Uint8Array, session: Session, options: { dryRun: boolean; address?: string }) => Promise<{ outcome: Outcome } | { queued: Job.Info }>,
) {
  return factory.createHandlers(
    factory.createMiddleware(async function onlyAdmins(c, next) {
      mayImport(c.get("session"));
      await next();
    }),
    limitBody(IMPORT_MAX_BYTES, "request.too_large", `An import file can be at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`),
    validate("query", z.object({ dryRun: z.optional(z.enum(["true", "false", "1", "0"])) })),
    async (c) => {
      const dryRun = ["true", "1"].includes(c.req.valid("query").dryRun ?? "false");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const started = performance.now();
      const submitted = await submit(bytes, c.get("session"), { dryRun, address: c.get("actor").address });
      // A small file is imported here; a queued one is counted when its job finishes (Upload.run).
      if (!dryRun && "outcome" in submitted) metric({ ImportCompleted: 1, ImportDurationMs: Math.round(performance.now() - started) });
      return "queued" in submitted ? c.json({ id: submitted.queued.id, status: submitted.queued.status }, 202) : c.json(submitted.outcome as never);
    },
  );
}

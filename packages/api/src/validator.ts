import { zValidator as baseValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodType } from "zod";

/** The project-wide validator: a failure becomes a 400 with the Zod issues as details (see error.ts). */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return baseValidator(target, schema, (result) => {
    if (!result.success) throw new HTTPException(400, { cause: result.error });
  });
}

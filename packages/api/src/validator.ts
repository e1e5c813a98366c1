import { zValidator as baseValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";

/**
 * The project-wide validator: a failure becomes a 400 with the Zod issues as details (see error.ts).
 *
 * It parses synchronously, as core does. Under the validator's default async parse, every zod/mini transform
 * (phone numbers, full names, unit codes) settles after the other fields, which reorders the output's keys and
 * the issues, and so changes which issue a 400's message names. (A schema with an async check would throw
 * here; none has one.)
 */
export function validate<Target extends keyof ValidationTargets, Schema extends $ZodType>(target: Target, schema: Schema) {
  return baseValidator(
    target,
    schema,
    (result) => {
      if (!result.success) throw new HTTPException(400, { cause: result.error });
    },
    // `as never`: the validator types results as classic zod's; mini's have the same fields (success, data, error).
    { validationFunction: (schema, value) => z.safeParse(schema, value) as never },
  );
}

import * as z from "zod/mini";
import "../zod-locale";
import { Password } from "../auth/password";
import { NAME_LIMITS, ROLES, STAFF_ROLES, nameProblem, normaliseName } from "../model";
import { Phone } from "./phone";

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** The version of the privacy notice a person agrees to when registering (docs/privacy.md). */
export const CONSENT_POLICY_VERSION = "2026-11";

const NAME_MESSAGES = {
  "name.short": `Full name must have at least ${NAME_LIMITS.min} characters`,
  "name.long": `Full name must have at most ${NAME_LIMITS.max} characters`,
  "name.characters": "Full name may contain only letters, spaces, apostrophes, dots and hyphens",
} as const;

/** The rule is the model's (model/people.ts); the issue carries its code, so the app words it itself. */
export const FullName = z.pipe(
  z.pipe(z.string(), z.transform(normaliseName)),
  z.string().check(
    z.superRefine((name, ctx) => {
      const problem = nameProblem(name);
      if (problem) ctx.addIssue({ code: "custom", message: NAME_MESSAGES[problem], params: { problem } });
    }),
  ),
);

/** What the app and other users may see of a user: never the password hash, session version or storage keys. */
export const Info = z.object({
  id: z.string(),
  phone: z.string(),
  fullName: z.string(),
  roles: z.array(Role),
  /** The member's team, or the unit an admin administers; null for trainers without a unit. */
  unitId: z.nullable(z.string()),
  /**
   * Staff roles held per unit (staff/). Absent on accounts that predate them: those hold what `roles` and
   * `unitId` say (Staff.grantsOf).
   */
  grants: z.optional(z.array(z.object({ unitId: z.string(), role: z.enum(STAFF_ROLES) }))),
  active: z.boolean(),
  /** Created by an admin and not yet activated: the person activates it with a one-time activation code. */
  pending: z.optional(z.boolean()),
  consent: z.optional(z.object({ at: z.string(), policyVersion: z.string() })),
  /** A citizen's commune (citizens hold no unit: they are not team members). */
  communeId: z.optional(z.string()),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

/**
 * Self-registration: a team member with their team's join code, or (`audience: "citizen"`) a resident with the
 * official code of their commune and no join code.
 */
export const RegisterInput = z.object({
  phone: Phone,
  password: Password,
  fullName: FullName,
  audience: z.optional(z.enum(["member", "citizen"])),
  joinCode: z.optional(z.string().check(z.maxLength(40))),
  communeCode: z.optional(z.string().check(z.maxLength(40))),
  consent: z.literal(true, { error: "You must agree to the privacy notice to register" }),
});
export type RegisterInput = z.input<typeof RegisterInput>;

export type CreateInputShape = z.input<typeof CreateInput>;

export const CreateInput = z.object({
  id: z.optional(z.string()),
  pending: z.optional(z.boolean()),
  phone: Phone,
  fullName: FullName,
  password: z.optional(z.string().check(z.minLength(8), z.maxLength(128))),
  roles: z.array(Role).check(z.minLength(1)),
  unitId: z.nullable(z.string()),
});

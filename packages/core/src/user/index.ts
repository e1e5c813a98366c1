export * as User from "./index";

import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { Password, hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db/client";
import { withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { Unit } from "../unit";
import { userKeys } from "./user.entity";
import { Phone } from "./phone";

export const Role = z.enum(["member", "team-leader", "trainer", "admin", "super-admin"]);
export type Role = z.infer<typeof Role>;

/** The version of the privacy notice a person agrees to when registering (docs/privacy.md). */
export const CONSENT_POLICY_VERSION = "2026-11";

export const FullName = z
  .string()
  .transform((name) => name.normalize("NFC").replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(2, "Full name must have at least 2 characters")
      .max(100, "Full name must have at most 100 characters")
      .regex(/^[\p{L}\p{M}' .-]+$/u, "Full name may contain only letters, spaces, apostrophes, dots and hyphens"),
  );

/** What the app and other users may see of a user: never the password hash or storage keys. */
export const Info = z.object({
  id: z.string(),
  phone: z.string(),
  fullName: z.string(),
  roles: z.array(Role),
  /** The member's team, or the unit an admin administers; null for trainers without a unit. */
  unitId: z.string().nullable(),
  active: z.boolean(),
  consent: z.object({ at: z.string(), policyVersion: z.string() }).optional(),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

interface Stored extends Info {
  passwordHash: string;
}

export const RegisterInput = z.object({
  phone: Phone,
  password: Password,
  fullName: FullName,
  joinCode: z.string().max(40),
  consent: z.literal(true, { error: "You must agree to the privacy notice to register" }),
});
export type RegisterInput = z.input<typeof RegisterInput>;

function toInfo(item: Record<string, unknown>): Info {
  const { passwordHash: _hash, ...rest } = withoutKeys(item) as unknown as Stored;
  return rest;
}

export async function get(id: string): Promise<Info | undefined> {
  const stored = await getStored(id);
  return stored && toInfo(stored as unknown as Record<string, unknown>);
}

async function getStored(id: string): Promise<Stored | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.user(id) }));
  return Item as Stored | undefined;
}

export async function idByPhone(phone: string): Promise<string | undefined> {
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: userKeys.phone(phone) }));
  return Item?.userId as string | undefined;
}

/** Checks a phone and password; undefined when either is wrong (the caller cannot tell which). */
export async function authenticate(phone: string, password: string): Promise<Info | undefined> {
  const id = await idByPhone(phone);
  const stored = id ? await getStored(id) : undefined;
  if (!stored) return undefined;
  if (!(await verifyPassword(password, stored.passwordHash))) return undefined;
  return toInfo(stored as unknown as Record<string, unknown>);
}

interface NewUser {
  id?: string;
  phone: string;
  fullName: string;
  passwordHash: string;
  roles: Role[];
  unit: Unit.Info | null;
  consent?: Info["consent"];
}

/**
 * Writes a user, their phone's uniqueness item and the member counters of their unit and all its ancestors
 * in one transaction. Throws `user.phone_taken` if the phone belongs to someone else.
 */
async function insert(input: NewUser): Promise<Info> {
  const now = new Date().toISOString();
  const user: Stored = {
    id: input.id ?? newId("m"),
    phone: input.phone,
    fullName: input.fullName,
    roles: input.roles,
    unitId: input.unit?.id ?? null,
    active: true,
    consent: input.consent,
    createdAt: now,
    passwordHash: input.passwordHash,
  };
  const { doc, table } = db();
  const countsAsMember = input.unit && user.roles.some((role) => role === "member" || role === "team-leader");
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...userKeys.phone(user.phone), userId: user.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...userKeys.user(user.id),
                ...(input.unit ? userKeys.member(input.unit.id, user.fullName, user.id) : {}),
                ...user,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...(countsAsMember && input.unit ? Unit.memberCounterUpdates(input.unit, 1) : []),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === "ConditionalCheckFailed") {
        throw new VisibleError("conflict", "user.phone_taken", "An account with this phone number already exists. Sign in instead.");
      }
    }
    throw err;
  }
  return toInfo(user as unknown as Record<string, unknown>);
}

/**
 * Self-registration with a team join code. A retry of a registration that already succeeded (same phone and
 * password) returns the existing account instead of failing, so a lost response never locks anyone out.
 */
export async function register(raw: RegisterInput): Promise<Info> {
  const input = RegisterInput.parse(raw);
  const team = await Unit.resolveJoinCode(input.joinCode);
  const existingId = await idByPhone(input.phone);
  if (existingId) {
    const existing = await authenticate(input.phone, input.password);
    if (existing && existing.unitId === team.id) return existing;
    throw new VisibleError("conflict", "user.phone_taken", "An account with this phone number already exists. Sign in instead.");
  }
  try {
    return await insert({
      phone: input.phone,
      fullName: input.fullName,
      passwordHash: await hashPassword(input.password),
      roles: ["member"],
      unit: team,
      consent: { at: new Date().toISOString(), policyVersion: CONSENT_POLICY_VERSION },
    });
  } catch (err) {
    // Two identical requests raced: the loser answers like a retry.
    if (err instanceof VisibleError && err.code === "user.phone_taken") {
      const existing = await authenticate(input.phone, input.password);
      if (existing && existing.unitId === team.id) return existing;
    }
    throw err;
  }
}

export type CreateInputShape = z.input<typeof CreateInput>;
export const CreateInput = z.object({
  id: z.string().optional(),
  phone: Phone,
  fullName: FullName,
  password: z.string().min(8).max(128),
  roles: z.array(Role).min(1),
  unitId: z.string().nullable(),
});

/** Creates an account for someone (seeding, admin import). Idempotent on phone: returns the existing user. */
export async function ensure(raw: z.input<typeof CreateInput>): Promise<Info> {
  const input = CreateInput.parse(raw);
  const existingId = await idByPhone(input.phone);
  if (existingId) {
    const existing = await get(existingId);
    if (existing) return existing;
  }
  const unit = input.unitId ? await Unit.mustGet(input.unitId) : null;
  return insert({
    id: input.id,
    phone: input.phone,
    fullName: input.fullName,
    passwordHash: await hashPassword(input.password),
    roles: input.roles,
    unit,
  });
}

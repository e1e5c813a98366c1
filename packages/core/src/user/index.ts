export * as User from "./index";

import { randomInt, createHash, timingSafeEqual } from "node:crypto";
import { DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { Password, hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db/client";
import { queryAll, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { userKeys } from "./user.entity";
import { Phone, normalisePhone } from "./phone";

export const Role = z.enum(["member", "team-leader", "trainer", "admin", "super-admin"]);
export type Role = z.infer<typeof Role>;

/** The version of the privacy notice a person agrees to when registering (docs/privacy.md). */
export const CONSENT_POLICY_VERSION = "2026-11";

export const FullName = z.pipe(
  z.pipe(z.string(), z.transform((name: string) => name.normalize("NFC").replace(/\s+/g, " ").trim())),
  z.string().check(
    z.minLength(2, "Full name must have at least 2 characters"),
    z.maxLength(100, "Full name must have at most 100 characters"),
    z.regex(/^[\p{L}\p{M}' .-]+$/u, "Full name may contain only letters, spaces, apostrophes, dots and hyphens"),
  ),
);

/** What the app and other users may see of a user: never the password hash or storage keys. */
export const Info = z.object({
  id: z.string(),
  phone: z.string(),
  fullName: z.string(),
  roles: z.array(Role),
  /** The member's team, or the unit an admin administers; null for trainers without a unit. */
  unitId: z.nullable(z.string()),
  active: z.boolean(),
  /** Imported by an admin and not yet activated: the person sets their password by registering. */
  pending: z.optional(z.boolean()),
  consent: z.optional(z.object({ at: z.string(), policyVersion: z.string() })),
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
  joinCode: z.string().check(z.maxLength(40)),
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
  pending?: boolean;
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
    ...(input.pending ? { pending: true } : {}),
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
    const stored = await getStored(existingId);
    if (stored?.pending && stored.unitId === team.id) return activate(stored, input);
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
/** An imported member claims their account: the join code must be their own team's. */
async function activate(stored: Stored, input: z.output<typeof RegisterInput>): Promise<Info> {
  const { doc, table } = db();
  const consent = { at: new Date().toISOString(), policyVersion: CONSENT_POLICY_VERSION };
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: userKeys.user(stored.id),
        UpdateExpression: "SET passwordHash = :hash, consent = :consent REMOVE pending",
        ConditionExpression: "pending = :yes",
        ExpressionAttributeValues: { ":hash": await hashPassword(input.password), ":consent": consent, ":yes": true },
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
    const again = await authenticate(stored.phone, input.password);
    if (again) return again;
    throw new VisibleError("conflict", "user.phone_taken", "An account with this phone number already exists. Sign in instead.");
  }
  const { pending: _pending, passwordHash: _hash, ...rest } = stored;
  return { ...rest, consent };
}

export const CreateInput = z.object({
  id: z.optional(z.string()),
  pending: z.optional(z.boolean()),
  phone: Phone,
  fullName: FullName,
  password: z.string().check(z.minLength(8), z.maxLength(128)),
  roles: z.array(Role).check(z.minLength(1)),
  unitId: z.nullable(z.string()),
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
    // A pending account has no usable password until its owner activates it (never verifies).
    passwordHash: input.pending ? "pending$" : await hashPassword(input.password),
    roles: input.roles,
    unit,
    pending: input.pending,
  });
}

/** Members of one unit (a team), sorted by name. */
export async function listForUnit(unitId: string): Promise<Info[]> {
  const items = await queryAll<Record<string, unknown>>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": userKeys.membersOf(unitId) },
  });
  return items.map(toInfo);
}

const countsAsMember = (roles: Role[]) => roles.some((role) => role === "member" || role === "team-leader");

/**
 * Changes a member's name, team or roles. When the team changes, the member counters and the completion
 * counters of their completed courses move from the old unit's lineage to the new one, and their progress
 * records follow — all in one transaction, conditional on the team not having changed meanwhile.
 */
export async function updateProfile(id: string, change: { fullName: string; unitId: string | null; roles: Role[] }, actor: { userId: string; address?: string }): Promise<Info> {
  const current = await get(id);
  if (!current) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  const { doc, table } = db();
  const [from, to] = await Promise.all([current.unitId ? Unit.get(current.unitId) : undefined, change.unitId ? Unit.mustGet(change.unitId) : undefined]);
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [];
  const memberKeys = to ? userKeys.member(to.id, change.fullName, id) : undefined;
  items.push({
    Update: {
      TableName: table,
      Key: userKeys.user(id),
      UpdateExpression: memberKeys
        ? "SET fullName = :name, unitId = :unit, #roles = :roles, gsi1pk = :gpk, gsi1sk = :gsk"
        : "SET fullName = :name, unitId = :unit, #roles = :roles REMOVE gsi1pk, gsi1sk",
      ConditionExpression: current.unitId ? "unitId = :was" : "attribute_not_exists(unitId) OR unitId = :was",
      ExpressionAttributeNames: { "#roles": "roles" },
      ExpressionAttributeValues: {
        ":name": change.fullName,
        ":unit": change.unitId,
        ":roles": change.roles,
        ":was": current.unitId,
        ...(memberKeys ? { ":gpk": memberKeys.gsi1pk, ":gsk": memberKeys.gsi1sk } : {}),
      },
    },
  });
  const moved = current.unitId !== change.unitId;
  const wasMember = Boolean(countsAsMember(current.roles) && from);
  const isMember = Boolean(countsAsMember(change.roles) && to);
  const records = moved ? await Progress.listForUser(id) : [];
  const completed = records.filter((r) => r.completedAt).map((r) => r.courseId);
  if (moved) {
    // Counted membership and completions leave the old lineage and join the new one.
    items.push(...Unit.shiftUpdates(wasMember ? from : undefined, isMember ? to : undefined, 1, []));
    items.push(...Unit.shiftUpdates(from, to, 0, completed));
    for (const record of records) {
      items.push({
        Update: {
          TableName: table,
          Key: { pk: `USER#${id}`, sk: `PROGRESS#${record.courseId}` },
          UpdateExpression: to ? "SET unitId = :unit, gsi2pk = :gpk" : "SET unitId = :unit REMOVE gsi2pk, gsi2sk",
          ExpressionAttributeValues: { ":unit": change.unitId, ...(to ? { ":gpk": `UNITPROGRESS#${to.id}` } : {}) },
        },
      });
    }
  } else if (wasMember !== isMember && from) {
    items.push(...Unit.memberCounterUpdates(from, isMember ? 1 : -1));
  }
  items.push(Audit.entryPut(actor, moved ? "member.move" : "member.update", to?.id ?? from?.id ?? "nation", id, { from: current.unitId, to: change.unitId }));
  if (items.length > 100) throw new VisibleError("conflict", "user.too_many_changes", "This member has too much history to move in one step.");
  await doc.send(new TransactWriteCommand({ TransactItems: items }));
  return { ...current, fullName: change.fullName, unitId: change.unitId, roles: change.roles };
}

/**
 * Finds members within a unit subtree: by phone (exact, any format) or by the start of their full name.
 * Walks the subtree's teams in order and stops at `limit`, so it never reads the whole province at once.
 */
export async function search(root: Unit.Info, query: string, limit = 50): Promise<Info[]> {
  const phone = normalisePhone(query);
  if (phone) {
    const id = await idByPhone(phone);
    const user = id ? await get(id) : undefined;
    if (!user?.unitId) return [];
    const unit = await Unit.get(user.unitId);
    return unit && Unit.isWithin(unit, root) ? [user] : [];
  }
  const prefix = query.normalize("NFC").trim().toLocaleLowerCase("vi");
  const found: Info[] = [];
  for (const unit of await Unit.subtree(root)) {
    const items = await queryAll<Record<string, unknown>>({
      IndexName: "gsi1",
      KeyConditionExpression: prefix ? "gsi1pk = :pk AND begins_with(gsi1sk, :name)" : "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": userKeys.membersOf(unit.id), ...(prefix ? { ":name": prefix } : {}) },
      Limit: limit,
    });
    found.push(...items.map(toInfo));
    if (found.length >= limit) break;
  }
  return found.slice(0, limit);
}

/** Deactivates or reactivates an account; an inactive account cannot sign in and is not counted as a member. */
export async function setActive(id: string, active: boolean, actor: { userId: string; address?: string }): Promise<Info> {
  const user = await get(id);
  if (!user) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  if (user.active === active) return user;
  const unit = user.unitId ? await Unit.get(user.unitId) : undefined;
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: userKeys.user(id),
            UpdateExpression: "SET active = :active",
            ConditionExpression: "active = :was",
            ExpressionAttributeValues: { ":active": active, ":was": !active },
          },
        },
        ...(unit && countsAsMember(user.roles) ? Unit.memberCounterUpdates(unit, active ? 1 : -1) : []),
        Audit.entryPut(actor, active ? "member.reactivate" : "member.deactivate", user.unitId ?? "nation", id),
      ],
    }),
  );
  return { ...user, active };
}

const RESET_CODE_SECONDS = 24 * 60 * 60;

/**
 * A one-time code (6 digits, 24 hours) an admin reads out to a member who forgot their password. Only its
 * hash is stored; using it (Auth.resetPassword) sets a new password and deletes it.
 */
export async function issueResetCode(id: string, actor: { userId: string; address?: string }): Promise<{ code: string; expiresAt: string }> {
  const user = await get(id);
  if (!user) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expires = Math.floor(Date.now() / 1000) + RESET_CODE_SECONDS;
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: { pk: `RESET#${user.phone}`, sk: "RESET", userId: id, codeHash: createHash("sha256").update(`${user.phone}:${code}`).digest("hex"), expiresAt: expires } } },
        Audit.entryPut(actor, "member.password_reset_code", user.unitId ?? "nation", id),
      ],
    }),
  );
  return { code, expiresAt: new Date(expires * 1000).toISOString() };
}

/** Sets a new password with a valid reset code (consumed in the same transaction). */
export async function resetPassword(phone: string, code: string, password: string): Promise<Info> {
  const { doc, table } = db();
  const invalid = new VisibleError("input", "auth.reset_code_invalid", "This code is not valid or has expired. Ask your admin for a new one.");
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `RESET#${phone}`, sk: "RESET" }, ConsistentRead: true }));
  if (!Item || Item.expiresAt < Date.now() / 1000) throw invalid;
  const expected = Buffer.from(String(Item.codeHash), "hex");
  const actual = createHash("sha256").update(`${phone}:${code}`).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw invalid;
  const passwordHash = await hashPassword(Password.parse(password));
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: table, Key: { pk: `RESET#${phone}`, sk: "RESET" }, ConditionExpression: "codeHash = :hash", ExpressionAttributeValues: { ":hash": Item.codeHash } } },
          { Update: { TableName: table, Key: userKeys.user(Item.userId), UpdateExpression: "SET passwordHash = :hash REMOVE pending", ExpressionAttributeValues: { ":hash": passwordHash } } },
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") throw invalid;
    throw err;
  }
  const user = await get(Item.userId);
  if (!user) throw invalid;
  return user;
}

/** Everything stored about a member, for their own download (right of access). */
export async function exportData(id: string) {
  const profile = await get(id);
  if (!profile) throw new VisibleError("not-found", "user.not_found", "This account does not exist.");
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": `USER#${id}` },
  });
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => withoutKeys(i));
  return {
    exportedAt: new Date().toISOString(),
    profile,
    progress: of("PROGRESS#"),
    quizAttempts: of("ATTEMPT#"),
    lessonCompletions: of("EVENT#"),
    certificates: of("CERT#"),
  };
}

export const DeleteInput = z.object({ password: z.string().check(z.minLength(1), z.maxLength(128)), confirm: z.literal(true, { error: "Confirm that you want to delete your account" }) });

/**
 * Deletes a member's account and personal data at their request. Certificates stay verifiable with the name
 * removed; unit completion counts stay (anonymous numbers). Safe to retry: each step skips what is gone.
 */
export async function deleteAccount(id: string, raw: z.input<typeof DeleteInput>): Promise<void> {
  const input = DeleteInput.parse(raw);
  const stored = await getStored(id);
  if (!stored || !(await verifyPassword(input.password, stored.passwordHash))) {
    throw new VisibleError("unauthenticated", "auth.invalid_credentials", "The password is not correct.");
  }
  const { doc, table } = db();
  const items = await queryAll<Record<string, unknown>>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `USER#${id}` } });
  for (const held of items.filter((i) => String(i.sk).startsWith("CERT#"))) {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `CERT#${held.code}`, sk: "CERT" },
        UpdateExpression: "SET holderName = :removed REMOVE userId",
        ExpressionAttributeValues: { ":removed": "(đã xoá theo yêu cầu)" },
      }),
    );
  }
  for (const item of items.filter((i) => i.sk !== "PROFILE")) {
    await doc.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
  }
  const unit = stored.unitId ? await Unit.get(stored.unitId) : undefined;
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: table, Key: userKeys.user(id), ConditionExpression: "attribute_exists(pk)" } },
        { Delete: { TableName: table, Key: userKeys.phone(stored.phone) } },
        ...(unit && stored.active && countsAsMember(stored.roles) ? Unit.memberCounterUpdates(unit, -1) : []),
        Audit.entryPut({ userId: id }, "member.delete_self", stored.unitId ?? "nation", id),
      ],
    }),
  );
}

export * as User from "./index";
export { exportData, deleteAccount, DeleteInput } from "./privacy";
export { sessionState, forSession, forgetSessionState, endSessions, SESSION_CHECK_MS, type SessionState } from "./session";
export { issueCode, checkCode, CODE_PATTERN, MAX_WRONG_TRIES, type CodePurpose, type IssuedCode } from "./one-time-code";
export { idByPhone } from "./store";

import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { Password, hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db/client";
import { queryAll } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { security } from "../log";
import { Progress } from "../progress";
import { Unit } from "../unit";
import { checkCode, issueCode } from "./one-time-code";
import { Phone, normalisePhone } from "./phone";
import { END_SESSIONS, endSessionsValues, forgetSessionState } from "./session";
import { countsAsMember, getStored, idByPhone, toInfo, type Stored } from "./store";
import { userKeys } from "./user.entity";

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

/** What the app and other users may see of a user: never the password hash, session version or storage keys. */
export const Info = z.object({
  id: z.string(),
  phone: z.string(),
  fullName: z.string(),
  roles: z.array(Role),
  /** The member's team, or the unit an admin administers; null for trainers without a unit. */
  unitId: z.nullable(z.string()),
  active: z.boolean(),
  /** Created by an admin and not yet activated: the person activates it with a one-time activation code. */
  pending: z.optional(z.boolean()),
  consent: z.optional(z.object({ at: z.string(), policyVersion: z.string() })),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const RegisterInput = z.object({
  phone: Phone,
  password: Password,
  fullName: FullName,
  joinCode: z.string().check(z.maxLength(40)),
  consent: z.literal(true, { error: "You must agree to the privacy notice to register" }),
});
export type RegisterInput = z.input<typeof RegisterInput>;

export async function get(id: string): Promise<Info | undefined> {
  const stored = await getStored(id);
  return stored && toInfo(stored as unknown as Record<string, unknown>);
}

/** Checks a phone and password; undefined when either is wrong (the caller cannot tell which). */
export async function authenticate(phone: string, password: string): Promise<Info | undefined> {
  const id = await idByPhone(phone);
  const stored = id ? await getStored(id, true) : undefined;
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

const phoneTaken = () => new VisibleError("conflict", "user.phone_taken", "An account with this phone number already exists. Sign in instead.");

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
    sessionVersion: 0,
  };
  const { doc, table } = db();
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
          ...(input.unit && countsAsMember(user.roles) ? Unit.memberCounterUpdates(input.unit, 1) : []),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === "ConditionalCheckFailed") throw phoneTaken();
    }
    throw err;
  }
  return toInfo(user as unknown as Record<string, unknown>);
}

/** How long a repeated registration (same phone, password and team) is answered as a retry of the first. */
const REGISTRATION_RETRY_MS = 24 * 60 * 60 * 1000;

/**
 * Self-registration with a team join code. A retry of a registration that succeeded a short while ago (same
 * phone, password and team) returns that account instead of failing, so a lost response never locks anyone
 * out; a wrong password there is reported through `onWrongPassword`, so it counts like a failed sign-in.
 * An account an admin created is not claimed here: it needs the activation code the admin hands over.
 */
export async function register(raw: RegisterInput, options: { onWrongPassword?: () => Promise<void> } = {}): Promise<Info> {
  const input = RegisterInput.parse(raw);
  const team = await Unit.resolveJoinCode(input.joinCode);
  const retried = async () => {
    const existing = await authenticate(input.phone, input.password);
    if (!existing) await options.onWrongPassword?.();
    const recent = existing && Date.now() - Date.parse(existing.createdAt) < REGISTRATION_RETRY_MS;
    return existing && recent && existing.unitId === team.id && !existing.pending ? existing : undefined;
  };
  const existingId = await idByPhone(input.phone);
  if (existingId) {
    const stored = await getStored(existingId, true);
    if (stored?.pending) {
      throw new VisibleError("conflict", "user.activation_required", "An account was already created for this phone number. Ask your admin for its activation code, then activate it.");
    }
    const again = await retried();
    if (again) return again;
    throw phoneTaken();
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
      const again = await retried();
      if (again) return again;
    }
    throw err;
  }
}

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

/**
 * Creates an account for someone (seeding, admin import). Idempotent on phone: returns the existing user.
 * A pending account has no password at all until its owner activates it with a code.
 */
export async function ensure(raw: z.input<typeof CreateInput>): Promise<Info> {
  const input = CreateInput.parse(raw);
  const existingId = await idByPhone(input.phone);
  if (existingId) {
    const existing = await get(existingId);
    if (existing) return existing;
  }
  if (!input.pending && !input.password) throw new VisibleError("input", "user.password_required", "An account that is not pending needs a password.");
  const unit = input.unitId ? await Unit.mustGet(input.unitId) : null;
  return insert({
    id: input.id,
    phone: input.phone,
    fullName: input.fullName,
    passwordHash: input.pending || !input.password ? "pending$" : await hashPassword(input.password),
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

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((role) => b.includes(role));

/**
 * Changes a member's name, team or roles. When the team changes, the member counters and the completion
 * counters of their completed courses move from the old unit's lineage to the new one, and their progress
 * records follow — all in one transaction, conditional on the team not having changed meanwhile. A move or a
 * role change ends the person's sessions: their next request signs in again with what they may do now.
 */
export async function updateProfile(id: string, change: { fullName: string; unitId: string | null; roles: Role[] }, actor: { userId: string; address?: string }): Promise<Info> {
  const current = await get(id);
  if (!current) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  const { doc, table } = db();
  const [from, to] = await Promise.all([current.unitId ? Unit.get(current.unitId) : undefined, change.unitId ? Unit.mustGet(change.unitId) : undefined]);
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [];
  const memberKeys = to ? userKeys.member(to.id, change.fullName, id) : undefined;
  const moved = current.unitId !== change.unitId;
  const rolesChanged = !sameRoles(current.roles, change.roles);
  const endsSessions = moved || rolesChanged;
  items.push({
    Update: {
      TableName: table,
      Key: userKeys.user(id),
      UpdateExpression:
        (memberKeys
          ? "SET fullName = :name, unitId = :unit, #roles = :roles, gsi1pk = :gpk, gsi1sk = :gsk"
          : "SET fullName = :name, unitId = :unit, #roles = :roles REMOVE gsi1pk, gsi1sk") + (endsSessions ? ` ADD ${END_SESSIONS}` : ""),
      ConditionExpression: current.unitId ? "unitId = :was" : "attribute_not_exists(unitId) OR unitId = :was",
      ExpressionAttributeNames: { "#roles": "roles" },
      ExpressionAttributeValues: {
        ":name": change.fullName,
        ":unit": change.unitId,
        ":roles": change.roles,
        ":was": current.unitId,
        ...(memberKeys ? { ":gpk": memberKeys.gsi1pk, ":gsk": memberKeys.gsi1sk } : {}),
        ...(endsSessions ? endSessionsValues : {}),
      },
    },
  });
  const wasMember = Boolean(countsAsMember(current.roles) && from && current.active);
  const isMember = Boolean(countsAsMember(change.roles) && to && current.active);
  const records = moved ? await Progress.listForUser(id) : [];
  const completed = records.filter((r) => r.completedAt).map((r) => r.courseId);
  if (moved) {
    // Counted membership and completions leave the old lineage and join the new one.
    items.push(...Unit.shiftUpdates(wasMember ? from : undefined, isMember ? to : undefined, 1, []));
    items.push(...Unit.shiftUpdates(from, to, 0, completed));
    for (const record of records) items.push(Progress.followMember(record, to));
  } else if (wasMember !== isMember && from) {
    items.push(...Unit.memberCounterUpdates(from, isMember ? 1 : -1));
  }
  items.push(Audit.entryPut(actor, moved ? "member.move" : "member.update", to?.id ?? from?.id ?? "nation", id, { from: current.unitId, to: change.unitId, ...(rolesChanged ? { roles: change.roles } : {}) }));
  if (items.length > 100) throw new VisibleError("conflict", "user.too_many_changes", "This member has too much history to move in one step.");
  await doc.send(new TransactWriteCommand({ TransactItems: items }));
  if (endsSessions) forgetSessionState(id);
  if (rolesChanged) security("role.changed", { userId: id, actorId: actor.userId, from: current.roles, to: change.roles });
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

/**
 * Deactivates or reactivates an account. An inactive account cannot sign in, is not counted as a member, and
 * its sessions end at once (deactivating bumps the session version).
 */
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
            UpdateExpression: `SET active = :active ADD ${END_SESSIONS}`,
            ConditionExpression: "active = :was AND attribute_not_exists(deletingAt)",
            ExpressionAttributeValues: { ":active": active, ":was": !active, ...endSessionsValues },
          },
        },
        ...(unit && countsAsMember(user.roles) ? Unit.memberCounterUpdates(unit, active ? 1 : -1) : []),
        Audit.entryPut(actor, active ? "member.reactivate" : "member.deactivate", user.unitId ?? "nation", id),
      ],
    }),
  );
  forgetSessionState(id);
  if (!active) security("auth.sessions_ended", { userId: id, actorId: actor.userId, reason: "deactivated" });
  return { ...user, active };
}

/** A reset code for a member who forgot their password; an account that was never activated needs an activation code instead. */
export async function issueResetCode(id: string, actor: { userId: string; address?: string }) {
  const user = await get(id);
  if (!user) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  if (user.pending) throw new VisibleError("conflict", "user.pending", "This person has not activated their account yet: give them an activation code instead.");
  return issueCode("reset", user, actor);
}

/** An activation code for an account an admin created (import, appointment) whose owner has not activated it yet. */
export async function issueActivationCode(id: string, actor: { userId: string; address?: string }) {
  const user = await get(id);
  if (!user) throw new VisibleError("not-found", "user.not_found", "This member does not exist.");
  if (!user.pending) throw new VisibleError("conflict", "user.already_active", "This account is already activated: give a password reset code if they forgot their password.");
  return issueCode("activation", user, actor);
}

/**
 * Uses a one-time code to set the account's password, in one transaction with using the code up: a reset for
 * an active account, an activation (with consent recorded) for a pending one. Either ends every other session.
 * An inactive account is refused before the code is used, so the code still works once the account is back.
 */
export async function setPasswordWithCode(purpose: "reset" | "activation", phone: string, code: string, password: string): Promise<Info> {
  const valid = await checkCode(purpose, phone, code);
  const passwordHash = await hashPassword(Password.parse(password));
  const consent = { at: new Date().toISOString(), policyVersion: CONSENT_POLICY_VERSION };
  const { doc, table } = db();
  const update =
    purpose === "reset"
      ? {
          UpdateExpression: `SET passwordHash = :hash ADD ${END_SESSIONS}`,
          ConditionExpression: "attribute_exists(pk) AND active = :yes AND attribute_not_exists(pending)",
          ExpressionAttributeValues: { ":hash": passwordHash, ":yes": true, ...endSessionsValues },
        }
      : {
          UpdateExpression: `SET passwordHash = :hash, consent = :consent REMOVE pending ADD ${END_SESSIONS}`,
          ConditionExpression: "attribute_exists(pk) AND active = :yes AND pending = :yes",
          ExpressionAttributeValues: { ":hash": passwordHash, ":consent": consent, ":yes": true, ...endSessionsValues },
        };
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: [valid.consume, { Update: { TableName: table, Key: userKeys.user(valid.userId), ...update } }] }));
  } catch (err) {
    if ((err as Error).name !== "TransactionCanceledException") throw err;
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons[1]?.Code === "ConditionalCheckFailed") {
      const user = await get(valid.userId);
      if (user && !user.active) throw new VisibleError("forbidden", "auth.account_inactive", "This account has been deactivated. Contact your team leader.");
      throw new VisibleError("conflict", purpose === "reset" ? "user.pending" : "user.already_active", purpose === "reset" ? "This account has not been activated yet." : "This account is already activated. Sign in instead.");
    }
    throw new VisibleError("input", purpose === "reset" ? "auth.reset_code_invalid" : "auth.activation_code_invalid", "This code is not valid or has expired. Ask your admin for a new one.");
  }
  forgetSessionState(valid.userId);
  security(purpose === "reset" ? "auth.reset_code_used" : "auth.activated", { userId: valid.userId });
  const user = await get(valid.userId);
  if (!user) throw new VisibleError("not-found", "user.not_found", "This account does not exist.");
  return user;
}

/** Changes one's own password: the current one is required; every session ends, the caller gets a new one. */
export async function changePassword(id: string, currentPassword: string, newPassword: string): Promise<Info> {
  const stored = await getStored(id, true);
  if (!stored || !(await verifyPassword(currentPassword, stored.passwordHash))) {
    throw new VisibleError("unauthenticated", "auth.invalid_credentials", "The current password is not correct.");
  }
  const passwordHash = await hashPassword(Password.parse(newPassword));
  const { doc, table } = db();
  await doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: userKeys.user(id),
            UpdateExpression: `SET passwordHash = :hash ADD ${END_SESSIONS}`,
            ConditionExpression: "passwordHash = :was AND active = :yes",
            ExpressionAttributeValues: { ":hash": passwordHash, ":was": stored.passwordHash, ":yes": true, ...endSessionsValues },
          },
        },
        Audit.entryPut({ userId: id }, "member.password_changed", stored.unitId ?? "nation", id),
      ],
    }),
  );
  forgetSessionState(id);
  security("auth.password_changed", { userId: id });
  return toInfo(stored as unknown as Record<string, unknown>);
}

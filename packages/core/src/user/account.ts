import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type * as z from "zod/mini";
import { hashPassword, verifyPassword } from "../auth/password";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { Unit } from "../unit";
import { CONSENT_POLICY_VERSION, CreateInput, RegisterInput, type Info, type Role } from "./schema";
import { countsAsMember, get, getStored, idByPhone, toInfo, type Stored } from "./store";
import { userKeys } from "./user.entity";

/** Creating accounts (self-registration with a join code, or by an admin or the seed) and signing in. */

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
  /** A citizen's commune: counted there as a citizen, not as a member. */
  commune?: Unit.Info;
  helper?: Helper;
}

/** The team member who registers a neighbour on their own phone ("help a neighbour"). */
export interface Helper {
  userId: string;
  teamId: string | null;
}

const phoneTaken = () => new VisibleError("user.phone_taken", "An account with this phone number already exists. Sign in instead.");

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
    ...(input.commune ? { communeId: input.commune.id } : {}),
    ...(input.helper ? { registeredBy: input.helper.userId, ...(input.helper.teamId ? { helpedByTeam: input.helper.teamId } : {}) } : {}),
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
          // Accounts nobody has activated yet are counted apart; activation moves them (user/credentials.ts).
          ...(input.unit && countsAsMember(user.roles) ? Unit.memberCounterUpdates(input.unit, input.pending ? { pending: 1 } : 1) : []),
          ...(input.commune ? Unit.memberCounterUpdates(input.commune, { citizens: 1 }) : []),
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
export async function register(raw: RegisterInput, options: { onWrongPassword?: () => Promise<void>; helper?: Helper } = {}): Promise<Info> {
  const input = RegisterInput.parse(raw);
  const citizen = input.audience === "citizen";
  const team = citizen ? null : await Unit.resolveJoinCode(input.joinCode ?? "");
  const commune = citizen ? await officialCommune(input.communeCode) : undefined;
  const sameAccount = (existing: Info) => (commune ? existing.communeId === commune.id : existing.unitId === team?.id);
  const retried = async () => {
    const existing = await authenticate(input.phone, input.password);
    if (!existing) await options.onWrongPassword?.();
    const recent = existing && Date.now() - Date.parse(existing.createdAt) < REGISTRATION_RETRY_MS;
    return existing && recent && sameAccount(existing) && !existing.pending ? existing : undefined;
  };
  const existingId = await idByPhone(input.phone);
  if (existingId) {
    const stored = await getStored(existingId, true);
    if (stored?.pending) {
      throw new VisibleError(
        "user.activation_required",
        "An account was already created for this phone number. Ask your admin for its activation code, then activate it.",
      );
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
      roles: citizen ? ["citizen"] : ["member"],
      unit: team,
      commune,
      helper: citizen ? options.helper : undefined,
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

/** The commune an official code (or an alias of it) stands for; anything else is `auth.commune_invalid`. */
async function officialCommune(code: string | undefined): Promise<Unit.Info> {
  const unit = code && /^[A-Za-z0-9-]{2,40}$/.test(code) ? await Unit.resolve(code) : undefined;
  if (unit?.kind !== "commune") {
    throw new VisibleError("auth.commune_invalid", "This commune is not in the official list.", { params: { code: code ?? "" } });
  }
  return unit;
}

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
  if (!input.pending && !input.password) throw new VisibleError("user.password_required", "An account that is not pending needs a password.");
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

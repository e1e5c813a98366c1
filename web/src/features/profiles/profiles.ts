import { createSignal } from "solid-js";
import { createApiClient, type ApiClient, type Tokens, type User } from "../../lib/api";
import { PROFILES_KEY, type Session } from "../../lib/session";
import { readStorage, writeStorage } from "../../lib/storage";
import { hashPin, pinMatches, type PinHash } from "./pin";

/**
 * Shared phones: several members keep a profile on one device and switch with a PIN instead of a password.
 * The person in use has their tokens in the session (`kns.session`); the others' tokens wait here, under
 * their user id, with a hash of their PIN. Everything else a profile owns (outbox, downloads, resume points,
 * settings) is keyed by user id elsewhere, so switching never mixes two people's learning.
 */
export interface Profile {
  user: User;
  pin?: PinHash;
  /** Present while the profile is set aside; the active profile's tokens live in the session. */
  tokens?: Tokens;
  wrongPins?: number;
  parkedAt?: string;
}

type Profiles = Record<string, Profile>;

/** After this many wrong PINs the set-aside session is dropped: the person signs in with their password. */
export const MAX_WRONG_PINS = 5;

const [revision, setRevision] = createSignal(0);
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === PROFILES_KEY) setRevision((n) => n + 1);
  });
}

function read(): Profiles {
  try {
    const value = JSON.parse(readStorage(PROFILES_KEY) ?? "{}") as unknown;
    return value && typeof value === "object" ? (value as Profiles) : {};
  } catch {
    return {};
  }
}

function write(profiles: Profiles) {
  writeStorage(PROFILES_KEY, Object.keys(profiles).length ? JSON.stringify(profiles) : null);
  setRevision((n) => n + 1);
}

function change(userId: string, edit: (profile: Profile | undefined) => Profile | undefined) {
  const profiles = read();
  const next = edit(profiles[userId]);
  if (next) profiles[userId] = next;
  else delete profiles[userId];
  write(profiles);
}

/** Tells the server a set-aside session is over; best effort, it may be offline. */
function endOnServer(tokens: Tokens | undefined) {
  if (!tokens) return;
  const api = createApiClient({ tokens: { current: () => undefined, save: () => undefined, clear: () => undefined } });
  void api.request("/auth/logout", { body: { refreshToken: tokens.refreshToken }, auth: false }).catch(() => undefined);
}

export class PinError extends Error {
  override readonly name = "PinError";
  constructor(
    readonly code: "pin.wrong" | "pin.locked",
    readonly triesLeft = 0,
  ) {
    super(code);
  }
}

export function profile(userId: string): Profile | undefined {
  revision();
  return read()[userId];
}

/** The other people with a profile on this device, in the order they were set aside. */
export function otherProfiles(activeUserId: string | undefined): Profile[] {
  revision();
  return Object.values(read())
    .filter((p) => p.user.id !== activeUserId && p.tokens)
    .sort((a, b) => (a.parkedAt ?? "").localeCompare(b.parkedAt ?? ""));
}

export function hasPin(userId: string): boolean {
  return Boolean(profile(userId)?.pin);
}

export async function setPin(user: User, pin: string) {
  const hashed = await hashPin(pin);
  change(user.id, (current) => ({ ...current, user, pin: hashed, wrongPins: 0 }));
}

/**
 * Someone signed in with their password while an older set-aside session of theirs was still here: that
 * one is stale now, so it ends. Also keeps the stored name and roles current.
 */
export function settleActive(user: User) {
  const current = read()[user.id];
  if (!current) return;
  if (current.tokens) endOnServer(current.tokens);
  if (current.tokens || current.user.fullName !== user.fullName) change(user.id, (p) => p && { ...p, user, tokens: undefined, parkedAt: undefined, wrongPins: 0 });
}

/** Sets the current person aside (they need a PIN to come back) so someone else can sign in. */
export function setAside(session: Session) {
  const stored = session.stored();
  if (!stored) return;
  if (!read()[stored.user.id]?.pin) throw new Error("A profile needs a PIN before it is set aside.");
  change(stored.user.id, (p) => ({
    ...p!,
    user: stored.user,
    tokens: { accessToken: stored.accessToken, refreshToken: stored.refreshToken },
    parkedAt: new Date().toISOString(),
  }));
  session.adopt(undefined);
}

async function checkPin(userId: string, pin: string): Promise<Profile> {
  const target = read()[userId];
  if (!target?.tokens || !target.pin) throw new PinError("pin.locked");
  if (await pinMatches(pin, target.pin)) {
    change(userId, (p) => p && { ...p, wrongPins: 0 });
    return target;
  }
  const wrong = (target.wrongPins ?? 0) + 1;
  if (wrong >= MAX_WRONG_PINS) {
    endOnServer(target.tokens);
    change(userId, (p) => p && { ...p, tokens: undefined, wrongPins: 0, parkedAt: undefined });
    throw new PinError("pin.locked");
  }
  change(userId, (p) => p && { ...p, wrongPins: wrong });
  throw new PinError("pin.wrong", MAX_WRONG_PINS - wrong);
}

/** Switches to another profile after checking its PIN; the current person (who has a PIN) is set aside. */
export async function switchTo(session: Session, userId: string, pin: string) {
  const target = await checkPin(userId, pin);
  const tokens = target.tokens!;
  if (session.stored()) setAside(session);
  change(userId, (p) => p && { ...p, tokens: undefined, parkedAt: undefined });
  session.adopt({ ...tokens, user: target.user });
}

/** Removes a set-aside profile from this device (its PIN confirms it is the owner). */
export async function removeProfile(userId: string, pin: string) {
  const target = await checkPin(userId, pin);
  endOnServer(target.tokens);
  change(userId, () => undefined);
}

/** Forgets the profile of someone who signed out. */
export function forgetProfile(userId: string) {
  if (read()[userId]) change(userId, () => undefined);
}

/**
 * A client acting for a set-aside profile, so its outbox is still sent while someone else uses the phone.
 * If its session has ended on the server, its tokens go and it must sign in again; its outbox stays.
 */
export function setAsideClient(userId: string): ApiClient | undefined {
  if (!read()[userId]?.tokens) return undefined;
  return createApiClient({
    tokens: {
      current: () => read()[userId]?.tokens,
      save: ({ accessToken, refreshToken, user }) => change(userId, (p) => p && { ...p, user, tokens: { accessToken, refreshToken } }),
      clear: () => change(userId, (p) => p && { ...p, tokens: undefined }),
    },
  });
}

import { createSignal } from "solid-js";
import { createApiClient, type SessionResponse, type Tokens, type User } from "../../lib/api";
import { PROFILES_KEY, type Session } from "../../lib/session";
import { readStorage, writeStorage } from "../../lib/storage";
import { outbox } from "../offline/sync";
import { createProfileKey, openTokens, sealTokens, unlockProfileKey, type ProfileKey, type SealedTokens } from "./profile-key";

/**
 * Shared phones: several members keep a profile on one device and switch with a PIN instead of a password.
 * The person in use has their tokens in the session (`kns.session`); the others' tokens wait here, under
 * their user id, sealed so that only their PIN opens them (profile-key.ts). Everything else a profile owns
 * (outbox, downloads, resume points, settings) is keyed by user id elsewhere, so switching never mixes two
 * people's learning.
 *
 * A set-aside person's outbox waits on the phone until they come back: sending it needs their tokens, and
 * only their PIN opens those. Nothing is dropped; it goes as soon as they switch back or sign in again here.
 */
interface Profile {
  user: User;
  /** Made when the PIN is set; the PIN opens its private half. */
  key?: ProfileKey;
  /**
   * Present while the profile is set aside, sealed to `key`; the active profile's tokens live in the session.
   * (The sign-in screen counts the profiles that have them: `otherProfileCount`.)
   */
  tokens?: SealedTokens;
  wrongPins?: number;
  parkedAt?: string;
  /** Set aside, but the session kept here is gone (too many wrong PINs): they sign in with their password. */
  needsPassword?: boolean;
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

function plainTokens(value: unknown): Tokens | undefined {
  const tokens = value as Partial<Tokens> | undefined;
  return typeof tokens?.accessToken === "string" && typeof tokens.refreshToken === "string"
    ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
    : undefined;
}

/**
 * Earlier versions kept set-aside tokens in plain text beside a hash of the PIN. Such tokens may already have
 * been copied, so they are ended on the server and dropped at once (the person signs in with their password
 * and sets a PIN again), rather than kept readable until the PIN is next entered.
 */
function withoutPlainTokens(profiles: Record<string, Profile & { pin?: unknown }>): boolean {
  let changed = false;
  for (const [id, stored] of Object.entries(profiles)) {
    if (!stored || typeof stored !== "object") continue;
    const { pin, ...profile } = stored;
    const plain = plainTokens(profile.tokens);
    if (pin === undefined && !plain) continue;
    changed = true;
    endOnServer(plain);
    profiles[id] = plain ? { ...profile, tokens: undefined, needsPassword: true } : profile;
  }
  return changed;
}

function read(): Profiles {
  let profiles: Profiles;
  try {
    const value = JSON.parse(readStorage(PROFILES_KEY) ?? "{}") as unknown;
    profiles = value && typeof value === "object" ? (value as Profiles) : {};
  } catch {
    return {};
  }
  // Written back without a revision bump: what this read returns is already the migrated state.
  if (withoutPlainTokens(profiles)) writeStorage(PROFILES_KEY, JSON.stringify(profiles));
  return profiles;
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

/**
 * The other people with a profile on this device, in the order they were set aside: those waiting for their
 * PIN, and those who must sign in with their password again (they stay listed so they learn why).
 */
export function otherProfiles(activeUserId: string | undefined): Profile[] {
  revision();
  return Object.values(read())
    .filter((p) => p.user.id !== activeUserId && (p.tokens || p.needsPassword))
    .sort((a, b) => (a.parkedAt ?? "").localeCompare(b.parkedAt ?? ""));
}

export function hasPin(userId: string): boolean {
  return Boolean(profile(userId)?.key);
}

/** Sets or changes the PIN of the person using the phone: a new key pair, its private half sealed with the PIN. */
export async function setPin(user: User, pin: string) {
  const key = await createProfileKey(pin);
  change(user.id, (current) => ({ ...current, user, key, tokens: undefined, wrongPins: 0, needsPassword: undefined }));
}

/**
 * Someone is using the app with their own session. A set-aside session of theirs still here is stale (they
 * signed in with their password instead of switching), so it goes; it stays valid on the server until it
 * expires, since ending it needs the tokens and so the PIN. Also keeps the stored name and roles current.
 */
export function settleActive(user: User) {
  const current = read()[user.id];
  if (!current) return;
  if (current.tokens || current.needsPassword || current.user.fullName !== user.fullName) {
    change(user.id, (p) => p && { ...p, user, tokens: undefined, parkedAt: undefined, wrongPins: 0, needsPassword: undefined });
  }
}

/**
 * Sets the current person aside (they need their PIN to come back) so someone else can use the phone.
 * Needs no PIN: the tokens are sealed to the profile's public key.
 */
export async function setAside(session: Session) {
  let stored = session.stored();
  if (!stored) return;
  const key = read()[stored.user.id]?.key;
  if (!key) throw new Error("A profile needs a PIN before it is set aside.");
  let tokens = await sealTokens(key, stored);
  // A request may have refreshed the session meanwhile; the old refresh token would now end it.
  for (let latest = session.stored(); latest?.refreshToken !== stored.refreshToken; latest = session.stored()) {
    if (latest?.user.id !== stored.user.id) return;
    stored = latest;
    tokens = await sealTokens(key, stored);
  }
  const { user } = stored;
  change(user.id, (p) => ({ ...p, user, key, tokens, wrongPins: 0, parkedAt: new Date().toISOString(), needsPassword: undefined }));
  session.adopt(undefined);
}

/** Opens a set-aside profile's tokens with its PIN, counting wrong PINs. */
async function unlock(userId: string, pin: string): Promise<{ user: User; tokens: Tokens }> {
  const target = read()[userId];
  if (!target?.tokens || !target.key) throw new PinError("pin.locked");
  const privateKey = await unlockProfileKey(target.key, pin);
  if (!privateKey) {
    // Read again: another try may have finished while this one was deriving its key.
    const wrong = (read()[userId]?.wrongPins ?? 0) + 1;
    if (wrong >= MAX_WRONG_PINS) lockOut(userId);
    change(userId, (p) => p && { ...p, wrongPins: wrong });
    throw new PinError("pin.wrong", MAX_WRONG_PINS - wrong);
  }
  const tokens = await openTokens(privateKey, target.tokens);
  // The right PIN, but the sealed tokens were damaged: this session cannot be used any more.
  if (!tokens) lockOut(userId);
  change(userId, (p) => p && { ...p, wrongPins: 0 });
  return { user: target.user, tokens };
}

/**
 * Drops a set-aside session that can no longer be opened, keeping the person listed to sign in with their
 * password. It stays valid on the server until it expires: ending it needs the tokens, and so the PIN.
 */
function lockOut(userId: string): never {
  change(userId, (p) => p && { ...p, tokens: undefined, wrongPins: 0, needsPassword: true });
  throw new PinError("pin.locked");
}

/** Switches to another profile after checking its PIN; the current person (who has a PIN) is set aside. */
export async function switchTo(session: Session, userId: string, pin: string) {
  const target = await unlock(userId, pin);
  if (session.stored()) await setAside(session);
  change(userId, (p) => p && { ...p, tokens: undefined, parkedAt: undefined });
  session.adopt({ ...target.tokens, user: target.user });
}

/**
 * Removes a set-aside profile from this device (its PIN confirms it is the owner). Its outbox is sent first
 * while its tokens are open; what cannot go now stays on the phone until that person signs in here again.
 */
export async function removeProfile(userId: string, pin: string) {
  let { tokens } = await unlock(userId, pin);
  const api = createApiClient({
    tokens: {
      current: () => tokens,
      save: (renewed: SessionResponse) => {
        tokens = { accessToken: renewed.accessToken, refreshToken: renewed.refreshToken };
      },
      clear: () => undefined,
    },
  });
  await outbox.flush(userId, api).catch(() => undefined);
  endOnServer(tokens);
  change(userId, () => undefined);
}

/** Forgets the profile of someone who signed out. */
export function forgetProfile(userId: string) {
  if (read()[userId]) change(userId, () => undefined);
}

/** Removes someone who must sign in with their password anyway: nothing of theirs is left here to protect. */
export function removeSignedOutProfile(userId: string) {
  if (read()[userId]?.needsPassword) change(userId, () => undefined);
}

import type { Tokens } from "../../lib/api";
import { fromBase64Url, toBase64Url } from "../base64url";
import { openWithPin, sealWithPin, type PinSealed } from "./pin";

/**
 * Each profile's key pair (ECDH P-256), made when its owner sets their PIN. The public half is kept as it is,
 * the private half only sealed with the PIN. Setting a person aside seals their tokens to the public half, so
 * it needs no PIN: whoever can tap "set aside" is already using that session. Opening them needs the private
 * half, so the PIN. With one key derived from the PIN alone, every hand-over would ask the person leaving
 * for their PIN, and switching to someone else would ask for two.
 */
export interface ProfileKey {
  /** Uncompressed point, base64url. */
  publicKey: string;
  /** PKCS #8, sealed with the PIN. */
  privateKey: PinSealed;
}

/** Tokens sealed to a profile's public key: ECDH with a one-time key, HKDF-SHA-256, AES-GCM 256. */
export interface SealedTokens {
  oneTimeKey: string;
  salt: string;
  iv: string;
  data: string;
}

const CURVE = { name: "ECDH", namedCurve: "P-256" } as const;
const INFO = new TextEncoder().encode("kns.profiles.tokens");

export async function createProfileKey(pin: string): Promise<ProfileKey> {
  const pair = await crypto.subtle.generateKey(CURVE, true, ["deriveBits"]);
  const [publicKey, privateKey] = await Promise.all([crypto.subtle.exportKey("raw", pair.publicKey), crypto.subtle.exportKey("pkcs8", pair.privateKey)]);
  return { publicKey: toBase64Url(new Uint8Array(publicKey)), privateKey: await sealWithPin(pin, new Uint8Array(privateKey)) };
}

/** Undefined when the PIN is wrong. */
export async function unlockProfileKey(key: ProfileKey, pin: string): Promise<CryptoKey | undefined> {
  const pkcs8 = await openWithPin(pin, key.privateKey);
  return pkcs8 && crypto.subtle.importKey("pkcs8", pkcs8, CURVE, false, ["deriveBits"]);
}

async function tokenKey(privateKey: CryptoKey, publicKey: CryptoKey, salt: Uint8Array<ArrayBuffer>, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, 256);
  const material = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt, info: INFO }, material, { name: "AES-GCM", length: 256 }, false, [usage]);
}

const importPublic = (raw: Uint8Array<ArrayBuffer>) => crypto.subtle.importKey("raw", raw, CURVE, false, []);

export async function sealTokens(key: ProfileKey, tokens: Tokens): Promise<SealedTokens> {
  const recipient = fromBase64Url(key.publicKey);
  if (!recipient) throw new Error("The profile's public key is damaged.");
  const oneTime = await crypto.subtle.generateKey(CURVE, false, ["deriveBits"]);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await tokenKey(oneTime.privateKey, await importPublic(recipient), salt, "encrypt"), plain);
  const oneTimeKey = new Uint8Array(await crypto.subtle.exportKey("raw", oneTime.publicKey));
  return { oneTimeKey: toBase64Url(oneTimeKey), salt: toBase64Url(salt), iv: toBase64Url(iv), data: toBase64Url(new Uint8Array(data)) };
}

/** Undefined when the sealed tokens are damaged (the PIN was already checked by unlocking the key). */
export async function openTokens(privateKey: CryptoKey, sealed: SealedTokens): Promise<Tokens | undefined> {
  const oneTimeKey = fromBase64Url(sealed.oneTimeKey);
  const salt = fromBase64Url(sealed.salt);
  const iv = fromBase64Url(sealed.iv);
  const data = fromBase64Url(sealed.data);
  if (!oneTimeKey || !salt || !iv || !data) return undefined;
  try {
    const key = await tokenKey(privateKey, await importPublic(oneTimeKey), salt, "decrypt");
    const tokens = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, data))) as Partial<Tokens>;
    return typeof tokens.accessToken === "string" && typeof tokens.refreshToken === "string"
      ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }
      : undefined;
  } catch {
    return undefined;
  }
}

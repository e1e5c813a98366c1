import { hkdfSync } from "node:crypto";

/**
 * The server's symmetric keys, one per purpose, so one leaking or being misused never forges another kind of
 * thing: `TOKEN_SECRET` signs access tokens only; `LINK_SECRET` signs download and upload links, and keys
 * derived from it sign quiz draws and hash one-time codes. Both come from `.data/secrets.json` locally and Secrets Manager in AWS.
 */
export type Purpose = "token" | "link" | "quiz-draw" | "one-time-code";

const ENV: Record<Purpose, "TOKEN_SECRET" | "LINK_SECRET"> = {
  token: "TOKEN_SECRET",
  link: "LINK_SECRET",
  "quiz-draw": "LINK_SECRET",
  "one-time-code": "LINK_SECRET",
};

const derived = new Map<string, Uint8Array>();

export function secretKey(purpose: Purpose): Uint8Array {
  const name = ENV[purpose];
  const secret = process.env[name];
  if (!secret || secret.length < 32) throw new Error(`${name} must be set to at least 32 characters`);
  if (purpose === "token" || purpose === "link") return new TextEncoder().encode(secret);
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "kns", purpose, 32));
    derived.set(cacheKey, key);
  }
  return key;
}

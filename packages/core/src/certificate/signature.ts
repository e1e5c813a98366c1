import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

/**
 * Ed25519 signatures over the facts a certificate states. The private key comes from configuration
 * (CERT_SIGNING_KEY: PKCS#8 PEM); locally it is generated once under DATA_DIR, in AWS it is a secret.
 */
export interface SignedFacts {
  code: string;
  holderName: string;
  courseId: string;
  courseTitle: string;
  version: number;
  issuedAt: string;
}

/** Canonical bytes: fixed field order, NFC text, so the browser can rebuild exactly the same message. */
export function canonical(facts: SignedFacts): string {
  return JSON.stringify([facts.code, facts.holderName.normalize("NFC"), facts.courseId, facts.courseTitle.normalize("NFC"), facts.version, facts.issuedAt]);
}

let cachedKey: KeyObject | undefined;

function privateKey(): KeyObject {
  const pem = process.env.CERT_SIGNING_KEY;
  if (!pem) throw new Error("CERT_SIGNING_KEY is not configured");
  cachedKey ??= createPrivateKey(pem);
  return cachedKey;
}

export function signFacts(facts: SignedFacts): string {
  return sign(null, Buffer.from(canonical(facts)), privateKey()).toString("base64url");
}

export function verifyFacts(facts: SignedFacts, signature: string, publicKey: KeyObject = createPublicKey(privateKey())): boolean {
  try {
    return verify(null, Buffer.from(canonical(facts)), publicKey, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

/** The public key as raw 32 bytes (base64url), the form Web Crypto imports for offline checks. */
export function publicKeyRaw(): string {
  const jwk = createPublicKey(privateKey()).export({ format: "jwk" });
  return String(jwk.x);
}

export function generateSigningKey(): string {
  const { privateKey: key } = generateKeyPairSync("ed25519");
  return key.export({ format: "pem", type: "pkcs8" }).toString();
}

export function resetSigningKey() {
  cachedKey = undefined;
}

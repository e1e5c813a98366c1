import { fromBase64Url } from "../base64url";

/**
 * The certificate's QR code carries the facts it states and an Ed25519 signature over them:
 * `/verify/<CODE>?d=<base64url JSON {n,c,t,v,i}>&s=<base64url signature>`. The page checks the signature
 * here, with Web Crypto and the public key kept on the phone, so a certificate can be checked with no
 * network at all. The message is rebuilt exactly as the server signs it (core certificate/signature.ts).
 */
export interface SignedFacts {
  /** Holder's full name. */
  n: string;
  /** Course id. */
  c: string;
  /** Course title. */
  t: string;
  /** Course version. */
  v: number;
  /** Issued at (ISO). */
  i: string;
}

export function canonicalMessage(code: string, facts: SignedFacts): string {
  return JSON.stringify([code, facts.n.normalize("NFC"), facts.c, facts.t.normalize("NFC"), facts.v, facts.i]);
}

/** The facts from the link's `d`, or undefined when they are missing or damaged. */
export function readFacts(data: string | undefined): SignedFacts | undefined {
  if (!data) return undefined;
  const bytes = fromBase64Url(data);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Partial<SignedFacts>;
    if (
      typeof value.n === "string" &&
      typeof value.c === "string" &&
      typeof value.t === "string" &&
      typeof value.v === "number" &&
      typeof value.i === "string"
    ) {
      return { n: value.n, c: value.c, t: value.t, v: value.v, i: value.i };
    }
  } catch {
    // Not JSON, or not UTF-8: treated as no facts.
  }
  return undefined;
}

export type SignatureCheck = "valid" | "invalid" | "unsupported";

/** "unsupported": this browser has no Ed25519 in Web Crypto (older phones); the online lookup still works. */
export async function verifySignature(code: string, facts: SignedFacts, signature: string, publicKey: string): Promise<SignatureCheck> {
  const key = fromBase64Url(publicKey);
  const sig = fromBase64Url(signature);
  if (key?.length !== 32 || !sig || sig.length !== 64) return "invalid";
  let imported: CryptoKey;
  try {
    imported = await crypto.subtle.importKey("raw", key, { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return "unsupported";
  }
  try {
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, imported, sig, new TextEncoder().encode(canonicalMessage(code, facts)));
    return ok ? "valid" : "invalid";
  } catch {
    return "invalid";
  }
}

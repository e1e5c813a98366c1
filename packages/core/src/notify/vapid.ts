import { generateKeyPairSync } from "node:crypto";

/**
 * A Web Push (VAPID) key pair as browsers and web-push take it: the P-256 public key uncompressed (65 bytes) and
 * the private scalar (32 bytes), both base64url. Made with node:crypto alone, so the local secrets and the
 * deploy-time key filler (infra/signing-keys.ts) need no push library to make one.
 */
export function generateVapidKeys(): { vapidPublicKey: string; vapidPrivateKey: string } {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const jwk = privateKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return { vapidPublicKey: point.toString("base64url"), vapidPrivateKey: jwk.d! };
}

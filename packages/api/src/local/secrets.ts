import { randomBytes } from "node:crypto";
import { generateSigningKey } from "@kns/core/certificate/signature";
import { Notify } from "@kns/core/notify";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LocalSecrets {
  tokenSecret: string;
  /** Signs download and upload links and quiz draws: never the key that signs tokens. */
  linkSecret: string;
  certificateSigningKey: string;
  /** Web Push (VAPID) key pair, base64url: the public half goes to browsers, the private half signs pushes. */
  vapidPublicKey: string;
  vapidPrivateKey: string;
}

/**
 * Locally, signing keys are generated once under DATA_DIR and kept there (mode 600). In AWS they come from
 * Secrets Manager; production stages refuse to start without them (see lambda.ts).
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, "secrets.json");
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  if (stored.tokenSecret && stored.linkSecret && stored.certificateSigningKey && stored.vapidPublicKey && stored.vapidPrivateKey) return stored as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    ...stored,
    tokenSecret: stored.tokenSecret ?? randomBytes(48).toString("base64url"),
    linkSecret: stored.linkSecret ?? randomBytes(48).toString("base64url"),
    certificateSigningKey: stored.certificateSigningKey ?? generateSigningKey(),
    // The two halves are made together: a half alone is useless.
    ...(stored.vapidPublicKey && stored.vapidPrivateKey
      ? { vapidPublicKey: stored.vapidPublicKey, vapidPrivateKey: stored.vapidPrivateKey }
      : Notify.generateVapidKeys()),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

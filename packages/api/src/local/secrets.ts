import { randomBytes } from "node:crypto";
import { generateSigningKey } from "@kns/core/certificate/signature";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LocalSecrets {
  tokenSecret: string;
  /** Signs download and upload links and quiz draws: never the key that signs tokens. */
  linkSecret: string;
  certificateSigningKey: string;
}

/**
 * Locally, signing keys are generated once under DATA_DIR and kept there (mode 600). In AWS they come from
 * Secrets Manager; production stages refuse to start without them (see lambda.ts).
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, "secrets.json");
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  if (stored.tokenSecret && stored.linkSecret && stored.certificateSigningKey) return stored as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = {
    tokenSecret: stored.tokenSecret ?? randomBytes(48).toString("base64url"),
    linkSecret: stored.linkSecret ?? randomBytes(48).toString("base64url"),
    certificateSigningKey: stored.certificateSigningKey ?? generateSigningKey(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

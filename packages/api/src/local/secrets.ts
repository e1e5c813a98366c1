import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LocalSecrets {
  tokenSecret: string;
}

/**
 * Locally, signing keys are generated once under DATA_DIR and kept there (mode 600). In AWS they come from
 * Secrets Manager; production stages refuse to start without them (see lambda.ts).
 */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: LocalSecrets = { tokenSecret: randomBytes(48).toString("base64url") };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

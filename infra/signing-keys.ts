import { randomBytes } from "node:crypto";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { generateSigningKey } from "../packages/core/src/certificate/signature";
import { generateVapidKeys } from "../packages/core/src/notify/vapid";

/**
 * Deploy-time custom resource (bundled by infra/bundle.ts, run by CloudFormation through the CDK provider
 * framework): fills the API's secret with the signing keys it lacks, in the same JSON shape as the local
 * `.data/secrets.json` ({ tokenSecret, linkSecret, certificateSigningKey, vapidPublicKey, vapidPrivateKey }). Keys already present are never replaced: a new
 * certificate key would make every issued certificate unverifiable.
 *
 * CloudFormation itself cannot make an Ed25519 key (GenerateSecretString only makes passwords), and making keys
 * here keeps their values out of the template, `cdk.out` and the function configuration.
 */
const randomSecret = () => randomBytes(48).toString("base64url");

/**
 * Each generator makes keys that belong together, under the names the API reads. The Web Push (VAPID) pair is
 * made as one: if either half is missing both are made anew (a half alone signs or verifies nothing; browsers
 * subscribed with the old public key then subscribe again the next time the person turns push on).
 */
export const KEY_GENERATORS: readonly { names: readonly string[]; make: () => Record<string, string> }[] = [
  { names: ["tokenSecret"], make: () => ({ tokenSecret: randomSecret() }) },
  { names: ["linkSecret"], make: () => ({ linkSecret: randomSecret() }) },
  { names: ["certificateSigningKey"], make: () => ({ certificateSigningKey: generateSigningKey() }) },
  { names: ["vapidPublicKey", "vapidPrivateKey"], make: generateVapidKeys },
];

/** Every key the secret holds once filled. */
export const SIGNING_KEYS: readonly string[] = KEY_GENERATORS.flatMap((generator) => generator.names);

/** The secret's value with every missing key generated, or undefined when nothing is missing. */
export function withMissingKeys(current: Record<string, unknown>): Record<string, unknown> | undefined {
  const isMissing = (key: string) => typeof current[key] !== "string" || current[key] === "";
  const incomplete = KEY_GENERATORS.filter((generator) => generator.names.some(isMissing));
  if (incomplete.length === 0) return undefined;
  return { ...current, ...Object.assign({}, ...incomplete.map((generator) => generator.make())) };
}

let client: SecretsManagerClient | undefined;

export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  const secretId = String(event.ResourceProperties.SecretId);
  if (event.RequestType !== "Delete") {
    client ??= new SecretsManagerClient({});
    const stored = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const filled = withMissingKeys(JSON.parse(stored.SecretString || "{}") as Record<string, unknown>);
    if (filled) await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(filled) }));
  }
  // Deleting this resource leaves the secret alone; the secret's own removal policy decides its fate.
  return { PhysicalResourceId: secretId };
}

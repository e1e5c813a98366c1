import { randomBytes } from "node:crypto";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { generateSigningKey } from "../packages/core/src/certificate/signature";

/**
 * Deploy-time custom resource (bundled by infra/bundle.ts, run by CloudFormation through the CDK provider
 * framework): fills the API's secret with the signing keys it lacks, in the same JSON shape as the local
 * `.data/secrets.json` ({ tokenSecret, linkSecret, certificateSigningKey }). Keys already present are never replaced: a new
 * certificate key would make every issued certificate unverifiable.
 *
 * CloudFormation itself cannot make an Ed25519 key (GenerateSecretString only makes passwords), and making keys
 * here keeps their values out of the template, `cdk.out` and the function configuration.
 */
export const SIGNING_KEYS: Record<string, () => string> = {
  tokenSecret: () => randomBytes(48).toString("base64url"),
  linkSecret: () => randomBytes(48).toString("base64url"),
  certificateSigningKey: generateSigningKey,
};

/** The secret's value with every missing key generated, or undefined when nothing is missing. */
export function withMissingKeys(current: Record<string, unknown>): Record<string, unknown> | undefined {
  const missing = Object.keys(SIGNING_KEYS).filter((key) => typeof current[key] !== "string" || current[key] === "");
  if (missing.length === 0) return undefined;
  return { ...current, ...Object.fromEntries(missing.map((key) => [key, SIGNING_KEYS[key]!()])) };
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

/**
 * The signing-keys secret in AWS (`SECRETS_ARN`: one JSON secret, the shape of the local `.data/secrets.json`,
 * filled at deploy time by infra/signing-keys.ts), read once per cold start into the environment the code reads.
 *
 * - `"all"` (the API, lambda.ts): `tokenSecret`, `linkSecret` and `certificateSigningKey` are required; without
 *   them the function refuses to start. Keys already set in the environment win (tests, scripts).
 * - `"vapid-only"` (the worker, worker.ts): only the Web Push pair, and it is optional: without `SECRETS_ARN` or
 *   without the pair, push is unavailable. The worker never gets the token or link keys into its environment.
 *
 * In both cases the Web Push pair (`vapidPublicKey`, `vapidPrivateKey`) is set only when both halves are there.
 */
export type SecretsNeed = "all" | "vapid-only";

interface StoredSecrets {
  tokenSecret?: string;
  linkSecret?: string;
  certificateSigningKey?: string;
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
}

async function readSecret(arn: string): Promise<StoredSecrets> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({});
  const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  return JSON.parse(secret.SecretString ?? "{}") as StoredSecrets;
}

function setVapid(values: StoredSecrets) {
  if (values.vapidPublicKey && values.vapidPrivateKey) {
    process.env.VAPID_PUBLIC_KEY ??= values.vapidPublicKey;
    process.env.VAPID_PRIVATE_KEY ??= values.vapidPrivateKey;
  }
}

export async function loadSecrets(options: { require: SecretsNeed }): Promise<void> {
  const arn = process.env.SECRETS_ARN;
  if (options.require === "vapid-only") {
    if ((process.env.VAPID_PUBLIC_KEY && process.env.VAPID_PRIVATE_KEY) || !arn) return;
    setVapid(await readSecret(arn));
    return;
  }
  if (process.env.TOKEN_SECRET && process.env.LINK_SECRET && process.env.CERT_SIGNING_KEY) return;
  if (!arn) throw new Error("SECRETS_ARN is not set: refusing to start without signing keys");
  const values = await readSecret(arn);
  if (!values.tokenSecret || values.tokenSecret.length < 32) throw new Error("The signing secret has no tokenSecret of at least 32 characters");
  if (!values.linkSecret || values.linkSecret.length < 32) throw new Error("The signing secret has no linkSecret of at least 32 characters");
  if (!values.certificateSigningKey) throw new Error("The signing secret has no certificateSigningKey");
  process.env.TOKEN_SECRET ??= values.tokenSecret;
  process.env.LINK_SECRET ??= values.linkSecret;
  process.env.CERT_SIGNING_KEY ??= values.certificateSigningKey;
  setVapid(values);
}

import { resolve } from "node:path";
import { loadLocalSecrets } from "../../packages/api/src/local/secrets";
import { VisibleError } from "../../packages/core/src/error";
import { Staff } from "../../packages/core/src/staff";

export const summary = 'create the first national administrator: --phone 09… --name "…" [--another]; prints a one-time activation code';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

/**
 * Activation codes are stored as an HMAC under the stage's link secret, so the command needs the secret the
 * server uses: the local one under DATA_DIR, or the deployed stage's from Secrets Manager (SECRETS_ARN).
 */
async function loadSecrets() {
  if (process.env.LINK_SECRET) return;
  const arn = process.env.SECRETS_ARN;
  if (arn) {
    const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const client = new SecretsManagerClient({});
    const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    client.destroy();
    const values = JSON.parse(secret.SecretString ?? "{}") as { linkSecret?: string };
    if (!values.linkSecret) throw new Error(`The secret ${arn} has no linkSecret.`);
    process.env.LINK_SECRET = values.linkSecret;
    return;
  }
  if (process.env.TABLE_NAME && !process.env.DYNAMODB_ENDPOINT) {
    throw new Error("A deployed stage needs SECRETS_ARN (the stage's signing secret), so that the server accepts the activation code.");
  }
  process.env.LINK_SECRET = loadLocalSecrets(resolve(process.env.DATA_DIR ?? ".data")).linkSecret;
}

/**
 * `npm run setup -- national-admin --phone 0912345678 --name "Nguyễn Văn A"`: the first national administrator
 * of a fresh stage (docs/deploy.md). Creates a pending account holding admin at the nation and prints its
 * one-time activation code; the person sets their own password with it (/auth/activate, "Kích hoạt tài khoản").
 * Refuses when a national administrator exists, unless `--another` is given.
 */
export async function run(args: string[]): Promise<void> {
  const phone = option(args, "--phone");
  const fullName = option(args, "--name");
  if (!phone || !fullName) throw new Error('Usage: npm run setup -- national-admin --phone 09… --name "Full Name" [--another]');
  await loadSecrets();
  try {
    const result = await Staff.bootstrapNationalAdmin({ phone, fullName }, { another: args.includes("--another") });
    console.log(`National administrator: ${fullName} (${phone}), user id ${result.userId}.`);
    if (result.activationCode) {
      console.log(`One-time activation code: ${result.activationCode}  (valid until ${result.expiresAt})`);
      console.log("Hand it to them in person: they open the app, choose “Kích hoạt tài khoản” and set their own password.");
    } else {
      console.log("This person already has an active account: they sign in with their own password.");
    }
  } catch (err) {
    if (err instanceof VisibleError && err.code === "staff.national_admin_exists") {
      throw new Error("A national administrator exists already: they appoint others in the app. To add another one here anyway, run again with --another.");
    }
    if (Array.isArray((err as { issues?: unknown }).issues)) {
      const issues = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues;
      throw new Error(`Not valid: ${issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    }
    throw err;
  }
}

import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { bundleAll, describeBundle } from "./bundle";
import { KnsDeployRoleStack, stageRegions } from "./deploy-role";
import { codeFromBundles, stageStacks } from "./stack";
import { stageSettingsFromEnv } from "./stage-settings";

/**
 * `npm run synth`: CloudFormation templates for every stage in `cdk.out/`, offline and without AWS credentials:
 * per stage the edge stack (us-east-1: WAF, certificate) and the platform (KNS_REGION), with the stage parameters
 * from the environment as `sst deploy` would read them (infra/stage-settings.ts).
 * The Lambda bundles are real (built here with esbuild); the web app is `web/dist` when it has been built,
 * otherwise a one-page placeholder so the templates can still be reviewed (`sst deploy` insists on the real one).
 */
const STAGES = ["dev", "prod"] as const;
const ACCOUNT = "123456789012";
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

function siteDir() {
  const built = join(ROOT, "web/dist");
  if (existsSync(join(built, "index.html"))) return built;
  const placeholder = join(tmpdir(), "kns-synth-site");
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(join(placeholder, "index.html"), "<!doctype html><title>Kỹ Năng Số</title><p>web/dist was not built when this was synthesized.</p>\n");
  console.warn("web/dist/index.html not found: synthesizing with a placeholder page (run `npm run build` first for the real site).");
  return placeholder;
}

// Checked before the slow part, so a bad stage parameter fails at once with a sentence naming it.
const settings = stageSettingsFromEnv(process.env);

const bundles = bundleAll(ROOT, join(ROOT, "node_modules/.cache/kns-bundles"));
for (const [name, built] of Object.entries(bundles)) console.log(describeBundle(name, built, ROOT));

// A fresh cdk.out each time, so assets of earlier builds do not pile up beside the templates.
const outdir = join(ROOT, "cdk.out");
rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
const site = siteDir();
for (const stage of STAGES) {
  stageStacks(app, { stage, account: ACCOUNT, settings, code: codeFromBundles(bundles), siteDir: site });
}
// The GitHub Actions OIDC roles (docs/deploy.md "Deploying from GitHub Actions"), only when a repository is named:
// `KNS_GITHUB_REPO=owner/name npm run synth` → cdk.out/kns-github-deploy.template.json. Environment-agnostic: the
// account is whichever one it is deployed to. KNS_GITHUB_OIDC_PROVIDER_ARN reuses the account's GitHub provider.
// The roles act only in this stage's three regions (KNS_REGION, KNS_BACKUP_COPY_REGION and us-east-1).
const githubRepo = process.env.KNS_GITHUB_REPO ?? (app.node.tryGetContext("githubRepo") as string | undefined);
if (githubRepo) {
  new KnsDeployRoleStack(app, "kns-github-deploy", {
    repo: githubRepo,
    regions: stageRegions(settings),
    existingProviderArn: process.env.KNS_GITHUB_OIDC_PROVIDER_ARN || undefined,
  });
}
const assembly = app.synth();
for (const stack of assembly.stacks) console.log(`${stack.stackName}: ${join("cdk.out", stack.templateFile)}`);

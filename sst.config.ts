import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SSTConfig } from "sst";
import type { Stack } from "sst/constructs";
import { BackupCopyVault } from "./infra/backup-copy";
import { bundleAll, describeBundle } from "./infra/bundle";
import { KnsEdge, edgeOutputs } from "./infra/edge";
import { channelSettingsFromEnv } from "./infra/notify";
import { KnsPlatform, codeFromBundles, isProductionStage, outputs } from "./infra/stack";
import { stacksForRegion, stageSettingsFromEnv } from "./infra/stage-settings";

/**
 * SST v2 (the CDK-based SST): `npx sst deploy --stage dev|prod`. The platform is the plain aws-cdk-lib construct
 * from infra/stack.ts mounted into one SST stack per stage; SST adds stage-prefixed stack names, asset
 * publishing and `sst remove`. See docs/deploy.md.
 *
 * A stage spans regions (the edge in us-east-1, the platform in KNS_REGION, the backup copy vault in
 * KNS_BACKUP_COPY_REGION) and SST v2 deploys an app to one region per run, so each run mounts only the stacks of
 * its region (`stacksForRegion`): `sst deploy --stage prod --region us-east-1` and `--region <KNS_BACKUP_COPY_REGION>`
 * first, then `sst deploy --stage prod`.
 *
 * SST runs this file from the repository root after bundling it into a temporary module there, so paths are
 * taken from the working directory, not from `import.meta.url`.
 */
export default {
  config() {
    // SST calls this before it loads `.env.<stage>`, so KNS_REGION must be in the environment itself; `stacks`
    // below reads the settings again with the .env files loaded and refuses a region that does not match.
    return { name: "ky-nang-so", region: stageSettingsFromEnv(process.env).region };
  },
  stacks(app) {
    const settings = stageSettingsFromEnv(process.env);
    const plan = stacksForRegion(settings, app.region);
    let edgeStack: Stack | undefined;

    if (plan.edge) {
      app.stack(function Edge({ stack }) {
        edgeStack = stack;
        const edge = new KnsEdge(stack, "Edge", {
          stage: stack.stage,
          mainRegion: settings.region,
          domain: settings.domain,
          geoAllow: settings.geoAllow,
        });
        stack.addOutputs(edgeOutputs(edge));
      });
    }

    if (plan.main) {
      app.stack(function Kns({ stack }) {
        const root = process.cwd();
        if (!existsSync(join(root, "sst.config.ts"))) throw new Error("Run sst from the repository root (where sst.config.ts is).");
        const siteDir = process.env.KNS_SITE_DIR ?? join(root, "web/dist");
        if (!existsSync(join(siteDir, "index.html"))) throw new Error(`${siteDir}/index.html is missing: run \`npm run build\` before \`npx sst deploy\`.`);

        const bundles = bundleAll(root, join(root, ".sst/kns-bundles", stack.stage));
        for (const [name, built] of Object.entries(bundles)) console.log(describeBundle(name, built, root));

        const platform = new KnsPlatform(stack, "Kns", {
          stage: stack.stage,
          code: codeFromBundles(bundles),
          siteDir,
          alarmEmail: process.env.KNS_ALARM_EMAIL,
          restoredTableName: process.env.KNS_RESTORED_TABLE,
          domain: settings.domain,
          backupCopyRegion: settings.backupCopyRegion,
          // SMS and Zalo ZNS when configured (docs/deploy.md "Reminders and messages in AWS"); off otherwise.
          ...channelSettingsFromEnv(process.env),
        });
        stack.addOutputs(outputs(platform));
        // Only when KNS_REGION is us-east-1 do both go in one run; the platform reads the edge's SSM parameters.
        if (edgeStack) stack.addDependency(edgeStack);
      });
    }

    if (plan.backupCopy) {
      // The vault the platform's backup plan copies into by name (docs/restore.md, "Before").
      app.stack(function BackupCopy({ stack }) {
        const copy = new BackupCopyVault(stack, "BackupCopy", { stage: stack.stage, production: isProductionStage(stack.stage) });
        stack.addOutputs({ BackupCopyVaultName: copy.vault.backupVaultName });
      });
    }
  },
} satisfies SSTConfig;

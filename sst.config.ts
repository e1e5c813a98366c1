import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SSTConfig } from "sst";
import { bundleAll, describeBundle } from "./infra/bundle";
import { channelSettingsFromEnv } from "./infra/notify";
import { KnsPlatform, codeFromBundles, outputs } from "./infra/stack";

/**
 * SST v2 (the CDK-based SST): `npx sst deploy --stage dev|prod`. The platform is the plain aws-cdk-lib construct
 * from infra/stack.ts mounted into one SST stack per stage; SST adds stage-prefixed stack names, asset
 * publishing and `sst remove`. See docs/deploy.md.
 *
 * SST runs this file from the repository root after bundling it into a temporary module there, so paths are
 * taken from the working directory, not from `import.meta.url`.
 */
export default {
  config() {
    return { name: "ky-nang-so", region: "ap-southeast-1" };
  },
  stacks(app) {
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
        // SMS and Zalo ZNS when configured (docs/deploy.md "Reminders and messages in AWS"); off otherwise.
        ...channelSettingsFromEnv(process.env),
      });
      stack.addOutputs(outputs(platform));
    });
  },
} satisfies SSTConfig;

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "sst/constructs/App.js";
import { initProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";
import { beforeAll, describe, expect, it } from "vitest";
import { stubSite } from "./testing";

/**
 * `sst deploy` cannot run here (it needs AWS credentials), but everything before the upload can: this loads
 * sst.config.ts with SST's own loader (which bundles it like `sst deploy` does), mounts it into a real SST v2
 * App for each stage, builds the real Lambda bundles, and synthesizes.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");

/** A real SST v2 App, as `sst deploy --stage <stage> --region <region>` makes it. */
function sstApp(stage: string, region: string) {
  return new App(
    { mode: "deploy", stage, name: "ky-nang-so", region, account: "123456789012" },
    { outdir: join(ROOT, ".sst/test-cdk.out", `${stage}-${region}`) },
  );
}

/** Runs `work` with these stage parameters set (undefined: unset), then puts the environment back. */
async function withEnv(values: Record<string, string | undefined>, work: () => Promise<void>) {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    await work();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe("sst.config.ts under SST v2", () => {
  let config: Awaited<ReturnType<typeof load>>[1];

  beforeAll(async () => {
    process.env.KNS_SITE_DIR = stubSite();
    await initProject({ stage: "dev", root: ROOT });
    [, config] = await load(join(ROOT, "sst.config.ts"));
  });

  it("names the app, and takes its region from KNS_REGION (Singapore by default)", async () => {
    await withEnv({ KNS_REGION: undefined }, async () => {
      expect(await config.config({})).toEqual({ name: "ky-nang-so", region: "ap-southeast-1" });
    });
    await withEnv({ KNS_REGION: "ap-southeast-7" }, async () => {
      expect(await config.config({})).toEqual({ name: "ky-nang-so", region: "ap-southeast-7" });
    });
  });

  it("refuses a bad stage parameter with a sentence naming it", async () => {
    await withEnv({ KNS_REGION: "vn-hanoi-1" }, async () => {
      expect(() => config.config({})).toThrow(/KNS_REGION: "vn-hanoi-1" is not an AWS region/);
    });
    await withEnv({ KNS_GEO_ALLOW: "VN,XX" }, async () => {
      expect(() => config.stacks(sstApp("dev", "ap-southeast-1"))).toThrow(/KNS_GEO_ALLOW: "XX"/);
    });
  });

  it("mounts only the edge stack in us-east-1 (sst deploy --region us-east-1), with the WAF and, given a domain, the certificate", async () => {
    await withEnv({ KNS_DOMAIN: "kynangso.example.gov.vn", KNS_GEO_ALLOW: "VN" }, async () => {
      const app = sstApp("prod", "us-east-1");
      await config.stacks(app);
      const assembly = app.synth();
      expect(assembly.stacks.map((s) => [s.stackName, s.environment.region])).toEqual([["prod-ky-nang-so-Edge", "us-east-1"]]);
      const template = assembly.stacks[0]!.template as { Resources: Record<string, { Type: string; Properties: any }>; Outputs: Record<string, unknown> };
      const types = Object.values(template.Resources).map((r) => r.Type);
      expect(types).toEqual(expect.arrayContaining(["AWS::WAFv2::WebACL", "AWS::CertificateManager::Certificate", "Custom::EdgeParameter"]));
      const acl = Object.values(template.Resources).find((r) => r.Type === "AWS::WAFv2::WebACL")!;
      expect(acl.Properties.Scope).toBe("CLOUDFRONT");
      expect(acl.Properties.Rules.map((rule: { Name: string }) => rule.Name)).toContain("GeoAllowList");
      expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(["WebAclArn", "CertificateArn"]));
    });
  });

  it("mounts only the backup copy vault in KNS_BACKUP_COPY_REGION (sst deploy --region ap-southeast-2)", async () => {
    const app = sstApp("prod", "ap-southeast-2");
    await config.stacks(app);
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => [s.stackName, s.environment.region])).toEqual([["prod-ky-nang-so-BackupCopy", "ap-southeast-2"]]);
    const template = assembly.stacks[0]!.template as { Resources: Record<string, { Type: string; Properties: any }> };
    const vaults = Object.values(template.Resources).filter((r) => r.Type === "AWS::Backup::BackupVault");
    expect(vaults.map((vault) => vault.Properties.BackupVaultName)).toEqual(["kns-prod-backup-copy"]);
  });

  it("refuses a region in which the stage has no stack, instead of deploying an empty app there", async () => {
    expect(() => config.stacks(sstApp("dev", "eu-west-1"))).toThrow(/nothing in eu-west-1/);
  });

  it("shares one aws-cdk-lib with SST: the version SST v2 pins, installed once", () => {
    const fromSst = createRequire(join(ROOT, "node_modules/sst/package.json"));
    const fromInfra = createRequire(join(ROOT, "infra/package.json"));
    expect(fromSst.resolve("aws-cdk-lib")).toBe(fromInfra.resolve("aws-cdk-lib"));
    const pinned = (JSON.parse(readFileSync(join(ROOT, "node_modules/sst/package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies[
      "aws-cdk-lib"
    ];
    const installed = (JSON.parse(readFileSync(fromInfra.resolve("aws-cdk-lib/package.json"), "utf8")) as { version: string }).version;
    expect(installed).toBe(pinned);
  });

  it.each(["dev", "prod"])("mounts the platform into one %s stack with the real bundles and the site URL output", async (stage) => {
    const app = sstApp(stage, "ap-southeast-1");
    await config.stacks(app);
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual([`${stage}-ky-nang-so-Kns`]);
    const stack = assembly.stacks[0]!;
    const template = stack.template as { Resources: Record<string, { Type: string; Properties: any }>; Outputs: Record<string, unknown> };
    expect(Object.keys(template.Outputs)).toContain("SiteUrl");

    const tables = Object.values(template.Resources).filter((r) => r.Type === "AWS::DynamoDB::Table");
    expect(tables).toHaveLength(1);
    expect(tables[0]!.Properties.DeletionProtectionEnabled).toBe(stage === "prod");

    for (const part of ["ApiHandlerFunction", "JobsWorkerFunction"]) {
      const [, fn] = Object.entries(template.Resources).find(([id]) => id.includes(part))!;
      expect(fn.Properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
      const assetDir = join(stack.assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, "")}`);
      // The real bundle: the entry plus its chunks (code splitting), far more than a stub would be.
      const chunks = join(assetDir, "chunks");
      const total = statSync(join(assetDir, "index.mjs")).size + readdirSync(chunks).reduce((sum, file) => sum + statSync(join(chunks, file)).size, 0);
      expect(total).toBeGreaterThan(500_000);
      expect(existsSync(join(assetDir, "index.mjs.map"))).toBe(true);
      if (part === "ApiHandlerFunction") expect(existsSync(join(assetDir, "fonts/NotoSans-Bold.ttf"))).toBe(true);
    }

    // The edge stack's WAF, read from the SSM parameter it writes into this region.
    const parameters = (stack.template as { Parameters: Record<string, { Type: string; Default: string }> }).Parameters;
    const distribution = Object.values(template.Resources).find((r) => r.Type === "AWS::CloudFront::Distribution")!;
    expect(parameters[distribution.Properties.DistributionConfig.WebACLId.Ref]).toEqual({
      Type: "AWS::SSM::Parameter::Value<String>",
      Default: `/ky-nang-so/${stage}/edge/web-acl-arn`,
    });
  });

  it("mounts both in one run when KNS_REGION is us-east-1, the platform after the edge", async () => {
    await withEnv({ KNS_REGION: "us-east-1" }, async () => {
      const app = sstApp("dev", "us-east-1");
      await config.stacks(app);
      const assembly = app.synth();
      expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(["dev-ky-nang-so-Edge", "dev-ky-nang-so-Kns"]);
      const main = assembly.stacks.find((s) => s.stackName === "dev-ky-nang-so-Kns")!;
      expect(main.dependencies.map((dependency) => dependency.id)).toContain("dev-ky-nang-so-Edge");
    });
  });
});

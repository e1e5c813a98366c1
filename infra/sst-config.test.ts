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

describe("sst.config.ts under SST v2", () => {
  let config: Awaited<ReturnType<typeof load>>[1];

  beforeAll(async () => {
    process.env.KNS_SITE_DIR = stubSite();
    await initProject({ stage: "dev", root: ROOT });
    [, config] = await load(join(ROOT, "sst.config.ts"));
  });

  it("names the app and region", async () => {
    expect(await config.config({})).toEqual({ name: "ky-nang-so", region: "ap-southeast-1" });
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
    const app = new App(
      { mode: "deploy", stage, name: "ky-nang-so", region: "ap-southeast-1", account: "123456789012" },
      { outdir: join(ROOT, ".sst/test-cdk.out", stage) },
    );
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
      expect(fn.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Handler: "index.handler" });
      const assetDir = join(stack.assembly.directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, "")}`);
      // The real bundle: the entry plus its chunks (code splitting), far more than a stub would be.
      const chunks = join(assetDir, "chunks");
      const total = statSync(join(assetDir, "index.mjs")).size + readdirSync(chunks).reduce((sum, file) => sum + statSync(join(chunks, file)).size, 0);
      expect(total).toBeGreaterThan(500_000);
      expect(existsSync(join(assetDir, "index.mjs.map"))).toBe(true);
      if (part === "ApiHandlerFunction") expect(existsSync(join(assetDir, "fonts/NotoSans-Bold.ttf"))).toBe(true);
    }
  });
});

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { App, CfnOutput, Duration, Stack } from "aws-cdk-lib";
import * as backup from "aws-cdk-lib/aws-backup";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { describe, expect, it } from "vitest";
import { NODE_TARGET } from "./bundle";
import { NodeFunction } from "./lambda-function";

/**
 * One Node for the functions, written in four places that must agree (docs/deploy.md, "Runtime and
 * dependencies"): the Lambda runtime (infra/lambda-function.ts), the esbuild target of the bundles
 * (infra/bundle.ts), the `engines` of the package the functions run (packages/api), and CI's Node
 * (infra/workflows.test.ts). And the aws-cdk-lib that SST v2 pins, which has to offer that runtime.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), "../..");
const readJson = <T>(path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as T;
type PackageJson = { engines?: { node?: string }; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

/** The major version of the Node that every function of ours runs: all three are NodeFunctions. */
function functionsNodeMajor(): number {
  const stack = new Stack(new App(), "Runtime", { env: { account: "123456789012", region: "ap-southeast-1" } });
  const fn = new NodeFunction(stack, "Fn", {
    code: lambda.Code.fromInline("export const handler = async () => ({});"),
    description: "runtime probe",
    memorySize: 128,
    timeout: Duration.seconds(3),
    environment: {},
    production: false,
  });
  const name = fn.function.runtime.name;
  const major = /^nodejs(\d+)\.x$/.exec(name)?.[1];
  if (!major) throw new Error(`not a Node.js runtime: ${name}`);
  return Number(major);
}

/** `>=24` or `>=20.19`: the only form of range used here, so its lower bound is exact. */
function lowerBound(range: string | undefined): { major: number; minor: number } {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(range ?? "");
  if (!match) throw new Error(`engines.node should read ">=<version>", not ${JSON.stringify(range)}`);
  return { major: Number(match[1]), minor: Number(match[2] ?? 0) };
}

describe("the functions' Node", () => {
  const major = functionsNodeMajor();

  it("is Node 24 on Lambda", () => {
    expect(major).toBe(24);
  });

  it("is the esbuild target of every bundle", () => {
    expect(NODE_TARGET).toBe(`node${major}`);
  });

  it("is what the deployed package's engines ask for, exactly", () => {
    // Not merely admitted by the range: a runtime moved without the engines (or the other way round) fails here.
    expect(lowerBound(readJson<PackageJson>("packages/api/package.json").engines?.node).major).toBe(major);
  });

  it("is inside the development range of the root package.json, which may start lower so `npm start` runs on older Node", () => {
    expect(lowerBound(readJson<PackageJson>("package.json").engines?.node).major).toBeLessThanOrEqual(major);
  });
});

describe("aws-cdk-lib under SST v2", () => {
  type Lock = { packages: Record<string, { version?: string }> };
  const lock = readJson<Lock>("package-lock.json");

  it("is installed once, at the version sst pins and infra declares", () => {
    const copies = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/aws-cdk-lib$/.test(path));
    expect(copies.map(([path]) => path)).toEqual(["node_modules/aws-cdk-lib"]);
    const sst = readJson<PackageJson>("node_modules/sst/package.json");
    const infra = readJson<PackageJson>("infra/package.json");
    expect(copies[0]![1].version).toBe(sst.dependencies!["aws-cdk-lib"]);
    expect(infra.devDependencies!["aws-cdk-lib"]).toBe(sst.dependencies!["aws-cdk-lib"]);
  });

  it("has the Node 24 runtime and the constructs issue 21 uses", () => {
    expect(lambda.Runtime.NODEJS_24_X.name).toBe("nodejs24.x");
    expect(typeof wafv2.CfnWebACL).toBe("function");
    expect(typeof origins.S3BucketOrigin.withOriginAccessControl).toBe("function");
    expect(typeof backup.BackupVault).toBe("function");
  });

  it("passes a value from a us-east-1 stack to a stack in another region (crossRegionReferences)", () => {
    // The edge stack's web ACL (CloudFront wants it, and the certificate, in us-east-1) reaches the main stack.
    const app = new App();
    const account = "123456789012";
    const edge = new Stack(app, "Edge", { env: { account, region: "us-east-1" }, crossRegionReferences: true });
    const main = new Stack(app, "Main", { env: { account, region: "ap-southeast-1" }, crossRegionReferences: true });
    const acl = new wafv2.CfnWebACL(edge, "Acl", {
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: false, metricName: "acl", sampledRequestsEnabled: false },
    });
    new CfnOutput(main, "AclArn", { value: acl.attrArn });
    const assembly = app.synth();
    const types = (name: string) =>
      Object.values((assembly.getStackByName(name).template as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type);
    expect(types("Edge")).toContain("Custom::CrossRegionExportWriter");
    expect(types("Main")).toContain("Custom::CrossRegionExportReader");
  });
});

import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { KnsStack, type KnsPlatformProps } from "./stack";

/**
 * For assertion tests: the stack synthesized with a stub Lambda bundle and a one-page site, so the tests stay
 * fast. bundle.int.test.ts builds and runs the real bundles; sst-config.test.ts synthesizes with them.
 */
export const TEST_ENV = { account: "123456789012", region: "ap-southeast-1" };

/** A directory of `files` under the OS temp dir, one per test process. */
export function fixtureDir(name: string, files: Record<string, string>) {
  const dir = join(tmpdir(), `kns-infra-fixture-${process.pid}`, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

export function stubCode() {
  const dir = fixtureDir("lambda", { "index.mjs": "export const handler = async () => ({});\n" });
  return { api: lambda.Code.fromAsset(dir), worker: lambda.Code.fromAsset(dir), signingKeys: lambda.Code.fromAsset(dir) };
}

export function stubSite() {
  return fixtureDir("site", { "index.html": "<!doctype html><title>test</title>\n", "sw.js": "" });
}

export function synthStack(stage: string, overrides: Partial<KnsPlatformProps> = {}) {
  const app = new App();
  const stack = new KnsStack(app, `kns-${stage}`, { env: TEST_ENV, stage, code: stubCode(), siteDir: stubSite(), ...overrides });
  return { stack, template: Template.fromStack(stack) };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are free-form JSON that assertions read by path.
export type CfnResource = { Type: string; Properties?: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** The one resource of `type` whose logical id contains `idPart` (logical ids are path-derived, e.g. `KnsApiHandlerFunction…`). */
export function resource(template: Template, type: string, idPart: string): { id: string; resource: CfnResource } {
  const matches = Object.entries(template.findResources(type) as Record<string, CfnResource>).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) throw new Error(`expected one ${type} with "${idPart}" in its id, found ${matches.map(([id]) => id).join(", ") || "none"}`);
  const [id, found] = matches[0]!;
  return { id, resource: found };
}

/** Logical ids a value refers to through Ref or Fn::GetAtt, anywhere inside it. */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      if (key === "Ref" && typeof child === "string" && !child.startsWith("AWS::")) ids.add(child);
      else if (key === "Fn::GetAtt" && Array.isArray(child)) ids.add(String(child[0]));
      else visit(child);
    }
  };
  visit(value);
  return ids;
}

/** Every IAM policy statement attached to the role with logical id `roleId` (inline and `AWS::IAM::Policy`). */
export function statementsOfRole(template: Template, roleId: string): Array<{ Effect: string; Action: string | string[]; Resource: unknown }> {
  const role = template.toJSON().Resources[roleId] as CfnResource;
  const inline = (role.Properties?.Policies ?? []).flatMap((policy: { PolicyDocument: { Statement: unknown[] } }) => policy.PolicyDocument.Statement);
  const attached = Object.values(template.findResources("AWS::IAM::Policy") as Record<string, CfnResource>)
    .filter((policy) => (policy.Properties?.Roles ?? []).some((r: unknown) => referencedIds(r).has(roleId)))
    .flatMap((policy) => policy.Properties!.PolicyDocument.Statement);
  return [...inline, ...attached];
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * What X-Ray active tracing adds to every function's role (infra/lambda-function.ts). These two actions have no
 * resource-level permissions in IAM, so the statement names `*`; it is the only one that may.
 */
export const TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/** A role's statements less exactly the tracing one, for checks that nothing else names `*`. */
export function withoutTracing<S extends { Action: string | string[]; Resource: unknown }>(statements: S[]): S[] {
  const isTracing = (s: S) =>
    s.Resource === "*" && asArray(s.Action).length === TRACING_ACTIONS.length && asArray(s.Action).every((a) => TRACING_ACTIONS.includes(a));
  return statements.filter((s) => !isTracing(s));
}

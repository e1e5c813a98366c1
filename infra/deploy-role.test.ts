import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { KnsDeployRoleStack } from "./deploy-role";

const REPO = "kns-org/ky-nang-so";

function synth(props: { existingProviderArn?: string } = {}) {
  const app = new App();
  const stack = new KnsDeployRoleStack(app, "kns-github-deploy", { repo: REPO, ...props });
  return Template.fromStack(stack);
}

/** A CloudFormation value as one string: `Fn::Join` flattened, `Ref`s as `<Name>`. */
function flat(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const v = value as Record<string, any>;
    if ("Ref" in v) return `<${v.Ref}>`;
    if ("Fn::Join" in v) return (v["Fn::Join"][1] as unknown[]).map(flat).join(v["Fn::Join"][0]);
    if ("Fn::GetAtt" in v) return `<${(v["Fn::GetAtt"] as string[]).join(".")}>`;
  }
  return JSON.stringify(value);
}
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: any };

function roles(template: Template) {
  const all = template.findResources("AWS::IAM::Role");
  const byDescription = (part: string) => {
    const found = Object.entries(all).filter(([, r]) => String(r.Properties.Description).includes(part));
    expect(found).toHaveLength(1);
    return found[0]![0];
  };
  return { all, deploy: byDescription("sst deploy"), diff: byDescription("sst diff") };
}

/** Every statement of the inline policies attached to a role (CDK puts them in AWS::IAM::Policy resources). */
function permissions(template: Template, roleId: string): Statement[] {
  const policies = Object.values(template.findResources("AWS::IAM::Policy")).filter((p) =>
    (p.Properties.Roles as unknown[]).some((r) => flat(r) === `<${roleId}>`),
  );
  const managed = template.findResources("AWS::IAM::ManagedPolicy");
  expect(Object.keys(managed)).toHaveLength(0);
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe("KnsDeployRole: GitHub Actions OIDC", () => {
  const template = synth();
  const { all, deploy, diff } = roles(template);

  it("creates GitHub's OIDC provider for the STS audience (native resource, no custom-resource Lambda)", () => {
    template.resourceCountIs("AWS::IAM::OIDCProvider", 1);
    template.hasResourceProperties("AWS::IAM::OIDCProvider", { Url: "https://token.actions.githubusercontent.com", ClientIdList: ["sts.amazonaws.com"] });
    template.resourceCountIs("AWS::Lambda::Function", 0);
  });

  it("has exactly two roles, and no managed policy (no ReadOnlyAccess, no AdministratorAccess)", () => {
    expect(Object.keys(all)).toHaveLength(2);
    for (const role of Object.values(all)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each([
    ["deploy", () => deploy, [`repo:${REPO}:ref:refs/heads/main`, `repo:${REPO}:environment:prod`]],
    ["diff", () => diff, [`repo:${REPO}:pull_request`]],
  ])("trusts only the %s subjects, with the STS audience, through the provider", (_name, id, subjects) => {
    const trust = all[id()]!.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toHaveLength(1);
    const [statement] = trust;
    expect(statement!.Effect).toBe("Allow");
    expect(statement!.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(flat((statement!.Principal as any).Federated)).toMatch(/^<GithubGithubOidc/);
    // Exact matches only: no StringLike, no wildcard in a subject.
    expect(Object.keys(statement!.Condition)).toEqual(["StringEquals"]);
    expect(statement!.Condition.StringEquals).toEqual({
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": subjects,
    });
  });

  it("never trusts tag pushes directly (the prod job must come through the approved environment)", () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain("refs/tags");
    expect(json).not.toContain("StringLike");
  });

  it("has no `*` principal anywhere", () => {
    const json = template.toJSON();
    const principals: unknown[] = [];
    JSON.stringify(json, (key, value) => {
      if (key === "Principal") principals.push(value);
      return value;
    });
    expect(principals.length).toBeGreaterThan(0);
    for (const p of principals) {
      expect(p).not.toBe("*");
      for (const v of Object.values(p as Record<string, unknown>)) expect(list(v)).not.toContain("*");
    }
  });

  it("lets the deploy role assume only the CDK bootstrap roles cdk-* of its own account", () => {
    const statements = permissions(template, deploy);
    const sts = statements.filter((s) => list(s.Action).some((a) => a.startsWith("sts:") || a === "*"));
    expect(sts).toHaveLength(1);
    expect(sts[0]!.Action).toBe("sts:AssumeRole");
    expect(list(sts[0]!.Resource).map(flat)).toEqual(["arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*"]);
  });

  it("lets the deploy role pass only CDK's execution role, and only to CloudFormation", () => {
    const passRole = permissions(template, deploy).filter((s) => list(s.Action).some((a) => a.startsWith("iam:")));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]!.Action).toBe("iam:PassRole");
    expect(list(passRole[0]!.Resource).map(flat)).toEqual(["arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*-cfn-exec-role-*"]);
    expect(passRole[0]!.Condition).toEqual({ StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } });
  });

  it("scopes the deploy role's direct CloudFormation and S3 rights to the SST app's stacks and bootstrap", () => {
    for (const s of permissions(template, deploy)) {
      expect(s.Effect).toBe("Allow");
      expect(list(s.Action)).not.toContain("*");
      for (const action of list(s.Action)) expect(action).toMatch(/^(sts:AssumeRole|iam:PassRole|cloudformation:[A-Za-z]+|s3:(Get|Put)Object)$/);
      const resources = list(s.Resource).map(flat);
      if (resources.includes("*")) expect(s.Action).toBe("cloudformation:ListImports");
      for (const r of resources.filter((r) => r.startsWith("arn:<AWS::Partition>:s3")))
        expect(r).toMatch(/^arn:<AWS::Partition>:s3:::(sstbootstrap-\*\/appMetadata|cdk-\*-assets-<AWS::AccountId>-<AWS::Region>)\/\*$/);
      for (const r of resources.filter((r) => r.startsWith("arn:<AWS::Partition>:cloudformation")))
        expect(r).toMatch(/:stack\/(\*-ky-nang-so-\*|CDKToolkit|SSTBootstrap)\/\*$/);
    }
  });

  it("gives the pull-request role no sts, iam, write or wildcard rights: it reads the stacks' templates", () => {
    const statements = permissions(template, diff);
    const actions = statements.flatMap((s) => list(s.Action));
    expect(new Set(actions)).toEqual(new Set(["cloudformation:DescribeStacks", "cloudformation:GetTemplate"]));
    for (const s of statements) for (const r of list(s.Resource).map(flat)) expect(r).toMatch(/^arn:<AWS::Partition>:cloudformation:.*:stack\//);
  });

  it("keeps role descriptions within IAM's character set (Latin-1, no arrows or Vietnamese letters)", () => {
    for (const role of Object.values(all)) expect(role.Properties.Description).toMatch(/^[\t\n\r\u0020-\u007E\u00A1-\u00FF]{1,1000}$/);
  });

  it("outputs both role ARNs for the repository variables", () => {
    const outputs = template.findOutputs("*");
    expect(Object.keys(outputs).sort()).toEqual(["DeployRoleArn", "DiffRoleArn"]);
  });

  it("deploys without CDK's bootstrap rule, so the template also works with plain `aws cloudformation deploy`", () => {
    const json = template.toJSON();
    expect(json.Rules).toBeUndefined();
    expect(json.Parameters).toBeUndefined();
  });

  it("reuses an existing provider instead of creating a second one", () => {
    const arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    const reused = synth({ existingProviderArn: arn });
    reused.resourceCountIs("AWS::IAM::OIDCProvider", 0);
    const r = roles(reused);
    const trust = r.all[r.deploy]!.Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal).toEqual({ Federated: arn });
  });

  it("rejects a repository that is not owner/name", () => {
    expect(() => new KnsDeployRoleStack(new App(), "x", { repo: "ky-nang-so" })).toThrow(/owner\/name/);
    expect(() => new KnsDeployRoleStack(new App(), "y", { repo: "a/b:ref:*" })).toThrow(/owner\/name/);
  });
});

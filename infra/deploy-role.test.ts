import { App, Aws } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DEPLOY_SESSION_HOURS, KnsDeployRoleStack, stageRegions } from "./deploy-role";
import { edgeParameterName } from "./edge";
import { stageStacks } from "./stack";
import { stageSettingsFromEnv } from "./stage-settings";
import { stubCode, stubSite } from "./testing";

const REPO = "kns-org/ky-nang-so";
/** A stage's three regions as `stageRegions` gives them for the defaults: platform, edge, backup copy. */
const REGIONS = ["ap-southeast-1", "us-east-1", "ap-southeast-2"];

function synth(props: { existingProviderArn?: string; regions?: string[] } = {}) {
  const app = new App();
  const stack = new KnsDeployRoleStack(app, "kns-github-deploy", { repo: REPO, regions: REGIONS, ...props });
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

const ACCOUNT = "111122223333";
/** IAM's wildcards: `*` any run of characters (slashes included), `?` one. */
const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

/**
 * Whether the statements allow `action` on `arn` in account ACCOUNT of the `aws` partition: IAM's evaluation for
 * identity policies without Deny (none here). A statement with conditions applies only when `context` meets its
 * StringEquals, its only operator here.
 */
function allows(statements: Statement[], action: string, arn: string, context: Record<string, string> = {}) {
  return statements.some((s) => {
    if (s.Effect !== "Allow" || !list(s.Action).some((a) => glob(a).test(action))) return false;
    if (s.Condition && !Object.entries(s.Condition.StringEquals ?? { never: "" }).every(([key, value]) => context[key] === value)) return false;
    return list(s.Resource)
      .map(flat)
      .some((r) => glob(r.replaceAll("<AWS::Partition>", "aws").replaceAll("<AWS::AccountId>", ACCOUNT)).test(arn));
  });
}
const cfnStack = (region: string, name: string) => `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${name}/4f1e2a30-0000-11f0-8000-0a1b2c3d4e5f`;
const cdkRole = (region: string, kind: string) => `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-${kind}-${ACCOUNT}-${region}`;
/** The names CloudFormation gives SST's bootstrap bucket: stack, construct id (the region without dashes) and hash, random suffix. */
const sstBucket = (region: string) => `arn:aws:s3:::sstbootstrap-${region.replaceAll("-", "")}ed77e74f-1a2b3c4d5e6f`;

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

  it("lets the deploy role assume only CDK's deploy and file-publishing bootstrap roles of the stage's regions", () => {
    const statements = permissions(template, deploy);
    const sts = statements.filter((s) => list(s.Action).some((a) => a.startsWith("sts:") || a === "*"));
    expect(sts).toHaveLength(1);
    expect(sts[0]!.Action).toBe("sts:AssumeRole");
    expect(list(sts[0]!.Resource).map(flat).sort()).toEqual(
      REGIONS.flatMap((region) =>
        ["deploy-role", "file-publishing-role"].map(
          (kind) => `arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hnb659fds-${kind}-<AWS::AccountId>-${region}`,
        ),
      ).sort(),
    );
    for (const region of REGIONS) expect(allows(statements, "sts:AssumeRole", cdkRole(region, "cfn-exec-role"))).toBe(false);
    expect(allows(statements, "sts:AssumeRole", cdkRole("ap-southeast-1", "lookup-role"))).toBe(false);
  });

  it("lets the deploy role pass only CDK's execution roles of the stage's regions, and only to CloudFormation", () => {
    const statements = permissions(template, deploy);
    const passRole = statements.filter((s) => list(s.Action).some((a) => a.startsWith("iam:")));
    expect(passRole).toHaveLength(1);
    expect(passRole[0]!.Action).toBe("iam:PassRole");
    expect(list(passRole[0]!.Resource).map(flat).sort()).toEqual(
      REGIONS.map((region) => `arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hnb659fds-cfn-exec-role-<AWS::AccountId>-${region}`).sort(),
    );
    expect(passRole[0]!.Condition).toEqual({ StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } });
    const toCloudFormation = { "iam:PassedToService": "cloudformation.amazonaws.com" };
    for (const region of REGIONS) expect(allows(statements, "iam:PassRole", cdkRole(region, "cfn-exec-role"), toCloudFormation)).toBe(true);
    expect(allows(statements, "iam:PassRole", cdkRole("ap-southeast-1", "cfn-exec-role"), { "iam:PassedToService": "lambda.amazonaws.com" })).toBe(false);
  });

  it("scopes the deploy role's direct CloudFormation and S3 rights to the SST app's stacks and bootstrap", () => {
    for (const s of permissions(template, deploy)) {
      expect(s.Effect).toBe("Allow");
      expect(list(s.Action)).not.toContain("*");
      for (const action of list(s.Action))
        expect(action).toMatch(/^(sts:AssumeRole|iam:PassRole|cloudformation:[A-Za-z]+|s3:(Get|Put)Object|ssm:GetParameters?)$/);
      const resources = list(s.Resource).map(flat);
      if (resources.includes("*")) expect(s.Action).toBe("cloudformation:ListImports");
      for (const r of resources.filter((r) => r.startsWith("arn:<AWS::Partition>:s3")))
        expect(r).toMatch(/^arn:<AWS::Partition>:s3:::(sstbootstrap-[a-z]+\d\*\/appMetadata|cdk-hnb659fds-assets-<AWS::AccountId>-[a-z]+(-[a-z]+)+-\d)\/\*$/);
      for (const r of resources.filter((r) => r.startsWith("arn:<AWS::Partition>:cloudformation")))
        expect(r).toMatch(/:stack\/(\*-ky-nang-so-\*|CDKToolkit|SSTBootstrap)\/\*$/);
      for (const r of resources.filter((r) => r.startsWith("arn:<AWS::Partition>:ssm")))
        expect(r).toMatch(/:parameter\/(cdk-bootstrap\/hnb659fds\/version|ky-nang-so\/\*\/edge\/(web-acl-arn|certificate-arn))$/);
    }
  });

  it("lets the deploy role read the SSM parameters the templates take, which CloudFormation resolves with the caller's rights", () => {
    const statements = permissions(template, deploy);
    const parameter = (region: string, name: string) => `arn:aws:ssm:${region}:${ACCOUNT}:parameter${name}`;
    for (const region of REGIONS) {
      // Every SST stack's BootstrapVersion parameter, and the main stack's references to the edge's ARNs.
      expect(allows(statements, "ssm:GetParameters", parameter(region, "/cdk-bootstrap/hnb659fds/version"))).toBe(true);
      for (const name of [edgeParameterName("prod", "web-acl-arn"), edgeParameterName("dev", "certificate-arn")])
        expect(allows(statements, "ssm:GetParameters", parameter(region, name)), name).toBe(true);
      for (const name of ["/ky-nang-so/prod/secrets/zalo", "/cdk-bootstrap/other/version", "/someone/else"])
        expect(allows(statements, "ssm:GetParameters", parameter(region, name)), name).toBe(false);
    }
    expect(allows(statements, "ssm:GetParameters", parameter("eu-west-1", "/cdk-bootstrap/hnb659fds/version"))).toBe(false);
  });

  it("covers every SSM-typed parameter of a stage's three templates, in its stack's region", () => {
    const statements = permissions(template, deploy);
    const app = new App();
    const settings = stageSettingsFromEnv({ KNS_DOMAIN: "kynangso.example.gov.vn" });
    const stacks = stageStacks(app, { stage: "prod", account: ACCOUNT, settings, code: stubCode(), siteDir: stubSite() });
    const taken = Object.values(stacks).flatMap((stack) =>
      Object.values((app.synth().getStackByName(stack.stackName).template.Parameters ?? {}) as Record<string, { Type: string; Default?: string }>)
        .filter((p) => p.Type.startsWith("AWS::SSM::Parameter::Value"))
        .map((p) => ({ region: stack.region, name: p.Default! })),
    );
    // The three stacks' BootstrapVersion, and the main stack's two references to the edge: a new one in a template
    // is refused by CloudFormation until the role may read it.
    expect(taken.map((p) => p.name).sort()).toEqual([
      "/cdk-bootstrap/hnb659fds/version",
      "/cdk-bootstrap/hnb659fds/version",
      "/cdk-bootstrap/hnb659fds/version",
      "/ky-nang-so/prod/edge/certificate-arn",
      "/ky-nang-so/prod/edge/web-acl-arn",
    ]);
    for (const { region, name } of taken) expect(allows(statements, "ssm:GetParameters", `arn:aws:ssm:${region}:${ACCOUNT}:parameter${name}`), name).toBe(true);
  });

  it("lets the deploy role deploy the app's stacks and SST's bootstrap stack in each of the stage's three regions", () => {
    const statements = permissions(template, deploy);
    for (const region of REGIONS) {
      for (const stack of ["dev-ky-nang-so-Edge", "prod-ky-nang-so-BackupCopy", "prod-ky-nang-so-Kns"])
        for (const action of ["CreateStack", "UpdateStack", "DescribeStacks", "DescribeStackEvents", "DescribeStackResources", "GetTemplate", "TagResource"])
          expect(allows(statements, `cloudformation:${action}`, cfnStack(region, stack)), `${action} ${stack} in ${region}`).toBe(true);
      for (const action of ["CreateStack", "UpdateStack", "DescribeStacks", "DescribeStackEvents", "DescribeStackResources"])
        expect(allows(statements, `cloudformation:${action}`, cfnStack(region, "SSTBootstrap")), `${action} SSTBootstrap in ${region}`).toBe(true);
      expect(allows(statements, "cloudformation:DescribeStacks", cfnStack(region, "CDKToolkit"))).toBe(true);
      expect(allows(statements, "s3:GetObject", `arn:aws:s3:::cdk-hnb659fds-assets-${ACCOUNT}-${region}/0a1b2c.json`)).toBe(true);
      for (const action of ["s3:GetObject", "s3:PutObject"])
        expect(allows(statements, action, `${sstBucket(region)}/appMetadata/app.ky-nang-so/stage.prod.json`)).toBe(true);
      // Bootstrapping CDK, deleting the shared bootstrap stacks, and anything else in SST's bucket stay out of reach.
      for (const action of ["UpdateStack", "CreateStack", "DeleteStack"])
        expect(allows(statements, `cloudformation:${action}`, cfnStack(region, "CDKToolkit"))).toBe(false);
      expect(allows(statements, "cloudformation:DeleteStack", cfnStack(region, "SSTBootstrap"))).toBe(false);
      expect(allows(statements, "s3:PutObject", `${sstBucket(region)}/stackMetadata/app.other/stage.prod/stack.x.json`)).toBe(false);
      expect(allows(statements, "cloudformation:UpdateStack", cfnStack(region, "someone-elses-stack"))).toBe(false);
    }
  });

  it("denies both roles every region outside the stage's three, and names no region it was not given", () => {
    const [deployStatements, diffStatements] = [permissions(template, deploy), permissions(template, diff)];
    for (const region of ["eu-west-1", "ap-southeast-7", "us-west-2"]) {
      for (const action of ["CreateStack", "UpdateStack", "DescribeStacks", "GetTemplate"])
        expect(allows(deployStatements, `cloudformation:${action}`, cfnStack(region, "prod-ky-nang-so-Kns")), `${action} in ${region}`).toBe(false);
      expect(allows(deployStatements, "cloudformation:DescribeStacks", cfnStack(region, "CDKToolkit"))).toBe(false);
      expect(allows(deployStatements, "cloudformation:UpdateStack", cfnStack(region, "SSTBootstrap"))).toBe(false);
      expect(allows(deployStatements, "sts:AssumeRole", cdkRole(region, "deploy-role"))).toBe(false);
      expect(allows(deployStatements, "sts:AssumeRole", cdkRole(region, "file-publishing-role"))).toBe(false);
      expect(allows(deployStatements, "iam:PassRole", cdkRole(region, "cfn-exec-role"), { "iam:PassedToService": "cloudformation.amazonaws.com" })).toBe(false);
      expect(allows(deployStatements, "s3:GetObject", `arn:aws:s3:::cdk-hnb659fds-assets-${ACCOUNT}-${region}/0a1b2c.json`)).toBe(false);
      expect(allows(deployStatements, "s3:PutObject", `${sstBucket(region)}/appMetadata/app.ky-nang-so/stage.prod.json`)).toBe(false);
      for (const action of ["DescribeStacks", "GetTemplate"])
        expect(allows(diffStatements, `cloudformation:${action}`, cfnStack(region, "dev-ky-nang-so-Kns"))).toBe(false);
      expect(allows(diffStatements, "cloudformation:DescribeStacks", cfnStack(region, "SSTBootstrap"))).toBe(false);
    }
    // Every region in the policies is one of the three: no `AWS::Region` of wherever the roles' stack is deployed,
    // no wildcard in a region position.
    const policies = JSON.stringify(Object.values(template.findResources("AWS::IAM::Policy")).map((p) => p.Properties.PolicyDocument));
    expect(policies).not.toContain("AWS::Region");
    const named = new Set(
      [...deployStatements, ...diffStatements]
        .flatMap((s) => list(s.Resource).map(flat))
        .flatMap((r) => [...r.matchAll(/:cloudformation:([^:]+):|-<AWS::AccountId>-([a-z0-9-]+)$|-<AWS::AccountId>-([a-z0-9-]+)\/\*$/g)])
        .map((m) => m[1] ?? m[2] ?? m[3]),
    );
    expect([...named].sort()).toEqual([...REGIONS].sort());
  });

  it("lets the pull-request role read the app's and the bootstrap stacks in each of the three regions, nothing else", () => {
    const statements = permissions(template, diff);
    const actions = statements.flatMap((s) => list(s.Action));
    expect(new Set(actions)).toEqual(new Set(["cloudformation:DescribeStacks", "cloudformation:GetTemplate"]));
    for (const s of statements)
      for (const r of list(s.Resource).map(flat)) expect(r).toMatch(/^arn:<AWS::Partition>:cloudformation:[a-z]+(-[a-z]+)+-\d:.*:stack\//);
    for (const region of REGIONS) {
      for (const stack of ["dev-ky-nang-so-Edge", "dev-ky-nang-so-BackupCopy", "dev-ky-nang-so-Kns"])
        for (const action of ["DescribeStacks", "GetTemplate"]) expect(allows(statements, `cloudformation:${action}`, cfnStack(region, stack))).toBe(true);
      // `sst diff` synthesizes, and SST reads both bootstrap stacks' outputs before it does.
      for (const stack of ["CDKToolkit", "SSTBootstrap"]) expect(allows(statements, "cloudformation:DescribeStacks", cfnStack(region, stack))).toBe(true);
      expect(allows(statements, "cloudformation:GetTemplate", cfnStack(region, "CDKToolkit"))).toBe(false);
    }
  });

  it("gives the deploy role sessions long enough for three deploys in one job, the diff role IAM's default", () => {
    expect(all[deploy]!.Properties.MaxSessionDuration).toBe(DEPLOY_SESSION_HOURS * 3600);
    expect(all[diff]!.Properties.MaxSessionDuration).toBeUndefined();
  });

  it("follows the regions it is given", () => {
    const other = synth({ regions: ["ap-southeast-7", "us-east-1", "ap-northeast-1"] });
    const r = roles(other);
    const statements = permissions(other, r.deploy);
    expect(allows(statements, "cloudformation:UpdateStack", cfnStack("ap-southeast-7", "prod-ky-nang-so-Kns"))).toBe(true);
    expect(allows(statements, "cloudformation:UpdateStack", cfnStack("ap-northeast-1", "prod-ky-nang-so-BackupCopy"))).toBe(true);
    expect(allows(statements, "cloudformation:UpdateStack", cfnStack("ap-southeast-1", "prod-ky-nang-so-Kns"))).toBe(false);
    expect(allows(permissions(other, r.diff), "cloudformation:GetTemplate", cfnStack("ap-southeast-2", "dev-ky-nang-so-BackupCopy"))).toBe(false);
  });

  it("takes the stage's regions from its settings: the edge, KNS_REGION and KNS_BACKUP_COPY_REGION, once each", () => {
    expect(stageRegions(stageSettingsFromEnv({})).sort()).toEqual([...REGIONS].sort());
    expect(stageRegions(stageSettingsFromEnv({ KNS_REGION: "ap-southeast-7", KNS_BACKUP_COPY_REGION: "ap-northeast-1" })).sort()).toEqual([
      "ap-northeast-1",
      "ap-southeast-7",
      "us-east-1",
    ]);
    expect(stageRegions(stageSettingsFromEnv({ KNS_REGION: "us-east-1" })).sort()).toEqual(["ap-southeast-2", "us-east-1"]);
  });

  it("refuses no regions, and anything but region names (a wildcard or a token would open every region)", () => {
    expect(() => synth({ regions: [] })).toThrow(/regions: name the regions/);
    for (const bad of ["*", "ap-southeast-*", "AP-SOUTHEAST-1", "ap-southeast-1 ", Aws.REGION])
      expect(() => synth({ regions: ["us-east-1", bad] }), bad).toThrow(/is not an AWS region name/);
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
    expect(() => new KnsDeployRoleStack(new App(), "x", { repo: "ky-nang-so", regions: REGIONS })).toThrow(/owner\/name/);
    expect(() => new KnsDeployRoleStack(new App(), "y", { repo: "a/b:ref:*", regions: REGIONS })).toThrow(/owner\/name/);
  });
});

import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, Stack, type StackProps, Token } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { type EdgeValue, edgeParameterName } from "./edge";
import { EDGE_REGION, type StageSettings } from "./stage-settings";

/**
 * The AWS side of "Deploying from GitHub Actions" (docs/deploy.md): GitHub's OIDC provider and two roles that
 * workflows of one repository may assume with a short-lived token, so no access key is stored anywhere.
 *
 *  deploy — `npx sst deploy` from `.github/workflows/deploy.yml`: pushes to main (stage dev) and the job with
 *           `environment: prod` (stage prod, after the environment's required reviewers approved). A stage is three
 *           stacks in three regions, deployed one region per `sst deploy` (infra/stage-settings.ts,
 *           `stacksForRegion`), so in each of the stage's regions, and only there, it may assume CDK's deploy and
 *           file-publishing bootstrap roles and do the few CloudFormation calls that SST v2 makes with the caller's
 *           own credentials (node_modules/sst/stacks/deploy.js, monitor.js, bootstrap.js): create/update/describe
 *           the app's stacks and SST's own `SSTBootstrap` stack, passing CDK's execution role to CloudFormation,
 *           and read the SSM parameters their templates take. Everything a stack creates is created by that
 *           execution role, not by this one.
 *  diff   — `npx sst diff --stage dev` (once per region) on pull requests (`.github/workflows/ci.yml`): reads the
 *           deployed templates and the bootstrap stacks' outputs, nothing else. Not `ReadOnlyAccess`, and not CDK's
 *           lookup role (which has it): any branch of the repository can open a pull request, and ReadOnlyAccess
 *           would let it scan the learners' table and read the data bucket. Grant the lookup role here if a
 *           `fromLookup` is ever added.
 *
 * Token subjects: a job with an `environment:` presents `repo:<repo>:environment:<name>` instead of its ref, so the
 * prod job matches `environment:prod` only after approval. `ref:refs/tags/v*` is deliberately not trusted: a tag
 * push whose workflow dropped `environment: prod` would otherwise deploy prod without the approval.
 */

export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.amazonaws.com";
/** The SST app name from sst.config.ts: its stacks are `<stage>-ky-nang-so-<Stack>`. */
export const SST_APP = "ky-nang-so";
/** CDK's default bootstrap qualifier: sst.config.ts sets no `cdk.qualifier`, so SST deploys through these roles and bucket. */
export const CDK_QUALIFIER = "hnb659fds";
/**
 * How long the deploy role's credentials may live. The deploy job runs three `sst deploy`s on one set of
 * credentials (the action's are plain environment variables, never refreshed), and a CloudFront update alone can
 * take a quarter of an hour; IAM's default of one hour would leave little room. deploy.yml asks for this much and
 * times out before it ends (infra/workflows.test.ts).
 */
export const DEPLOY_SESSION_HOURS = 2;

export interface KnsDeployRoleProps {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  readonly repo: string;
  /**
   * Every region the deployed stages have stacks in (`stageRegions(settings)`: us-east-1, KNS_REGION,
   * KNS_BACKUP_COPY_REGION). The roles act in these regions and in no other.
   */
  readonly regions: readonly string[];
  /** The account's GitHub OIDC provider when it exists already (an account has at most one per URL). */
  readonly existingProviderArn?: string;
  /** The GitHub environment of the prod job (default `prod`). */
  readonly prodEnvironment?: string;
}

/** `repo:<repo>:…` subjects of the tokens each role accepts. */
export function deploySubjects(repo: string, prodEnvironment = "prod") {
  return [`repo:${repo}:ref:refs/heads/main`, `repo:${repo}:environment:${prodEnvironment}`];
}
export function diffSubjects(repo: string) {
  return [`repo:${repo}:pull_request`];
}

/** The regions of a stage's three stacks: the edge (us-east-1), the platform (KNS_REGION), the copy vault. */
export function stageRegions(settings: Pick<StageSettings, "region" | "backupCopyRegion">): string[] {
  return [...new Set([EDGE_REGION, settings.region, settings.backupCopyRegion])];
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export class KnsDeployRole extends Construct {
  readonly provider: iam.IOidcProvider;
  readonly deployRole: iam.Role;
  readonly diffRole: iam.Role;

  constructor(scope: Construct, id: string, props: KnsDeployRoleProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repo)) throw new Error(`repo must be "owner/name", got "${props.repo}"`);
    // Concrete names: each becomes part of an ARN, and a token or a wildcard would let the roles act in any region.
    const regions = [...new Set(props.regions)];
    if (regions.length === 0) throw new Error("regions: name the regions the stages deploy to (stageRegions(settings)).");
    for (const region of regions)
      if (Token.isUnresolved(region) || !REGION_NAME.test(region)) throw new Error(`regions: "${region}" is not an AWS region name such as ap-southeast-1.`);

    this.provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, "GithubOidc", props.existingProviderArn)
      : new iam.OidcProviderNative(this, "GithubOidc", { url: GITHUB_OIDC_URL, clientIds: [STS_AUDIENCE] });

    const trust = (subjects: string[]) =>
      new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects },
      });

    const account = Aws.ACCOUNT_ID;
    const partition = Aws.PARTITION;
    const perRegion = <T>(arn: (region: string) => T) => regions.map(arn);
    const stacks = (name: string) => perRegion((region) => `arn:${partition}:cloudformation:${region}:${account}:stack/${name}/*`);
    const appStacks = stacks(`*-${SST_APP}-*`);
    const bootstrapStacks = [...stacks("CDKToolkit"), ...stacks("SSTBootstrap")];
    // CDK's bootstrap names its roles and bucket after the account and the region (DefaultStackSynthesizer).
    const cdkRoles = (kind: string) => perRegion((region) => `arn:${partition}:iam::${account}:role/cdk-${CDK_QUALIFIER}-${kind}-${account}-${region}`);

    this.deployRole = new iam.Role(this, "Deploy", {
      assumedBy: trust(deploySubjects(props.repo, props.prodEnvironment)),
      description: `GitHub Actions of ${props.repo}: sst deploy (main: stage dev; environment prod: stage prod)`,
      maxSessionDuration: Duration.hours(DEPLOY_SESSION_HOURS),
    });
    // The deploy role (stack operations, bootstrap version check) and the file-publishing role (uploads the Lambda
    // bundles, the site and the templates): the two that SST's CDK toolkit assumes. No image assets and no lookups,
    // so neither the image-publishing nor the lookup role.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "AssumeCdkBootstrapRoles",
        actions: ["sts:AssumeRole"],
        resources: [...cdkRoles("deploy-role"), ...cdkRoles("file-publishing-role")],
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "PassCdkExecutionRoleToCloudFormation",
        actions: ["iam:PassRole"],
        resources: cdkRoles("cfn-exec-role"),
        conditions: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } },
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "SstDeploysAppStacks",
        actions: [
          "cloudformation:CreateStack",
          "cloudformation:UpdateStack",
          "cloudformation:DeleteStack",
          "cloudformation:DescribeStacks",
          "cloudformation:DescribeStackEvents",
          "cloudformation:DescribeStackResources",
          "cloudformation:GetTemplate",
          "cloudformation:TagResource",
          "cloudformation:UntagResource",
        ],
        resources: appStacks,
      }),
    );
    // Before each deploy SST checks its own bootstrap stack (a bucket for app metadata, an EventBridge rule and a
    // function) in the region, and creates or updates it when missing or older than the installed SST wants
    // (bootstrap.js, LATEST_VERSION), through the same execution role: no more power than deploying the app's
    // stacks. Not DeleteStack: other SST apps in the account share it. CDK's own `CDKToolkit` SST only reads; it
    // makes IAM roles directly, so bootstrapping CDK stays an administrator's step (docs/deploy.md).
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "SstUpdatesItsBootstrapStack",
        actions: ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStackResources"],
        resources: stacks("SSTBootstrap"),
      }),
    );
    // CreateStack/UpdateStack with a TemplateURL: CloudFormation fetches the template with the caller's rights.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadTemplatesFromCdkAssetsBuckets",
        actions: ["s3:GetObject"],
        resources: perRegion((region) => `arn:${partition}:s3:::cdk-${CDK_QUALIFIER}-assets-${account}-${region}/*`),
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({ sid: "ReadBootstrapStacks", actions: ["cloudformation:DescribeStacks"], resources: bootstrapStacks }),
    );
    // CreateStack/UpdateStack resolve a template's SSM-typed parameters with the caller's rights, not the execution
    // role's (CDK's own deploy role has this grant for the same reason): every stack's `BootstrapVersion`, and the
    // main stack's references to the ARNs the edge stack publishes (infra/edge.ts, `edgeReferences`).
    const edgeValues: EdgeValue[] = ["web-acl-arn", "certificate-arn"];
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ResolveTemplateSsmParameters",
        actions: ["ssm:GetParameters", "ssm:GetParameter"],
        resources: perRegion((region) =>
          [`/cdk-bootstrap/${CDK_QUALIFIER}/version`, ...edgeValues.map((value) => edgeParameterName("*", value))].map(
            (name) => `arn:${partition}:ssm:${region}:${account}:parameter${name}`,
          ),
        ).flat(),
      }),
    );
    // ListImports has no resource-level permissions; SST calls it for stacks that export outputs.
    this.deployRole.addToPolicy(new iam.PolicyStatement({ sid: "ListImports", actions: ["cloudformation:ListImports"], resources: ["*"] }));
    // SST's bootstrap bucket is named by CloudFormation after its stack and its construct id, the region without
    // dashes (`sstbootstrap-apsoutheast1…`); SST records there that the stage was deployed, not in dev mode.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "SstAppMetadata",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: perRegion((region) => `arn:${partition}:s3:::sstbootstrap-${region.replaceAll("-", "")}*/appMetadata/*`),
      }),
    );

    this.diffRole = new iam.Role(this, "Diff", {
      assumedBy: trust(diffSubjects(props.repo)),
      description: `GitHub Actions of ${props.repo}: sst diff on pull requests (read the deployed templates only)`,
    });
    // `sst diff` synthesizes (SST reads both bootstrap stacks' outputs first) and compares each stack with
    // GetTemplate. Should SST ever want its bootstrap stack updated, the diff fails until a deploy has done it.
    this.diffRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadAppStacks",
        actions: ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"],
        resources: appStacks,
      }),
    );
    this.diffRole.addToPolicy(new iam.PolicyStatement({ sid: "ReadBootstrapStacks", actions: ["cloudformation:DescribeStacks"], resources: bootstrapStacks }));
  }
}

export interface KnsDeployRoleStackProps extends StackProps, KnsDeployRoleProps {}

/**
 * The roles as their own stack, environment-agnostic (account and region come from whoever deploys it) and without
 * CDK's bootstrap-version rule or assets, so `cdk.out/kns-github-deploy.template.json` can also be deployed with
 * plain `aws cloudformation deploy` (docs/deploy.md).
 */
export class KnsDeployRoleStack extends Stack {
  readonly roles: KnsDeployRole;

  constructor(scope: Construct, id: string, props: KnsDeployRoleStackProps) {
    super(scope, id, {
      description: `GitHub Actions OIDC roles for ${props.repo} (Ky Nang So)`,
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      ...props,
    });
    this.roles = new KnsDeployRole(this, "Github", props);
    new CfnOutput(this, "DeployRoleArn", { value: this.roles.deployRole.roleArn, description: "repository variable AWS_DEPLOY_ROLE_ARN" });
    new CfnOutput(this, "DiffRoleArn", { value: this.roles.diffRole.roleArn, description: "repository variable AWS_DIFF_ROLE_ARN" });
  }
}

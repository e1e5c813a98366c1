import { Aws, CfnOutput, DefaultStackSynthesizer, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/**
 * The AWS side of "Deploying from GitHub Actions" (docs/deploy.md): GitHub's OIDC provider and two roles that
 * workflows of one repository may assume with a short-lived token, so no access key is stored anywhere.
 *
 *  deploy — `npx sst deploy` from `.github/workflows/deploy.yml`: pushes to main (stage dev) and the job with
 *           `environment: prod` (stage prod, after the environment's required reviewers approved). It may assume the
 *           CDK bootstrap roles `cdk-*` (asset publishing, the deploy role) and do the few CloudFormation calls that
 *           SST v2 makes with the caller's own credentials (node_modules/sst/stacks/deploy.js, monitor.js,
 *           bootstrap.js): create/update/describe the app's stacks, passing CDK's execution role to CloudFormation.
 *           Everything the stack itself creates is created by that execution role, not by this one.
 *  diff   — `npx sst diff --stage dev` on pull requests (`.github/workflows/ci.yml`): reads the deployed templates
 *           and the bootstrap stacks' outputs, nothing else. Not `ReadOnlyAccess`, and not CDK's lookup role (which has
 *           it): any branch of the repository can open a pull request, and ReadOnlyAccess would let it scan the
 *           learners' table and read the data bucket. Grant the lookup role here if a `fromLookup` is ever added.
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

export interface KnsDeployRoleProps {
  /** `owner/name` of the GitHub repository whose workflows may assume the roles. */
  readonly repo: string;
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

export class KnsDeployRole extends Construct {
  readonly provider: iam.IOidcProvider;
  readonly deployRole: iam.Role;
  readonly diffRole: iam.Role;

  constructor(scope: Construct, id: string, props: KnsDeployRoleProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(props.repo)) throw new Error(`repo must be "owner/name", got "${props.repo}"`);

    this.provider = props.existingProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, "GithubOidc", props.existingProviderArn)
      : new iam.OidcProviderNative(this, "GithubOidc", { url: GITHUB_OIDC_URL, clientIds: [STS_AUDIENCE] });

    const trust = (subjects: string[]) =>
      new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subjects },
      });

    const account = Aws.ACCOUNT_ID;
    const region = Aws.REGION;
    const partition = Aws.PARTITION;
    const appStacks = `arn:${partition}:cloudformation:${region}:${account}:stack/*-${SST_APP}-*/*`;
    const bootstrapStacks = ["CDKToolkit", "SSTBootstrap"].map((name) => `arn:${partition}:cloudformation:${region}:${account}:stack/${name}/*`);

    this.deployRole = new iam.Role(this, "Deploy", {
      assumedBy: trust(deploySubjects(props.repo, props.prodEnvironment)),
      description: `GitHub Actions of ${props.repo}: sst deploy (main: stage dev; environment prod: stage prod)`,
    });
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "AssumeCdkBootstrapRoles",
        actions: ["sts:AssumeRole"],
        resources: [`arn:${partition}:iam::${account}:role/cdk-*`],
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "PassCdkExecutionRoleToCloudFormation",
        actions: ["iam:PassRole"],
        resources: [`arn:${partition}:iam::${account}:role/cdk-*-cfn-exec-role-*`],
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
        resources: [appStacks],
      }),
    );
    // CreateStack/UpdateStack with a TemplateURL: CloudFormation fetches the template with the caller's rights.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadTemplatesFromCdkAssetsBucket",
        actions: ["s3:GetObject"],
        resources: [`arn:${partition}:s3:::cdk-*-assets-${account}-${region}/*`],
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({ sid: "ReadBootstrapStacks", actions: ["cloudformation:DescribeStacks"], resources: bootstrapStacks }),
    );
    // ListImports has no resource-level permissions; SST calls it for stacks that export outputs.
    this.deployRole.addToPolicy(new iam.PolicyStatement({ sid: "ListImports", actions: ["cloudformation:ListImports"], resources: ["*"] }));
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "SstAppMetadata",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [`arn:${partition}:s3:::sstbootstrap-*/appMetadata/*`],
      }),
    );

    this.diffRole = new iam.Role(this, "Diff", {
      assumedBy: trust(diffSubjects(props.repo)),
      description: `GitHub Actions of ${props.repo}: sst diff on pull requests (read the deployed templates only)`,
    });
    this.diffRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadAppStacks",
        actions: ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"],
        resources: [appStacks],
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

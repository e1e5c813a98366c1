import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as targets from "aws-cdk-lib/aws-route53-targets";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { Alarms } from "./alarms";
import { Api } from "./api";
import { KnsBackupCopyStack } from "./backup-copy";
import { Dashboard } from "./dashboard";
import type { Bundle, EntryName } from "./bundle";
import { KnsEdgeStack, edgeReferences } from "./edge";
import { Jobs } from "./jobs";
import { NotifyChannels, type SmsSettings, type ZaloSettings } from "./notify";
import type { DomainSettings, StageSettings } from "./stage-settings";
import { Storage } from "./storage";
import { Web } from "./web";

/** Stages whose data must survive a mistaken `sst remove` or resource replacement. */
const PRODUCTION_STAGES = new Set(["prod"]);
export function isProductionStage(stage: string) {
  return PRODUCTION_STAGES.has(stage);
}

/** API Gateway throttling for the whole stage: requests per second, and the burst above it. */
export function apiThrottle(stage: string) {
  return isProductionStage(stage) ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 20, burstLimit: 40 };
}

/**
 * The origin-verify secret's generation. CloudFormation resolves a `{{resolve:secretsmanager:…}}` reference only
 * when the resource holding it changes, so changing the secret's value in Secrets Manager and redeploying would
 * leave the distribution and the function on whatever each last resolved, possibly different values (then every
 * API call is refused). Rotating is therefore a new secret: raise this number and deploy. The secret's id changes,
 * so the distribution's origin header and the function's environment both change in that one deploy and read
 * the same new value; the old secret is deleted. For the minutes CloudFront takes to reach every edge, requests
 * through edges on the other value get 403, so rotate in Vietnam's quiet hours (21:00–07:00).
 */
export const ORIGIN_VERIFY_GENERATION = 1;

export type LambdaCode = Record<EntryName, lambda.Code>;

/** Lambda code from prebuilt bundles (infra/bundle.ts), so synthesis never runs Docker or esbuild itself. */
export function codeFromBundles(bundles: Record<EntryName, Pick<Bundle, "dir">>): LambdaCode {
  return {
    api: lambda.Code.fromAsset(bundles.api.dir),
    worker: lambda.Code.fromAsset(bundles.worker.dir),
    signingKeys: lambda.Code.fromAsset(bundles.signingKeys.dir),
  };
}

export interface KnsPlatformProps {
  stage: string;
  code: LambdaCode;
  /** The built web app (`web/dist`). */
  siteDir: string;
  /** Who gets alarm e-mails; without it the topic has no subscriber yet. */
  alarmEmail?: string;
  /** Run on a table restored from point-in-time recovery instead of the stack's own (docs/deploy.md). */
  restoredTableName?: string;
  /** The region AWS Backup copies the table's and bucket's recovery points to (docs/restore.md); default ap-southeast-2. */
  backupCopyRegion?: string;
  /** SMS through AWS End User Messaging; without it the SMS channel is unavailable (docs/notifications.md). */
  sms?: SmsSettings;
  /** Zalo ZNS templates; the access token goes into the secret the stack makes for it, never here. */
  zalo?: ZaloSettings;
  /**
   * The custom domain (KNS_DOMAIN): an alternate name on the distribution with the edge stack's us-east-1
   * certificate, and with a Route 53 zone the alias records. Without it the site is on `*.cloudfront.net`.
   */
  domain?: DomainSettings;
}

/**
 * The whole platform for one stage as one construct, so it can be mounted both in a plain CDK stack
 * (`KnsStack`, used by `npm run synth` and the tests) and in the SST v2 stack (`sst.config.ts`).
 */
export class KnsPlatform extends Construct {
  readonly storage: Storage;
  readonly api: Api;
  readonly jobs: Jobs;
  readonly web: Web;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;
  readonly channels: NotifyChannels;
  /** Shared by CloudFront (sent as `x-origin-verify`) and the API function, which refuses requests without it. */
  readonly originVerify: secretsmanager.Secret;
  /** The site's address: the custom domain when there is one, else the distribution's own name. */
  readonly siteUrl: string;
  /** The name a DNS operator points the custom domain at with a CNAME, when Route 53 does not hold the zone. */
  readonly cnameTarget?: string;

  constructor(scope: Construct, id: string, props: KnsPlatformProps) {
    super(scope, id);
    const { stage } = props;
    const production = isProductionStage(stage);
    Tags.of(this).add("app", "ky-nang-so");
    Tags.of(this).add("stage", stage);

    this.storage = new Storage(this, "Storage", {
      stage,
      production,
      restoredTableName: props.restoredTableName,
      backupCopyRegion: props.backupCopyRegion,
    });
    const storage = this.storage;

    // Letters and digits only: it travels as an HTTP header value, where punctuation would need care.
    this.originVerify = new secretsmanager.Secret(this, `OriginVerify${ORIGIN_VERIFY_GENERATION}`, {
      description: `Kỹ Năng Số (${stage}): the x-origin-verify header CloudFront sends to the API (generation ${ORIGIN_VERIFY_GENERATION})`,
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
      // Nothing depends on the old value once a deploy has replaced it everywhere.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // unsafeUnwrap gives the `{{resolve:secretsmanager:…}}` dynamic reference, not the value: CloudFormation
    // resolves it inside AWS, so the template, cdk.out and the deploy logs never hold the secret. The value does end
    // up in the distribution's origin configuration and the function's environment, readable only by those who may
    // read those configurations, and it grants nothing but passage past the direct-call check (no user's data).
    const originVerifySecret = this.originVerify.secretValue.unsafeUnwrap();

    this.jobs = new Jobs(this, "Jobs", { code: props.code.worker, stage, production, storage });
    this.api = new Api(this, "Api", {
      code: props.code.api,
      signingKeysCode: props.code.signingKeys,
      stage,
      production,
      storage,
      queue: this.jobs.queue,
      throttle: apiThrottle(stage),
      originVerifySecret,
    });

    // The WAF web ACL always, the certificate with a domain: both made by the edge stack in us-east-1 (infra/edge.ts).
    const domain = props.domain;
    const edge = edgeReferences(this, stage, Boolean(domain));
    this.web = new Web(this, "Web", {
      siteDir: props.siteDir,
      apiDomainName: this.api.domainName,
      stage,
      mediaBucket: storage.bucket,
      domainNames: domain ? [domain.name] : undefined,
      certificate: edge.certificate,
      webAclArn: edge.webAclArn,
      originVerifySecret,
    });
    this.siteUrl = domain ? `https://${domain.name}` : this.web.url;
    if (domain?.hostedZone) {
      const zone = route53.HostedZone.fromHostedZoneAttributes(this, "Zone", { hostedZoneId: domain.hostedZone.id, zoneName: domain.hostedZone.name });
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.web.distribution));
      // Both families: the distribution answers IPv6, and Vietnam's mobile networks hand out IPv6 widely.
      new route53.ARecord(this, "AliasA", { zone, recordName: domain.name, target });
      new route53.AaaaRecord(this, "AliasAaaa", { zone, recordName: domain.name, target });
    } else if (domain) {
      this.cnameTarget = this.web.distribution.distributionDomainName;
    }
    const api = this.api.handler.function;
    const worker = this.jobs.worker.function;
    // Links printed in certificates and sent in reminders must name the site: behind CloudFront the API only sees
    // its own host name, and the worker none.
    api.addEnvironment("PUBLIC_URL", this.siteUrl);
    worker.addEnvironment("PUBLIC_URL", this.siteUrl);
    // The worker sends Web Push: it reads the VAPID pair from the signing-keys secret (packages/api/src/secrets.ts).
    worker.addEnvironment("SECRETS_ARN", this.api.secret.secretArn);
    this.api.secret.grantRead(worker);
    // A worker started before the keys are generated (first deploy) would go without push until its next cold start.
    worker.node.addDependency(this.api.node.findChild("SigningKeysResource"));
    this.channels = new NotifyChannels(this, "Channels", { stage, production, sms: props.sms, zalo: props.zalo });
    for (const fn of [api, worker]) this.channels.configure(fn);
    this.alarms = new Alarms(this, "Alarms", {
      stage,
      httpApi: this.api.httpApi,
      functions: { Api: this.api.handler.function, Worker: this.jobs.worker.function },
      table: storage.table,
      extra: [this.jobs.redriveAlarm],
      email: props.alarmEmail,
    });
    this.dashboard = new Dashboard(this, "Dashboard", {
      stage,
      httpApi: this.api.httpApi,
      functions: { Api: api, Worker: worker },
      table: storage.table,
      queue: this.jobs.queue,
      deadLetterQueue: this.jobs.deadLetterQueue,
      logGroups: [this.api.handler.logGroup, this.jobs.worker.logGroup],
    });
  }
}

export interface KnsStackProps extends StackProps, KnsPlatformProps {}

/** `KnsPlatform` as a standalone CloudFormation stack, with the outputs an operator needs. */
export class KnsStack extends Stack {
  readonly platform: KnsPlatform;

  constructor(scope: Construct, id: string, props: KnsStackProps) {
    super(scope, id, props);
    this.platform = new KnsPlatform(this, "Kns", props);
    for (const [name, value] of Object.entries(outputs(this.platform))) new CfnOutput(this, name, { value });
  }
}

/** Stack outputs an operator needs, shared by `KnsStack` and the SST stack; SiteUrl serves the app and `/api`. */
export function outputs(platform: KnsPlatform): Record<string, string> {
  return {
    SiteUrl: platform.siteUrl,
    // The record the domain's DNS operator adds when Route 53 does not hold the zone: <domain> CNAME <this>.
    ...(platform.cnameTarget ? { CnameTarget: platform.cnameTarget } : {}),
    TableName: platform.storage.table.tableName,
    BucketName: platform.storage.bucket.bucketName,
    DeadLetterQueueUrl: platform.jobs.deadLetterQueue.queueUrl,
    AlarmTopicArn: platform.alarms.topic.topicArn,
    DashboardUrl: platform.dashboard.url,
  };
}

export interface StageStacksProps {
  stage: string;
  account: string;
  settings: StageSettings;
  code: LambdaCode;
  siteDir: string;
}

/**
 * One stage as plain CDK stacks, each in its own region (`npm run synth`, tests): the edge in us-east-1, the
 * platform in KNS_REGION and the backup copy vault in KNS_BACKUP_COPY_REGION. sst.config.ts mounts the same
 * constructs, one region per `sst deploy` run.
 */
export function stageStacks(scope: Construct, props: StageStacksProps) {
  const { stage, account, settings } = props;
  const edge = new KnsEdgeStack(scope, `kns-${stage}-edge`, {
    account,
    stage,
    mainRegion: settings.region,
    domain: settings.domain,
    geoAllow: settings.geoAllow,
  });
  const main = new KnsStack(scope, `kns-${stage}`, {
    env: { account, region: settings.region },
    stage,
    code: props.code,
    siteDir: props.siteDir,
    domain: settings.domain,
    backupCopyRegion: settings.backupCopyRegion,
  });
  const backupCopy = new KnsBackupCopyStack(scope, `kns-${stage}-backup-copy`, {
    env: { account, region: settings.backupCopyRegion },
    stage,
    production: isProductionStage(stage),
  });
  // The platform reads the SSM parameters the edge stack writes, so `cdk deploy --all` must do the edge first; and
  // its backup plan copies into the vault by name, which must exist before the first nightly copy.
  main.addDependency(edge, "reads the web ACL and certificate ARNs the edge stack writes to SSM");
  main.addDependency(backupCopy, "copies its recovery points into the vault there");
  return { edge, main, backupCopy };
}

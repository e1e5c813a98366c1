import { CfnOutput, Stack, Tags, type StackProps } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";
import { Alarms } from "./alarms";
import { Api } from "./api";
import type { Bundle, EntryName } from "./bundle";
import { Jobs } from "./jobs";
import { NotifyChannels, type SmsSettings, type ZaloSettings } from "./notify";
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
  readonly channels: NotifyChannels;

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
    this.jobs = new Jobs(this, "Jobs", { code: props.code.worker, stage, production, storage });
    this.api = new Api(this, "Api", {
      code: props.code.api,
      signingKeysCode: props.code.signingKeys,
      stage,
      production,
      storage,
      queue: this.jobs.queue,
      throttle: apiThrottle(stage),
    });
    this.web = new Web(this, "Web", { siteDir: props.siteDir, apiDomainName: this.api.domainName, stage });
    const api = this.api.handler.function;
    const worker = this.jobs.worker.function;
    // Links printed in certificates and sent in reminders must name the site: behind CloudFront the API only sees
    // its own host name, and the worker none.
    api.addEnvironment("PUBLIC_URL", this.web.url);
    worker.addEnvironment("PUBLIC_URL", this.web.url);
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
export function outputs(platform: KnsPlatform) {
  return {
    SiteUrl: platform.web.url,
    TableName: platform.storage.table.tableName,
    BucketName: platform.storage.bucket.bucketName,
    DeadLetterQueueUrl: platform.jobs.deadLetterQueue.queueUrl,
    AlarmTopicArn: platform.alarms.topic.topicArn,
  };
}

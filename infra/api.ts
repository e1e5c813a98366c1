import { CustomResource, Duration, RemovalPolicy, SecretValue } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { runtimeFilesEnvironment } from "./bundle";
import { NodeFunction } from "./lambda-function";
import type { Storage } from "./storage";

/** Every API route lives under this prefix; CloudFront sends `/api/*` here and everything else to the site. */
export const API_PATH_PREFIX = "/api";

/** The keys packages/api/src/lambda.ts reads from the JSON secret at SECRETS_ARN (infra/signing-keys.ts makes them). */
export const SIGNING_KEY_NAMES = ["tokenSecret", "linkSecret", "certificateSigningKey", "vapidPublicKey", "vapidPrivateKey"];

export interface ApiProps {
  code: lambda.Code;
  /** The bundle of infra/signing-keys.ts, run once per deploy to fill the secret. */
  signingKeysCode: lambda.Code;
  stage: string;
  production: boolean;
  storage: Storage;
  queue: sqs.IQueue;
  /** Steady requests per second and burst for the whole stage (API Gateway's token bucket). */
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * The origin-verify secret as a `{{resolve:secretsmanager:…}}` reference (infra/stack.ts): CloudFront sends it as
   * `x-origin-verify`, and the function refuses any request without it (packages/api/src/origin-verify.ts), so the
   * execute-api URL cannot be used to get around the WAF or to forge `CloudFront-Viewer-Address`.
   */
  originVerifySecret: string;
}

/**
 * One JSON line per request; `$context` variables of HTTP APIs (payload v2). `requestId` is the id the function
 * logs as its own `requestId`, and `lambdaRequestId` the invocation's (Lambda's START/REPORT lines and the app's
 * `awsRequestId`), so a request is found in either log group from the other (docs/observability.md).
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  lambdaRequestId: "$context.integration.requestId",
  time: "$context.requestTime",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  bytes: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  error: "$context.error.message",
});

/**
 * The Hono app (packages/api/src/lambda.ts) as one Lambda function behind an HTTP API, and the signing keys it
 * reads at cold start from one JSON secret: `tokenSecret` (access and refresh tokens) and
 * `certificateSigningKey` (Ed25519, PKCS#8 PEM; signs certificates). The template only creates the secret as
 * `{}`; a deploy-time custom resource generates the keys inside AWS, so their values never appear in the
 * template, in `cdk.out`, or in the function's environment.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: NodeFunction;
  readonly accessLogs: logs.LogGroup;
  readonly secret: secretsmanager.Secret;
  /** Host name of the API's default endpoint, for CloudFront's origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    // Losing the certificate key would make every issued certificate unverifiable, so production keeps it.
    this.secret = new secretsmanager.Secret(this, "Secret", {
      description: `Kỹ Năng Số signing keys (${props.stage}): JSON { ${SIGNING_KEY_NAMES.join(", ")} }`,
      // A placeholder, never a key. Do not change it: CloudFormation writes the value again only when this text
      // changes, and writing it would wipe the keys (a new certificate key orphans every issued certificate).
      secretStringValue: SecretValue.unsafePlainText("{}"),
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const signingKeys = this.fillSigningKeys(props);

    this.handler = new NodeFunction(this, "Handler", {
      code: props.code,
      description: "Kỹ Năng Số API (Hono, packages/api/src/lambda.ts)",
      // scrypt password hashing is CPU-bound and Lambda's CPU share grows with memory.
      memorySize: 1024,
      timeout: Duration.seconds(10),
      production: props.production,
      environment: {
        STAGE: props.stage,
        TABLE_NAME: props.storage.table.tableName,
        BUCKET_NAME: props.storage.bucket.bucketName,
        QUEUE_URL: props.queue.queueUrl,
        SECRETS_ARN: this.secret.secretArn,
        ORIGIN_VERIFY_SECRET: props.originVerifySecret,
        ...runtimeFilesEnvironment("api"),
      },
    });
    const fn = this.handler.function;
    // The function refuses to start until the keys are in the secret.
    fn.node.addDependency(signingKeys);
    props.storage.grantTableData(fn);
    props.storage.bucket.grantReadWrite(fn);
    props.queue.grantSendMessages(fn);
    this.secret.grantRead(fn);

    this.httpApi = new apigw.HttpApi(this, "HttpApi", {
      description: `Kỹ Năng Số API (${props.stage})`,
      createDefaultStage: false,
    });
    this.httpApi.addRoutes({
      path: `${API_PATH_PREFIX}/{proxy+}`,
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration("Lambda", fn, { payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 }),
    });

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.production ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.domainName = `${this.httpApi.apiId}.execute-api.${this.httpApi.stack.region}.${this.httpApi.stack.urlSuffix}`;
  }

  /** Runs infra/signing-keys.ts on every deploy that changes the key list; it only ever adds missing keys. */
  private fillSigningKeys(props: ApiProps) {
    const filler = new NodeFunction(this, "SigningKeys", {
      code: props.signingKeysCode,
      description: "Fills the signing-keys secret at deploy time (infra/signing-keys.ts)",
      memorySize: 256,
      timeout: Duration.seconds(30),
      production: props.production,
      // Runs once per deploy, where a readable stack matters more than its cold start: Node maps it itself.
      environment: { NODE_OPTIONS: "--enable-source-maps" },
    });
    this.secret.grantRead(filler.function);
    this.secret.grantWrite(filler.function);
    const provider = new cr.Provider(this, "SigningKeysProvider", { onEventHandler: filler.function });
    return new CustomResource(this, "SigningKeysResource", {
      serviceToken: provider.serviceToken,
      resourceType: "Custom::SigningKeys",
      properties: { SecretId: this.secret.secretArn, Keys: SIGNING_KEY_NAMES },
    });
  }
}

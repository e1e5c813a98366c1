import { type Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { HANDLER } from "./bundle";

export interface NodeFunctionProps {
  /** A directory made by `bundle()` (infra/bundle.ts): `index.mjs` exporting `handler`. */
  code: lambda.Code;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  production: boolean;
  /**
   * Where Lambda puts an asynchronous invocation (the schedule's) that failed every retry: the event itself, as
   * the message body, so it can be redriven. The role may send to it.
   */
  deadLetterQueue?: sqs.IQueue;
}

/**
 * A Lambda function the way this project runs them: Node.js 24 on arm64 (the bundles target it, infra/bundle.ts),
 * a prebuilt ES module bundle, its own log group with a retention period, X-Ray active tracing, and its own role
 * that starts with nothing but writing to that log group and sending trace segments (no
 * AWSLambdaBasicExecutionRole and its `logs:*` on every resource). Each construct grants the rest.
 */
export class NodeFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.production ? logs.RetentionDays.THREE_MONTHS : logs.RetentionDays.TWO_WEEKS,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "Role", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
    this.logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, "Function", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: HANDLER,
      code: props.code,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // No NODE_OPTIONS=--enable-source-maps: Node would read and index every chunk's source map at each cold
      // start (about 15 ms, docs/performance.md). The maps ship in the bundle and logged stacks are mapped when
      // an error is logged (packages/api/src/stack.ts).
      environment: props.environment,
      deadLetterQueue: props.deadLetterQueue,
      // Lambda records each invocation (initialization, invocation, overhead) in X-Ray without any SDK in the
      // bundle; CDK grants the role xray:PutTraceSegments and xray:PutTelemetryRecords for it. The trace id is in
      // every log line (docs/observability.md). The X-Ray SDK, for DynamoDB calls as subsegments, would add
      // ~32 KB gzipped and ~25 ms to each cold start, so it is left out.
      tracing: lambda.Tracing.ACTIVE,
    });
    // The role exists before the function; make sure log permissions are in place before its first run.
    this.function.node.addDependency(this.role);
  }
}

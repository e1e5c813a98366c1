import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { MAX_RECEIVE_COUNT, TICK_DELIVERY_RETRIES, TICK_EVENT, TICK_MAX_AGE, TICK_RATE, TICK_RUN_RETRIES, WORKER_CONCURRENCY, WORKER_TIMEOUT } from "./jobs";
import { TABLE_DATA_ACTIONS } from "./storage";
import { asArray, referencedIds, resource, statementsOfRole, synthStack, withoutTracing } from "./testing";

const { template } = synthStack("prod");
const id = (type: string, part: string) => resource(template, type, part).id;
const queue = resource(template, "AWS::SQS::Queue", "JobsQueue");
const dlq = resource(template, "AWS::SQS::Queue", "DeadLetterQueue");
const worker = resource(template, "AWS::Lambda::Function", "JobsWorkerFunction");

describe("the jobs queue", () => {
  it(`moves a message to the dead-letter queue after ${MAX_RECEIVE_COUNT} receives`, () => {
    expect(queue.resource.Properties!.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": [dlq.id, "Arn"] },
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    expect(dlq.resource.Properties!.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it("hides a message for at least six worker timeouts, so a retry never overlaps a running attempt", () => {
    expect(queue.resource.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * WORKER_TIMEOUT.toSeconds());
    expect(worker.resource.Properties!.Timeout).toBe(WORKER_TIMEOUT.toSeconds());
  });

  it("is encrypted and refuses plain HTTP, like its dead-letter queue", () => {
    for (const q of [queue, dlq]) {
      expect(q.resource.Properties!.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: q.id }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })] },
      });
    }
  });
});

describe("the worker", () => {
  it("runs the worker bundle on Node.js 24 arm64 and reports failed messages individually", () => {
    expect(worker.resource.Properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [queue.id, "Arn"] },
      FunctionName: { Ref: worker.id },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 1,
    });
  });

  it(`runs at most ${WORKER_CONCURRENCY} jobs at once, so a national due day's reminder batches cannot starve the API`, () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: worker.id },
      ScalingConfig: { MaximumConcurrency: WORKER_CONCURRENCY },
    });
  });

  it("knows its table, bucket, own queue, the site's URL and the signing-keys secret, and holds no secret value", () => {
    const env = worker.resource.Properties!.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(["BUCKET_NAME", "PUBLIC_URL", "QUEUE_URL", "SECRETS_ARN", "STAGE", "TABLE_NAME"]);
    expect(env).toMatchObject({
      TABLE_NAME: { Ref: id("AWS::DynamoDB::Table", "StorageTable") },
      BUCKET_NAME: { Ref: id("AWS::S3::Bucket", "StorageBucket") },
      QUEUE_URL: { Ref: queue.id },
      SECRETS_ARN: { Ref: id("AWS::SecretsManager::Secret", "ApiSecret") },
      PUBLIC_URL: { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [id("AWS::CloudFront::Distribution", "WebDistribution"), "DomainName"] }]] },
      STAGE: "prod",
    });
  });

  it("may touch only its table, bucket, queue, dead-letter queue, the signing-keys secret and its log group", () => {
    const roleId = [...referencedIds(worker.resource.Properties!.Role)][0]!;
    // X-Ray's write actions, the one statement that must name "*", are checked with tracing (lambda-function.test.ts).
    const statements = withoutTracing(statementsOfRole(template, roleId));
    const secretId = id("AWS::SecretsManager::Secret", "ApiSecret");
    const allowed = new Set([
      id("AWS::DynamoDB::Table", "StorageTable"),
      id("AWS::S3::Bucket", "StorageBucket"),
      queue.id,
      dlq.id,
      secretId,
      id("AWS::Logs::LogGroup", "JobsWorkerLogs"),
    ]);
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      for (const target of asArray(statement.Resource)) {
        expect(target).not.toBe("*");
        const ids = [...referencedIds(target)];
        expect(ids.length, JSON.stringify(target)).toBeGreaterThan(0);
        for (const ref of ids) expect(allowed.has(ref), ref).toBe(true);
      }
    }
    const actionsOn = (ref: string) =>
      new Set(statements.filter((s) => asArray(s.Resource).some((r) => referencedIds(r).has(ref))).flatMap((s) => asArray(s.Action)));
    // It consumes its queue and, since announcements fan out and failed messages are retried, sends to it too.
    expect(actionsOn(queue.id)).toEqual(
      new Set(["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"]),
    );
    // Lambda puts a tick that failed every retry into the dead-letter queue with the worker's role: send only.
    expect(actionsOn(dlq.id)).toEqual(new Set(["sqs:SendMessage"]));
    // The Web Push keys: read only, never write.
    expect(actionsOn(secretId)).toEqual(new Set(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]));
    // An export streams to the bucket as a multipart upload (s3:PutObject covers its parts) and aborts the upload
    // when it fails (packages/core/src/storage).
    const onBucket = [...actionsOn(id("AWS::S3::Bucket", "StorageBucket"))];
    for (const action of ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject"])
      expect(
        onBucket.some((granted) => new RegExp(`^${granted.replaceAll("*", ".*")}$`).test(action)),
        action,
      ).toBe(true);
    // …and starts only once they are generated, like the API.
    expect(worker.resource.DependsOn).toContain(resource(template, "Custom::SigningKeys", "SigningKeysResource").id);
    const dynamo = statements.flatMap((s) => asArray(s.Action)).filter((action) => action.startsWith("dynamodb:"));
    expect(new Set(dynamo)).toEqual(new Set(TABLE_DATA_ACTIONS));
    for (const action of statements.flatMap((s) => asArray(s.Action))) expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe("the reminder schedule", () => {
  const schedule = resource(template, "AWS::Scheduler::Schedule", "ReminderSchedule");
  const target = schedule.resource.Properties!.Target;

  it(`runs every ${TICK_RATE.toMinutes()} minutes, on time, invoking the worker with the tick event`, () => {
    expect(TICK_RATE.toMinutes()).toBe(15);
    expect(schedule.resource.Properties).toMatchObject({ ScheduleExpression: "rate(15 minutes)", State: "ENABLED", FlexibleTimeWindow: { Mode: "OFF" } });
    expect(target.Arn).toEqual({ "Fn::GetAtt": [worker.id, "Arn"] });
    expect(JSON.parse(target.Input)).toEqual({ kind: "tick" });
    expect(TICK_EVENT).toEqual({ kind: "tick" });
  });

  it("retries a delivery Lambda refused, then puts it in the dead-letter queue (whose alarm fires)", () => {
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: TICK_DELIVERY_RETRIES, MaximumEventAgeInSeconds: TICK_MAX_AGE.toSeconds() });
    expect(TICK_DELIVERY_RETRIES).toBeGreaterThan(0);
    expect(target.DeadLetterConfig).toEqual({ Arn: { "Fn::GetAtt": [dlq.id, "Arn"] } });
  });

  it("has a tick that threw retried by Lambda, then put in the same dead-letter queue", () => {
    // The scheduler invokes Lambda asynchronously: a function error is Lambda's to retry, not the scheduler's.
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: worker.id },
      Qualifier: "$LATEST",
      MaximumRetryAttempts: TICK_RUN_RETRIES,
      MaximumEventAgeInSeconds: TICK_MAX_AGE.toSeconds(),
    });
    expect(TICK_RUN_RETRIES).toBeGreaterThan(0);
    expect(worker.resource.Properties!.DeadLetterConfig).toEqual({ TargetArn: { "Fn::GetAtt": [dlq.id, "Arn"] } });
  });

  it("uses a role only EventBridge Scheduler of this account may assume, that may only invoke the worker and fill the DLQ", () => {
    const roleId = [...referencedIds(target.RoleArn)][0]!;
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "scheduler.amazonaws.com" },
        Condition: { StringEquals: expect.objectContaining({ "aws:SourceAccount": "123456789012" }) },
      }),
    ]);
    const statements = statementsOfRole(template, roleId);
    const grants = statements.map((s) => ({ actions: asArray(s.Action), on: new Set(asArray(s.Resource).flatMap((r) => [...referencedIds(r)])) }));
    expect(grants).toEqual([
      { actions: ["lambda:InvokeFunction"], on: new Set([worker.id]) },
      { actions: ["sqs:SendMessage"], on: new Set([dlq.id]) },
    ]);
    // Created after the role's policy, so the first tick is allowed.
    const policyId = Object.keys(template.findResources("AWS::IAM::Policy")).find((pid) => pid.includes("ScheduleRoleDefaultPolicy"))!;
    expect(schedule.resource.DependsOn).toEqual(expect.arrayContaining([roleId, policyId]));
  });
});

describe("the redrive alarm", () => {
  it("fires as soon as one message is in the dead-letter queue", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq.id, "QueueName"] } }],
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
    });
  });
});

import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { MAX_RECEIVE_COUNT, WORKER_TIMEOUT } from "./jobs";
import { TABLE_DATA_ACTIONS } from "./storage";
import { asArray, referencedIds, resource, statementsOfRole, synthStack } from "./testing";

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
  it("runs the worker bundle on Node.js 22 arm64 and reports failed messages individually", () => {
    expect(worker.resource.Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Handler: "index.handler" });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [queue.id, "Arn"] },
      FunctionName: { Ref: worker.id },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      BatchSize: 1,
    });
  });

  it("knows its table and bucket", () => {
    expect(worker.resource.Properties!.Environment.Variables).toMatchObject({
      TABLE_NAME: { Ref: id("AWS::DynamoDB::Table", "StorageTable") },
      BUCKET_NAME: { Ref: id("AWS::S3::Bucket", "StorageBucket") },
      STAGE: "prod",
    });
  });

  it("may touch only its table, bucket, its log group, and consume (not send to) its queue", () => {
    const roleId = [...referencedIds(worker.resource.Properties!.Role)][0]!;
    const statements = statementsOfRole(template, roleId);
    const allowed = new Set([
      id("AWS::DynamoDB::Table", "StorageTable"),
      id("AWS::S3::Bucket", "StorageBucket"),
      queue.id,
      id("AWS::Logs::LogGroup", "JobsWorkerLogs"),
    ]);
    for (const statement of statements) {
      for (const target of asArray(statement.Resource)) {
        expect(target).not.toBe("*");
        for (const ref of referencedIds(target)) expect(allowed.has(ref), ref).toBe(true);
      }
    }
    const queueActions = statements.filter((s) => asArray(s.Resource).some((r) => referencedIds(r).has(queue.id))).flatMap((s) => asArray(s.Action));
    expect(queueActions).not.toContain("sqs:SendMessage");
    expect(queueActions).toContain("sqs:DeleteMessage");
    const dynamo = statements.flatMap((s) => asArray(s.Action)).filter((action) => action.startsWith("dynamodb:"));
    expect(new Set(dynamo)).toEqual(new Set(TABLE_DATA_ACTIONS));
    expect(template.toJSON().Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
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

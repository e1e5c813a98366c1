import { describe, expect, it } from "vitest";
import { referencedIds, synthStack } from "./testing";

/**
 * The inventory per stage, as docs/deploy.md lists it. A change here is a change in what runs (and costs)
 * in AWS: update the docs with it.
 */
const COMMON: Record<string, number> = {
  "AWS::ApiGatewayV2::Api": 1,
  "AWS::ApiGatewayV2::Integration": 1,
  "AWS::ApiGatewayV2::Route": 1,
  "AWS::ApiGatewayV2::Stage": 1,
  "AWS::Backup::BackupPlan": 1,
  "AWS::Backup::BackupSelection": 1,
  "AWS::Backup::BackupVault": 1,
  "AWS::CloudFront::CachePolicy": 1,
  "AWS::CloudFront::Distribution": 1,
  "AWS::CloudFront::Function": 1,
  "AWS::CloudFront::OriginAccessControl": 1,
  "AWS::CloudFront::ResponseHeadersPolicy": 2,
  "AWS::CloudWatch::Alarm": 7,
  "AWS::DynamoDB::Table": 1,
  "AWS::IAM::Policy": 7,
  "AWS::IAM::Role": 8,
  "AWS::KMS::Key": 1,
  "AWS::Lambda::EventInvokeConfig": 1,
  "AWS::Lambda::EventSourceMapping": 1,
  "AWS::Lambda::Function": 6,
  "AWS::Lambda::LayerVersion": 1,
  "AWS::Lambda::Permission": 1,
  "AWS::Logs::LogGroup": 4,
  "AWS::S3::Bucket": 2,
  "AWS::S3::BucketPolicy": 2,
  "AWS::SNS::Topic": 1,
  "AWS::SQS::Queue": 2,
  "AWS::SQS::QueuePolicy": 2,
  "AWS::Scheduler::Schedule": 1,
  "AWS::SecretsManager::Secret": 1,
  "Custom::CDKBucketDeployment": 1,
  "Custom::SigningKeys": 1,
};
const EXPECTED: Record<string, Record<string, number>> = {
  // dev empties both buckets on `sst remove`; production keeps the data bucket, so only the site is emptied.
  dev: { ...COMMON, "Custom::S3AutoDeleteObjects": 2 },
  prod: { ...COMMON, "Custom::S3AutoDeleteObjects": 1 },
};

function countByType(resources: Record<string, { Type: string }>) {
  const counts: Record<string, number> = {};
  for (const { Type } of Object.values(resources)) counts[Type] = (counts[Type] ?? 0) + 1;
  return counts;
}

describe.each(["dev", "prod"])("the %s stack", (stage) => {
  const { template } = synthStack(stage);
  const json = template.toJSON();

  it("creates exactly the listed resources", () => {
    expect(countByType(json.Resources)).toEqual(EXPECTED[stage]);
  });

  it("holds no secret value: signing keys are generated in AWS, never written in the template", () => {
    const text = JSON.stringify(json);
    const secretStrings = [...text.matchAll(/"SecretString":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(secretStrings).toEqual(["{}"]);
    expect(text.includes("TOKEN_SECRET")).toBe(false);
    expect(text.includes("CERT_SIGNING_KEY")).toBe(false);
    expect(text.includes("PRIVATE KEY")).toBe(false);
  });

  it("tags everything it can with app and stage, for the bill", () => {
    const tags = json.Resources[Object.keys(template.findResources("AWS::DynamoDB::Table"))[0]!].Properties.Tags;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: "app", Value: "ky-nang-so" },
        { Key: "stage", Value: stage },
      ]),
    );
  });

  it("has no dependency cycle (CloudFormation would only say so at deploy time)", () => {
    const resources = json.Resources as Record<string, { DependsOn?: string[] }>;
    const edges = (id: string) => new Set([...referencedIds(resources[id]), ...(resources[id]!.DependsOn ?? [])].filter((dep) => dep in resources));
    const state = new Map<string, "visiting" | "done">();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === "done") return;
      if (state.get(id) === "visiting") throw new Error(`cycle: ${[...path, id].join(" -> ")}`);
      state.set(id, "visiting");
      for (const dep of edges(id)) visit(dep, [...path, id]);
      state.set(id, "done");
    };
    for (const id of Object.keys(resources)) visit(id, []);
  });

  it("outputs the site URL", () => {
    expect(json.Outputs.SiteUrl.Value).toEqual({
      "Fn::Join": ["", ["https://", { "Fn::GetAtt": [expect.stringContaining("WebDistribution"), "DomainName"] }]],
    });
    expect(Object.keys(json.Outputs)).toEqual(expect.arrayContaining(["TableName", "BucketName", "DeadLetterQueueUrl", "AlarmTopicArn"]));
  });
});

import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createTableInput } from "../packages/core/src/db/table";
import { EXPORTS_EXPIRE_AFTER_DAYS, EXPORTS_PREFIX } from "./storage";
import { referencedIds, resource, statementsOfRole, synthStack } from "./testing";

const dev = synthStack("dev").template;
const prod = synthStack("prod").template;

describe("the table", () => {
  it("has exactly the keys, indexes and attributes DynamoDB Local gets from the shared definition", () => {
    const local = createTableInput("kns");
    const { Properties: table } = resource(prod, "AWS::DynamoDB::Table", "StorageTable").resource;
    expect(table!.KeySchema).toEqual(local.KeySchema);
    expect(new Set(table!.AttributeDefinitions)).toEqual(new Set(local.AttributeDefinitions));
    const byName = (indexes: Array<{ IndexName: string }>) => [...indexes].sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(byName(table!.GlobalSecondaryIndexes)).toEqual(byName(local.GlobalSecondaryIndexes));
  });

  it.each([
    ["dev", dev],
    ["prod", prod],
  ])("is on-demand with point-in-time recovery and the TTL attribute on %s", (_stage, template) => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("is protected from deletion and retained on production, removable on dev", () => {
    prod.hasResource("AWS::DynamoDB::Table", {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    dev.hasResource("AWS::DynamoDB::Table", {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: "Delete",
    });
  });

  it("can be swapped for a table restored from point-in-time recovery, indexes included in the grants", () => {
    const { template } = synthStack("prod", { restoredTableName: "kns-prod-restored-20250101" });
    template.resourceCountIs("AWS::DynamoDB::Table", 0);
    const api = resource(template, "AWS::Lambda::Function", "ApiHandlerFunction").resource;
    expect(api.Properties!.Environment.Variables.TABLE_NAME).toBe("kns-prod-restored-20250101");
    const roleId = [...referencedIds(api.Properties!.Role)][0]!;
    const dynamoResources = JSON.stringify(statementsOfRole(template, roleId).filter((s) => String(s.Action).includes("dynamodb:")));
    expect(dynamoResources).toContain(":table/kns-prod-restored-20250101");
    expect(dynamoResources).toContain(":table/kns-prod-restored-20250101/index/*");
  });
});

describe("the bucket for exports, media and certificates", () => {
  it.each([
    ["dev", dev],
    ["prod", prod],
  ])("blocks public access, is encrypted and refuses plain HTTP on %s", (_stage, template) => {
    const { id, resource: bucket } = resource(template, "AWS::S3::Bucket", "StorageBucket");
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe("AES256");
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
      },
    });
  });

  it(`expires ${EXPORTS_PREFIX} after ${EXPORTS_EXPIRE_AFTER_DAYS} days, unfinished uploads after 1, and nothing else`, () => {
    const rules = resource(prod, "AWS::S3::Bucket", "StorageBucket").resource.Properties!.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring).toEqual([
      expect.objectContaining({ Prefix: "exports/", ExpirationInDays: 7, Status: "Enabled" }),
      expect.objectContaining({ Prefix: "uploads/", ExpirationInDays: 1, Status: "Enabled" }),
    ]);
  });

  it("keeps certificates and media on production (retained, versioned) and cleans up dev", () => {
    prod.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({ VersioningConfiguration: { Status: "Enabled" }, LifecycleConfiguration: Match.anyValue() }),
      DeletionPolicy: "Retain",
    });
    expect(resource(prod, "AWS::S3::Bucket", "StorageBucket").resource.DeletionPolicy).toBe("Retain");
    expect(resource(dev, "AWS::S3::Bucket", "StorageBucket").resource.DeletionPolicy).toBe("Delete");
    expect(Object.keys(prod.findResources("Custom::S3AutoDeleteObjects"))).not.toContainEqual(expect.stringContaining("Storage"));
    expect(Object.keys(dev.findResources("Custom::S3AutoDeleteObjects"))).toContainEqual(expect.stringContaining("StorageBucket"));
  });
});

describe("direct uploads", () => {
  it("lets browsers PUT through signed URLs and expires unfinished uploads after a day", () => {
    const { template } = synthStack("prod");
    const buckets = Object.values(template.toJSON().Resources as Record<string, { Type: string; Properties: any }>).filter(
      (r) => r.Type === "AWS::S3::Bucket" && r.Properties.CorsConfiguration,
    );
    expect(buckets).toHaveLength(1);
    expect(buckets[0]!.Properties.CorsConfiguration.CorsRules[0].AllowedMethods).toEqual(["PUT"]);
    expect(buckets[0]!.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: "uploads/", ExpirationInDays: 1 }));
  });
});

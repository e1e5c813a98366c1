import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { createTableInput } from "../packages/core/src/db/table";
import {
  BACKUP_RULES,
  backupCopyVaultName,
  DEFAULT_BACKUP_COPY_REGION,
  EXPORTS_EXPIRE_AFTER_DAYS,
  EXPORTS_PREFIX,
  IMPORTS_EXPIRE_AFTER_DAYS,
  IMPORTS_PREFIX,
} from "./storage";
import { referencedIds, resource, statementsOfRole, synthStack, TEST_ENV } from "./testing";

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

  it(`expires ${EXPORTS_PREFIX} after ${EXPORTS_EXPIRE_AFTER_DAYS} days, ${IMPORTS_PREFIX} after ${IMPORTS_EXPIRE_AFTER_DAYS}, unfinished uploads after 1, and nothing else`, () => {
    const rules = resource(prod, "AWS::S3::Bucket", "StorageBucket").resource.Properties!.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring).toEqual([
      expect.objectContaining({ Prefix: "exports/", ExpirationInDays: 7, Status: "Enabled" }),
      // Admins' uploaded member lists: names and phones, needed only while their import job can still run.
      expect.objectContaining({ Prefix: "imports/", ExpirationInDays: 7, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: "Enabled" }),
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

describe("AWS Backup of the table and the bucket", () => {
  const plan = (template: typeof prod) => Object.values(template.findResources("AWS::Backup::BackupPlan"))[0]!.Properties.BackupPlan;
  const copyVaultArn = (region: string, stage: string) => ({
    "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:backup:${region}:123456789012:backup-vault:${backupCopyVaultName(stage)}`]],
  });

  it.each([
    ["dev", dev],
    ["prod", prod],
  ])("backs up daily for 35 days and monthly for a year on %s, each copied to the second region with the same lifetime", (stage, template) => {
    template.resourceCountIs("AWS::Backup::BackupPlan", 1);
    const rules = plan(template).BackupPlanRule as Array<Record<string, any>>;
    const byName = Object.fromEntries(rules.map((rule) => [rule.RuleName, rule]));
    expect(Object.keys(byName).sort()).toEqual(["daily", "monthly"]);
    expect(byName.daily).toMatchObject({ ScheduleExpression: "cron(0 17 * * ? *)", Lifecycle: { DeleteAfterDays: 35 } });
    expect(byName.monthly).toMatchObject({ ScheduleExpression: "cron(0 18 1 * ? *)", Lifecycle: { DeleteAfterDays: 365 } });
    expect(BACKUP_RULES.daily.keepDays).toBe(35);
    for (const rule of rules) {
      expect(rule.TargetBackupVault).toEqual({ "Fn::GetAtt": [resource(template, "AWS::Backup::BackupVault", "StorageBackupVault").id, "BackupVaultName"] });
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: copyVaultArn(DEFAULT_BACKUP_COPY_REGION, stage), Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } },
      ]);
    }
    expect(DEFAULT_BACKUP_COPY_REGION).not.toBe(TEST_ENV.region);
  });

  it("copies to the region the stage names, and refuses its own region", () => {
    const { template } = synthStack("prod", { backupCopyRegion: "ap-southeast-3" });
    for (const rule of plan(template).BackupPlanRule) expect(rule.CopyActions[0].DestinationBackupVaultArn).toEqual(copyVaultArn("ap-southeast-3", "prod"));
    expect(() => synthStack("prod", { backupCopyRegion: TEST_ENV.region })).toThrow(/own region/);
  });

  it.each([
    ["dev", dev],
    ["prod", prod],
  ])("selects the table and the bucket, with a role that may back up and restore S3 on %s", (_stage, template) => {
    const { Properties } = Object.values(template.findResources("AWS::Backup::BackupSelection"))[0]!;
    const resources = Properties!.BackupSelection.Resources;
    expect(resources).toHaveLength(2);
    expect(resources).toContainEqual({ "Fn::GetAtt": [resource(template, "AWS::DynamoDB::Table", "StorageTable").id, "Arn"] });
    expect(resources).toContainEqual({ "Fn::GetAtt": [resource(template, "AWS::S3::Bucket", "StorageBucket").id, "Arn"] });
    const role = template.findResources("AWS::IAM::Role")[[...referencedIds(Properties!.BackupSelection.IamRoleArn)][0]!]!;
    const policies = JSON.stringify(role.Properties.ManagedPolicyArns);
    for (const name of [
      "AWSBackupServiceRolePolicyForBackup",
      "AWSBackupServiceRolePolicyForRestores",
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
    ])
      expect(policies).toContain(name);
    // S3 backup needs versioning, on every stage that backs up.
    expect(resource(template, "AWS::S3::Bucket", "StorageBucket").resource.Properties!.VersioningConfiguration).toEqual({ Status: "Enabled" });
  });

  it("backs up the restored table when the stage runs on one", () => {
    const { template } = synthStack("prod", { restoredTableName: "kns-prod-restored-20250101" });
    const resources = JSON.stringify(Object.values(template.findResources("AWS::Backup::BackupSelection"))[0]!.Properties.BackupSelection.Resources);
    expect(resources).toContain(":table/kns-prod-restored-20250101");
  });

  it("keeps a KMS-encrypted vault, locked and retained on production, removable on dev", () => {
    const vault = resource(prod, "AWS::Backup::BackupVault", "StorageBackupVault").resource;
    expect(vault.DeletionPolicy).toBe("Retain");
    expect(vault.UpdateReplacePolicy).toBe("Retain");
    expect(vault.Properties!.LockConfiguration).toEqual({ MinRetentionDays: 35 });
    const keyId = [...referencedIds(vault.Properties!.EncryptionKeyArn)][0]!;
    const key = prod.findResources("AWS::KMS::Key")[keyId]!;
    expect(key.DeletionPolicy).toBe("Retain");
    expect(key.Properties.EnableKeyRotation).toBe(true);

    const devVault = resource(dev, "AWS::Backup::BackupVault", "StorageBackupVault").resource;
    expect(devVault.DeletionPolicy).toBe("Delete");
    expect(devVault.Properties!.LockConfiguration).toBeUndefined();
    expect(devVault.Properties!.EncryptionKeyArn).toBeDefined();
  });
});

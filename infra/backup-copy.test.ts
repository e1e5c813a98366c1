import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { KnsBackupCopyStack } from "./backup-copy";
import { BACKUP_RULES, backupCopyVaultName, DEFAULT_BACKUP_COPY_REGION, Storage } from "./storage";
import { type CfnResource, referencedIds, resource, TEST_ENV } from "./testing";

const copyStack = (stage: string, region = DEFAULT_BACKUP_COPY_REGION) => {
  const stack = new KnsBackupCopyStack(new App(), `kns-${stage}-backup-copy`, {
    env: { account: TEST_ENV.account, region },
    stage,
    production: stage === "prod",
  });
  return { stack, template: Template.fromStack(stack) };
};

/** Where the main stack's backup plan sends its copies: [region, vault name] from each rule's destination ARN. */
function copyDestinations(stage: string, backupCopyRegion: string) {
  const main = new Stack(new App(), `kns-${stage}`, { env: TEST_ENV });
  new Storage(main, "Storage", { stage, production: stage === "prod", backupCopyRegion });
  const plan = Object.values(Template.fromStack(main).findResources("AWS::Backup::BackupPlan"))[0]!.Properties.BackupPlan;
  return (plan.BackupPlanRule as Array<{ CopyActions: Array<{ DestinationBackupVaultArn: { "Fn::Join": [string, unknown[]] } }> }>).map((rule) => {
    // ["arn:", { Ref: "AWS::Partition" }, ":backup:<region>:<account>:backup-vault:<name>"]
    const arn = rule.CopyActions[0]!.DestinationBackupVaultArn["Fn::Join"][1].filter((part) => typeof part === "string").join("");
    const [, region, account, name] = /^arn::backup:([\w-]+):(\d+):backup-vault:(.+)$/.exec(arn) ?? [];
    return { region, account, name };
  });
}

describe("the backup copy vault stack", () => {
  it.each(["dev", "prod"])("on %s, makes the vault the main stack's backup plan copies to, in the copy region", (stage) => {
    const { stack, template } = copyStack(stage, "ap-southeast-3");
    expect(stack.region).toBe("ap-southeast-3");
    template.resourceCountIs("AWS::Backup::BackupVault", 1);
    const vault = resource(template, "AWS::Backup::BackupVault", "BackupCopyVault").resource;
    expect(vault.Properties!.BackupVaultName).toBe(backupCopyVaultName(stage));
    for (const destination of copyDestinations(stage, "ap-southeast-3"))
      expect(destination).toEqual({ region: "ap-southeast-3", account: TEST_ENV.account, name: vault.Properties!.BackupVaultName });
  });

  it("encrypts copies with a rotating KMS key of its own, which AWS Backup in this account and region may use", () => {
    const { template } = copyStack("dev");
    const vault = resource(template, "AWS::Backup::BackupVault", "BackupCopyVault").resource;
    const keyId = [...referencedIds(vault.Properties!.EncryptionKeyArn)][0]!;
    const key = template.findResources("AWS::KMS::Key")[keyId] as CfnResource;
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    const viaBackup = {
      "kms:CallerAccount": TEST_ENV.account,
      "kms:ViaService": { "Fn::Join": ["", [`backup.${DEFAULT_BACKUP_COPY_REGION}.`, { Ref: "AWS::URLSuffix" }]] },
    };
    expect(key.Properties!.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: expect.arrayContaining(["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]),
          Condition: { StringEquals: viaBackup },
        }),
        expect.objectContaining({
          Effect: "Allow",
          Action: "kms:CreateGrant",
          Condition: { StringEquals: viaBackup, Bool: { "kms:GrantIsForAWSResource": "true" } },
        }),
      ]),
    );
    // No statement opens the key to anyone outside the account or outside AWS Backup.
    for (const statement of key.Properties!.KeyPolicy.Statement as Array<{ Principal: unknown; Condition?: unknown }>)
      if (JSON.stringify(statement.Principal) === '{"AWS":"*"}') expect(statement.Condition).toMatchObject({ StringEquals: viaBackup });
  });

  it("is locked and retained on production like the primary vault, removable on dev", () => {
    const prod = copyStack("prod").template;
    prod.hasResource("AWS::Backup::BackupVault", {
      Properties: Match.objectLike({ LockConfiguration: { MinRetentionDays: BACKUP_RULES.daily.keepDays } }),
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    prod.hasResource("AWS::KMS::Key", { DeletionPolicy: "Retain" });

    const dev = copyStack("dev").template;
    const devVault = resource(dev, "AWS::Backup::BackupVault", "BackupCopyVault").resource;
    expect(devVault.DeletionPolicy).toBe("Delete");
    expect(devVault.Properties!.LockConfiguration).toBeUndefined();
    dev.hasResource("AWS::KMS::Key", { DeletionPolicy: "Delete" });
  });

  it("refuses to be made without a concrete region (the vault's ARN names it)", () => {
    expect(() => new KnsBackupCopyStack(new App(), "kns-dev-backup-copy", { env: { region: "" }, stage: "dev", production: false })).toThrow(/copy region/);
  });
});

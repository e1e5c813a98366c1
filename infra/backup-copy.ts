import { Duration, RemovalPolicy, Stack, type StackProps, Token } from "aws-cdk-lib";
import * as backup from "aws-cdk-lib/aws-backup";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { BACKUP_RULES, backupCopyVaultName } from "./storage";

export interface BackupCopyVaultProps {
  /** The stage name: names the vault, as the main stack's backup plan expects it (`backupCopyVaultName`). */
  stage: string;
  /** Production keeps the vault and its key when the stack is deleted, and locks the vault, like the primary one. */
  production: boolean;
}

/**
 * The vault in the copy region that the main stack's AWS Backup plan (infra/storage.ts) copies every recovery point
 * to, by name, with a KMS key of its own. A CloudFormation stack lives in one region, so this is a stack of its
 * own in the copy region, deployed before the first copy runs (docs/restore.md).
 */
export class BackupCopyVault extends Construct {
  readonly vault: backup.BackupVault;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: BackupCopyVaultProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, "Key", {
      description: `Ky Nang So ${props.stage}: AWS Backup copies`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // AWS Backup encrypts a copy with the destination vault's key, acting for the main stack's backup role. That
    // role lives in another region's stack, so instead of naming it, the key lets principals of this account use
    // it through AWS Backup in this region only (the condition set AWS's own aws/backup key uses).
    const throughBackup = {
      StringEquals: { "kms:CallerAccount": stack.account, "kms:ViaService": `backup.${stack.region}.${stack.urlSuffix}` },
    };
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AWSBackupCopiesInThisAccount",
        principals: [new iam.AnyPrincipal()],
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: ["*"],
        conditions: throughBackup,
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AWSBackupGrantsInThisAccount",
        principals: [new iam.AnyPrincipal()],
        actions: ["kms:CreateGrant"],
        resources: ["*"],
        conditions: { ...throughBackup, Bool: { "kms:GrantIsForAWSResource": "true" } },
      }),
    );

    this.vault = new backup.BackupVault(this, "Vault", {
      backupVaultName: backupCopyVaultName(props.stage),
      encryptionKey: this.key,
      removalPolicy,
      // As the primary vault: on production, copies cannot be deleted early or kept shorter than the daily lifetime,
      // except by a principal allowed backup:DeleteBackupVaultLockConfiguration (break-glass only).
      ...(props.production ? { lockConfiguration: { minRetention: Duration.days(BACKUP_RULES.daily.keepDays) } } : {}),
    });
  }
}

export interface KnsBackupCopyStackProps extends StackProps, BackupCopyVaultProps {
  /** The copy region is `env.region` (`KNS_BACKUP_COPY_REGION`), and must be concrete: the vault's ARN names it. */
  env: { account?: string; region: string };
}

/** `BackupCopyVault` as a standalone CloudFormation stack in the copy region (`npm run synth`, `cdk deploy`, tests). */
export class KnsBackupCopyStack extends Stack {
  readonly copy: BackupCopyVault;

  constructor(scope: Construct, id: string, props: KnsBackupCopyStackProps) {
    if (!props.env.region || Token.isUnresolved(props.env.region)) throw new Error("KnsBackupCopyStack needs the copy region in env.region");
    super(scope, id, props);
    this.copy = new BackupCopyVault(this, "BackupCopy", { stage: props.stage, production: props.production });
  }
}

import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as backup from "aws-cdk-lib/aws-backup";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { tableDefinition } from "../packages/core/src/db/table";

/** Objects under this prefix are one-off downloads (CSV/XLSX exports) and expire on their own. */
export const EXPORTS_PREFIX = "exports/";
export const EXPORTS_EXPIRE_AFTER_DAYS = 7;
/**
 * Admins' uploaded member and team lists (names, phone numbers) kept for the background import that reads them.
 * A job record lives a week (core/job), so a job redriven from the dead-letter queue within that week still finds
 * its file; after that the file is personal data with no purpose left (docs/privacy.md).
 */
export const IMPORTS_PREFIX = "imports/";
export const IMPORTS_EXPIRE_AFTER_DAYS = 7;

/**
 * What the functions may do with items. No Scan: DESIGN.md rules it out on every request path, and leaving it
 * out of IAM turns that rule into a guarantee. Transactions need no action of their own, only these.
 */
export const TABLE_DATA_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
];

/**
 * AWS Backup (docs/restore.md). Daily recovery points are kept as long as point-in-time recovery reaches back (35 days),
 * so a daily point exists for every day PITR covers, and survives the table's or bucket's deletion, which PITR does not.
 * Monthly points are kept a year: damage found late (a monthly report to a province that no longer adds up) can still
 * be traced and repaired, and a year covers the annual reporting cycle. Both are copied to a second region with the
 * same lifetimes, for the loss of the whole primary region or account-level damage there.
 */
export const BACKUP_RULES = {
  daily: { keepDays: 35, schedule: { minute: "0", hour: "17" } }, // 00:00 in Vietnam (UTC+7), the quietest hour
  monthly: { keepDays: 365, schedule: { minute: "0", hour: "18", day: "1" } },
} as const;
/** The copy region when a stage names none: Sydney, the nearest region to Singapore that is enabled by default. */
export const DEFAULT_BACKUP_COPY_REGION = "ap-southeast-2";
/** The vault in the copy region that copies go to; it is created once per account and stage (docs/restore.md, "Before"). */
export const backupCopyVaultName = (stage: string) => `kns-${stage}-backup-copy`;

export interface StorageProps {
  /** The stage name: names the backup vaults. */
  stage: string;
  /** The region backups are copied to; must differ from the stack's region. Default DEFAULT_BACKUP_COPY_REGION. */
  backupCopyRegion?: string;

  /** Production stages keep their data when the stack or a resource is deleted, and refuse table deletion. */
  production: boolean;
  /**
   * Use an existing table instead of creating one: the name of a table restored from point-in-time recovery
   * (docs/deploy.md, "Restore the table"). The created table, if any, is left alone on production (retained).
   */
  restoredTableName?: string;
}

/**
 * The one DynamoDB table, built from the same definition DynamoDB Local uses (`packages/core/src/db/table.ts`),
 * and the one bucket for exports, media and certificates.
 */
export class Storage extends Construct {
  readonly table: dynamodb.ITable;
  readonly bucket: s3.Bucket;
  readonly backupVault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = props.restoredTableName
      ? dynamodb.Table.fromTableAttributes(this, "Table", {
          tableName: props.restoredTableName,
          globalIndexes: tableDefinition.globalIndexes.map((index) => index.indexName),
        })
      : createTable(this, props.production, removalPolicy);

    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioning on every stage: AWS Backup refuses unversioned buckets, and replaced or deleted media come back.
      versioned: true,
      // Browsers PUT course media straight here through signed URLs; the signature limits key, type and size.
      cors: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: ["*"], allowedHeaders: ["content-type"], maxAge: 3600 }],
      removalPolicy,
      autoDeleteObjects: !props.production,
      lifecycleRules: [
        { id: "expire-exports", prefix: EXPORTS_PREFIX, expiration: Duration.days(EXPORTS_EXPIRE_AFTER_DAYS), noncurrentVersionExpiration: Duration.days(1) },
        {
          id: "expire-import-files",
          prefix: IMPORTS_PREFIX,
          expiration: Duration.days(IMPORTS_EXPIRE_AFTER_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Trainers' direct uploads (Course.createUpload) that were never completed.
        { id: "expire-unfinished-uploads", prefix: "uploads/", expiration: Duration.days(1) },
        { id: "expire-replaced-versions", noncurrentVersionExpiration: Duration.days(30) },
      ],
    });

    ({ vault: this.backupVault, plan: this.backupPlan } = createBackups(this, props, removalPolicy, this.table, this.bucket));
  }

  /** Item access to the table and its indexes (TABLE_DATA_ACTIONS). */
  grantTableData(grantee: iam.IGrantable) {
    return this.table.grant(grantee, ...TABLE_DATA_ACTIONS);
  }
}

function createTable(scope: Construct, production: boolean, removalPolicy: RemovalPolicy) {
  const string = dynamodb.AttributeType.STRING;
  const table = new dynamodb.Table(scope, "Table", {
    partitionKey: { name: tableDefinition.partitionKey, type: string },
    sortKey: { name: tableDefinition.sortKey, type: string },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    deletionProtection: production,
    removalPolicy,
  });
  for (const index of tableDefinition.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: string },
      sortKey: { name: index.sortKey, type: string },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}

function createBackups(scope: Construct, props: StorageProps, removalPolicy: RemovalPolicy, table: dynamodb.ITable, bucket: s3.IBucket) {
  const stack = Stack.of(scope);
  const copyRegion = props.backupCopyRegion ?? DEFAULT_BACKUP_COPY_REGION;
  if (copyRegion === stack.region) throw new Error(`backupCopyRegion ${copyRegion} is the stack's own region; copies must go elsewhere`);

  const key = new kms.Key(scope, "BackupKey", {
    description: `Ky Nang So ${props.stage}: AWS Backup vault`,
    enableKeyRotation: true,
    removalPolicy,
  });
  const vault = new backup.BackupVault(scope, "BackupVault", {
    backupVaultName: `kns-${props.stage}-backup`,
    encryptionKey: key,
    removalPolicy,
    // Governance-mode lock on production: recovery points cannot be deleted early or kept shorter than the daily
    // lifetime, except by a principal allowed backup:DeleteBackupVaultLockConfiguration (break-glass only).
    ...(props.production ? { lockConfiguration: { minRetention: Duration.days(BACKUP_RULES.daily.keepDays) } } : {}),
  });
  const copyVault = backup.BackupVault.fromBackupVaultArn(
    scope,
    "BackupCopyVault",
    stack.formatArn({
      service: "backup",
      region: copyRegion,
      resource: "backup-vault",
      resourceName: backupCopyVaultName(props.stage),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  );

  const plan = new backup.BackupPlan(scope, "BackupPlan", { backupPlanName: `kns-${props.stage}`, backupVault: vault });
  for (const [name, rule] of Object.entries(BACKUP_RULES)) {
    const lifetime = Duration.days(rule.keepDays);
    plan.addRule(
      new backup.BackupPlanRule({
        ruleName: name,
        scheduleExpression: events.Schedule.cron(rule.schedule),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: lifetime,
        copyActions: [{ destinationBackupVault: copyVault, deleteAfter: lifetime }],
      }),
    );
  }

  const role = new iam.Role(scope, "BackupRole", {
    assumedBy: new iam.ServicePrincipal("backup.amazonaws.com"),
    managedPolicies: [
      "service-role/AWSBackupServiceRolePolicyForBackup",
      "service-role/AWSBackupServiceRolePolicyForRestores",
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
    ].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  key.grantEncryptDecrypt(role);
  plan.addSelection("Selection", {
    backupSelectionName: "table-and-bucket",
    role,
    resources: [backup.BackupResource.fromDynamoDbTable(table), backup.BackupResource.fromArn(bucket.bucketArn)],
  });
  return { vault, plan };
}

import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { tableDefinition } from "../packages/core/src/db/table";

/** Objects under this prefix are one-off downloads (CSV/XLSX exports) and expire on their own. */
export const EXPORTS_PREFIX = "exports/";
export const EXPORTS_EXPIRE_AFTER_DAYS = 7;

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

export interface StorageProps {
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
      versioned: props.production,
      // Browsers PUT course media straight here through signed URLs; the signature limits key, type and size.
      cors: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: ["*"], allowedHeaders: ["content-type"], maxAge: 3600 }],
      removalPolicy,
      autoDeleteObjects: !props.production,
      lifecycleRules: [
        { id: "expire-exports", prefix: EXPORTS_PREFIX, expiration: Duration.days(EXPORTS_EXPIRE_AFTER_DAYS), noncurrentVersionExpiration: Duration.days(1) },
        { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Trainers' direct uploads (Course.createUpload) that were never completed.
        { id: "expire-unfinished-uploads", prefix: "uploads/", expiration: Duration.days(1) },
        ...(props.production ? [{ id: "expire-replaced-versions", noncurrentVersionExpiration: Duration.days(30) }] : []),
      ],
    });
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

import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { ORIGIN_VERIFY_HEADER } from "../packages/api/src/origin-verify";
import { edgeParameterName } from "./edge";
import { ORIGIN_VERIFY_GENERATION, stageStacks } from "./stack";
import { stageSettingsFromEnv } from "./stage-settings";
import { TEST_ENV, referencedIds, resource, stubCode, stubSite, synthStack, type CfnResource } from "./testing";

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
  "AWS::CloudFront::Function": 2,
  "AWS::CloudFront::OriginAccessControl": 2,
  "AWS::CloudFront::ResponseHeadersPolicy": 3,
  "AWS::CloudWatch::Alarm": 10,
  "AWS::CloudWatch::Dashboard": 1,
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
  "AWS::SecretsManager::Secret": 2,
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

const DOMAIN = "kynangso.example.gov.vn";
const ZONE = { id: "Z0123456789ABC", name: "example.gov.vn" };

function distributionConfig(template: Template) {
  return resource(template, "AWS::CloudFront::Distribution", "WebDistribution").resource.Properties!.DistributionConfig;
}
function apiEnvironment(template: Template) {
  return resource(template, "AWS::Lambda::Function", "ApiHandlerFunction").resource.Properties!.Environment.Variables as Record<string, unknown>;
}
/** The default of the SSM-typed template parameter `ref` points at, i.e. the parameter's name in Parameter Store. */
function ssmParameterOf(template: Template, ref: unknown) {
  const id = (ref as { Ref?: string }).Ref;
  const parameter = id ? (template.toJSON().Parameters[id] as { Type: string; Default: string }) : undefined;
  expect(parameter?.Type).toBe("AWS::SSM::Parameter::Value<String>");
  return parameter!.Default;
}

describe("the edge, the custom domain and the origin-verify secret", () => {
  it("attaches the edge stack's web ACL, read from its SSM parameter at deploy time", () => {
    const { template } = synthStack("dev");
    expect(ssmParameterOf(template, distributionConfig(template).WebACLId)).toBe(edgeParameterName("dev", "web-acl-arn"));
  });

  it("generates the origin-verify secret in AWS, letters and digits only, and gives the same reference to CloudFront and the API", () => {
    const { template } = synthStack("prod");
    const { id: secretId, resource: secret } = resource(template, "AWS::SecretsManager::Secret", `OriginVerify${ORIGIN_VERIFY_GENERATION}`);
    expect(secret.Properties).toMatchObject({ GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 64 } });
    expect(secret.Properties!.SecretString).toBeUndefined();
    const reference = { "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: secretId }, ":SecretString:::}}"]] };
    expect(apiEnvironment(template).ORIGIN_VERIFY_SECRET).toEqual(reference);
    const headers = (distributionConfig(template).Origins as Array<{ OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }> }>).flatMap(
      (origin) => origin.OriginCustomHeaders ?? [],
    );
    // The very header the function checks (packages/api/src/origin-verify.ts).
    expect(headers).toEqual([{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: reference }]);
  });

  it("serves the cloudfront.net name, with no certificate or DNS, when no domain is configured", () => {
    const { template } = synthStack("dev");
    const config = distributionConfig(template);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    template.resourceCountIs("AWS::Route53::RecordSet", 0);
    expect(Object.keys(template.toJSON().Parameters).filter((id) => id.includes("certificatearn"))).toEqual([]);
    expect(template.toJSON().Outputs.CnameTarget).toBeUndefined();
  });

  it("puts the custom domain on the distribution with the edge stack's certificate, and tells where to point the CNAME", () => {
    const { template } = synthStack("prod", { domain: { name: DOMAIN } });
    const config = distributionConfig(template);
    expect(config.Aliases).toEqual([DOMAIN]);
    expect(config.ViewerCertificate).toMatchObject({ SslSupportMethod: "sni-only" });
    expect(ssmParameterOf(template, config.ViewerCertificate.AcmCertificateArn)).toBe(edgeParameterName("prod", "certificate-arn"));
    const outputs = template.toJSON().Outputs;
    expect(outputs.SiteUrl.Value).toBe(`https://${DOMAIN}`);
    expect(outputs.CnameTarget.Value).toEqual({ "Fn::GetAtt": [expect.stringContaining("WebDistribution"), "DomainName"] });
    // Without the zone in Route 53 the records are the DNS operator's to add.
    template.resourceCountIs("AWS::Route53::RecordSet", 0);
    // Certificates and reminders link to the domain, not to the cloudfront.net name.
    expect(apiEnvironment(template).PUBLIC_URL).toBe(`https://${DOMAIN}`);
    expect(resource(template, "AWS::Lambda::Function", "JobsWorkerFunction").resource.Properties!.Environment.Variables.PUBLIC_URL).toBe(`https://${DOMAIN}`);
  });

  it("makes A and AAAA alias records to the distribution when the domain's zone is in Route 53", () => {
    const { template } = synthStack("prod", { domain: { name: DOMAIN, hostedZone: ZONE } });
    const distributionId = resource(template, "AWS::CloudFront::Distribution", "WebDistribution").id;
    for (const type of ["A", "AAAA"]) {
      template.hasResourceProperties("AWS::Route53::RecordSet", {
        Type: type,
        Name: `${DOMAIN}.`,
        HostedZoneId: ZONE.id,
        AliasTarget: { DNSName: { "Fn::GetAtt": [distributionId, "DomainName"] }, HostedZoneId: Match.anyValue() },
      });
    }
    template.resourceCountIs("AWS::Route53::RecordSet", 2);
    expect(template.toJSON().Outputs.CnameTarget).toBeUndefined();
  });
});

describe("npm run synth's stacks for a stage", () => {
  it("are the edge in us-east-1, the platform in KNS_REGION and the copy vault in KNS_BACKUP_COPY_REGION, the platform last", () => {
    const app = new App();
    const settings = stageSettingsFromEnv({ KNS_REGION: "ap-southeast-7", KNS_BACKUP_COPY_REGION: "ap-southeast-1", KNS_DOMAIN: DOMAIN, KNS_GEO_ALLOW: "VN" });
    const { edge, main } = stageStacks(app, { stage: "prod", account: TEST_ENV.account, settings, code: stubCode(), siteDir: stubSite() });
    const assembly = app.synth();
    const stacks = Object.fromEntries(assembly.stacks.map((stack) => [stack.stackName, stack]));
    expect(Object.keys(stacks).sort()).toEqual(["kns-prod", "kns-prod-backup-copy", "kns-prod-edge"]);
    expect(stacks["kns-prod-edge"]!.environment.region).toBe("us-east-1");
    expect(stacks["kns-prod"]!.environment.region).toBe("ap-southeast-7");
    expect(stacks["kns-prod-backup-copy"]!.environment.region).toBe("ap-southeast-1");
    expect(stacks["kns-prod"]!.dependencies.map((dependency) => dependency.id)).toEqual(expect.arrayContaining(["kns-prod-edge", "kns-prod-backup-copy"]));
    Template.fromStack(main).hasResourceProperties("AWS::Backup::BackupPlan", {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ CopyActions: [Match.objectLike({ DestinationBackupVaultArn: Match.anyValue() })] })]) },
    });
    expect(JSON.stringify(Template.fromStack(main).toJSON())).toContain(":backup:ap-southeast-1:");

    // The edge writes into the platform's region exactly the parameters the platform reads.
    const written = Object.values(Template.fromStack(edge).findResources("Custom::EdgeParameter") as Record<string, CfnResource>).map((writer) => {
      const text = (writer.Properties!.Update["Fn::Join"][1] as unknown[]).map((part) => (typeof part === "string" ? part : "x")).join("");
      const call = JSON.parse(text) as { region: string; parameters: { Name: string } };
      return `${call.region} ${call.parameters.Name}`;
    });
    const read = Object.values(Template.fromStack(main).toJSON().Parameters as Record<string, { Type: string; Default: string }>)
      .filter((parameter) => parameter.Default.startsWith("/ky-nang-so/"))
      .map((parameter) => `ap-southeast-7 ${parameter.Default}`);
    expect(read.sort()).toEqual(written.sort());
    expect(read).toHaveLength(2);
    Template.fromStack(edge).hasResourceProperties("AWS::WAFv2::WebACL", { Rules: Match.arrayWith([Match.objectLike({ Name: "GeoAllowList" })]) });
  });
});

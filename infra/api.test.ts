import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { SIGNING_KEY_NAMES } from "./api";
import { TABLE_DATA_ACTIONS } from "./storage";
import { apiThrottle } from "./stack";
import { asArray, referencedIds, resource, statementsOfRole, synthStack, withoutTracing } from "./testing";

const { template } = synthStack("prod");
const json = template.toJSON();
const fn = resource(template, "AWS::Lambda::Function", "ApiHandlerFunction");
const roleId = [...referencedIds(fn.resource.Properties!.Role)][0]!;
const id = (type: string, part: string) => resource(template, type, part).id;

describe("the API function", () => {
  it("runs the prebuilt bundle on Node.js 24, arm64, without loading source maps at cold start", () => {
    expect(fn.resource.Properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
    // Logged stacks are mapped on demand (packages/api/src/stack.ts); the flag would cost every cold start.
    expect(fn.resource.Properties!.Environment.Variables).not.toHaveProperty("NODE_OPTIONS");
    expect(fn.resource.Properties!.Code.S3Key).toMatch(/\.zip$/);
  });

  it("gets every setting the code reads from the environment, and no secret values", () => {
    const env = fn.resource.Properties!.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(
      ["BUCKET_NAME", "FONTS_DIR", "ORIGIN_VERIFY_SECRET", "PUBLIC_URL", "QUEUE_URL", "SECRETS_ARN", "STAGE", "TABLE_NAME"].sort(),
    );
    expect(env.STAGE).toBe("prod");
    expect(env.TABLE_NAME).toEqual({ Ref: id("AWS::DynamoDB::Table", "StorageTable") });
    expect(env.BUCKET_NAME).toEqual({ Ref: id("AWS::S3::Bucket", "StorageBucket") });
    expect(env.QUEUE_URL).toEqual({ Ref: id("AWS::SQS::Queue", "JobsQueue") });
    expect(env.SECRETS_ARN).toEqual({ Ref: id("AWS::SecretsManager::Secret", "ApiSecret") });
    // A reference CloudFormation resolves inside AWS, not the value (infra/stack.ts).
    expect(env.ORIGIN_VERIFY_SECRET).toEqual({
      "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: id("AWS::SecretsManager::Secret", "OriginVerify") }, ":SecretString:::}}"]],
    });
    expect(env).not.toHaveProperty("TOKEN_SECRET");
    expect(env).not.toHaveProperty("CERT_SIGNING_KEY");
  });

  it("finds the certificate fonts inside its bundle, and names the site (not the API host) in printed links", () => {
    const env = fn.resource.Properties!.Environment.Variables as Record<string, unknown>;
    expect(env.FONTS_DIR).toBe("/var/task/fonts");
    expect(env.PUBLIC_URL).toEqual({
      "Fn::Join": ["", ["https://", { "Fn::GetAtt": [id("AWS::CloudFront::Distribution", "WebDistribution"), "DomainName"] }]],
    });
  });

  it("writes to its own log group, kept for three months on production", () => {
    expect(referencedIds(fn.resource.Properties!.LoggingConfig)).toEqual(new Set([id("AWS::Logs::LogGroup", "ApiHandlerLogs")]));
    template.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: 90 });
  });
});

describe("the signing keys", () => {
  const secret = resource(template, "AWS::SecretsManager::Secret", "ApiSecret");
  const filler = resource(template, "Custom::SigningKeys", "SigningKeysResource");

  it("live in one secret that the template creates empty and production keeps", () => {
    expect(secret.resource.Properties!.SecretString).toBe("{}");
    expect(secret.resource.Properties!.GenerateSecretString).toBeUndefined();
    expect(secret.resource.DeletionPolicy).toBe("Retain");
  });

  it("are generated inside AWS at deploy time, before the API function exists", () => {
    expect(filler.resource.Properties).toMatchObject({ SecretId: { Ref: secret.id }, Keys: SIGNING_KEY_NAMES });
    expect(fn.resource.DependsOn).toContain(filler.id);
    const generator = resource(template, "AWS::Lambda::Function", "ApiSigningKeysFunction").resource;
    expect(generator.Properties).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" });
    // It runs once per deploy: Node maps its stacks itself, the cold start does not matter there.
    expect(generator.Properties!.Environment.Variables).toEqual({ NODE_OPTIONS: "--enable-source-maps" });
  });

  it("the generator may only read and write that secret", () => {
    const generator = resource(template, "AWS::Lambda::Function", "ApiSigningKeysFunction").resource;
    const generatorRole = [...referencedIds(generator.Properties!.Role)][0]!;
    const targets = new Set(statementsOfRole(template, generatorRole).flatMap((s) => asArray(s.Resource).flatMap((r) => [...referencedIds(r)])));
    expect(targets).toEqual(new Set([secret.id, id("AWS::Logs::LogGroup", "ApiSigningKeysLogs")]));
  });
});

describe("least privilege: the API function's role", () => {
  // X-Ray's write actions, the one statement that must name "*", are checked with tracing (lambda-function.test.ts).
  const statements = withoutTracing(statementsOfRole(template, roleId));
  const allowed = new Map([
    [id("AWS::DynamoDB::Table", "StorageTable"), "table"],
    [id("AWS::S3::Bucket", "StorageBucket"), "bucket"],
    [id("AWS::SQS::Queue", "JobsQueue"), "queue"],
    [id("AWS::SecretsManager::Secret", "ApiSecret"), "signing keys"],
    [id("AWS::Logs::LogGroup", "ApiHandlerLogs"), "its log group"],
  ]);

  it("has no managed policies (no AWSLambdaBasicExecutionRole and its logs on every resource)", () => {
    expect(json.Resources[roleId].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("names only its table, bucket, queue, secrets and log group, never '*'", () => {
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe("Allow");
      for (const target of asArray(statement.Resource)) {
        expect(target).not.toBe("*");
        const ids = [...referencedIds(target)];
        expect(ids.length, JSON.stringify(target)).toBeGreaterThan(0);
        for (const ref of ids) expect(allowed.has(ref), `${ref} in ${JSON.stringify(statement.Action)}`).toBe(true);
      }
    }
    const touched = new Set(statements.flatMap((s) => asArray(s.Resource).flatMap((r) => [...referencedIds(r)])).map((ref) => allowed.get(ref)));
    expect(touched).toEqual(new Set(allowed.values()));
  });

  it("uses no service-wide wildcard actions", () => {
    for (const action of statements.flatMap((s) => asArray(s.Action))) expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
  });

  it("may read and write items but not scan the table, nor manage it", () => {
    const dynamo = statements.flatMap((s) => asArray(s.Action)).filter((action) => action.startsWith("dynamodb:"));
    expect(new Set(dynamo)).toEqual(new Set(TABLE_DATA_ACTIONS));
  });

  it("may only send to the queue, only read the secrets", () => {
    const actionsOn = (ref: string) => statements.filter((s) => asArray(s.Resource).some((r) => referencedIds(r).has(ref))).flatMap((s) => asArray(s.Action));
    expect(new Set(actionsOn(id("AWS::SQS::Queue", "JobsQueue")))).toEqual(new Set(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]));
    expect(new Set(actionsOn(id("AWS::SecretsManager::Secret", "ApiSecret")))).toEqual(
      new Set(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]),
    );
  });
});

describe("the HTTP API", () => {
  it("sends /api/* to the function with payload v2, and nothing else", () => {
    const routes = template.findResources("AWS::ApiGatewayV2::Route");
    expect(Object.values(routes).map((route) => route.Properties.RouteKey)).toEqual(["ANY /api/{proxy+}"]);
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: { "Fn::GetAtt": [fn.id, "Arn"] },
    });
  });

  it("throttles and access-logs its default stage", () => {
    const stage = resource(template, "AWS::ApiGatewayV2::Stage", "DefaultStage").resource.Properties!;
    expect(stage).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: apiThrottle("prod").rateLimit, ThrottlingBurstLimit: apiThrottle("prod").burstLimit },
    });
    expect(referencedIds(stage.AccessLogSettings.DestinationArn)).toEqual(new Set([id("AWS::Logs::LogGroup", "ApiAccessLogs")]));
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status", ip: "$context.identity.sourceIp" });
  });

  it("throttles dev harder than production", () => {
    const dev = synthStack("dev").template;
    dev.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: apiThrottle("dev").rateLimit }),
    });
    expect(apiThrottle("dev").rateLimit).toBeLessThan(apiThrottle("prod").rateLimit);
  });
});

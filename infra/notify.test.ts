import { App, Stack } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { channelSettingsFromEnv, smsResourceArns } from "./notify";
import { asArray, referencedIds, resource, statementsOfRole, synthStack, TEST_ENV } from "./testing";

/** The SMS and Zalo channels reach the functions only when configured, with the narrowest grants. */
const functions = ["ApiHandlerFunction", "JobsWorkerFunction"] as const;

function fn(template: Template, part: string) {
  const found = resource(template, "AWS::Lambda::Function", part);
  const roleId = [...referencedIds(found.resource.Properties!.Role)][0]!;
  return { env: found.resource.Properties!.Environment.Variables as Record<string, unknown>, statements: statementsOfRole(template, roleId) };
}

const sms = { originationIdentity: "KYNANGSO", configurationSet: "kns-delivery" };
const zalo = { templates: { "reminder.due": "256789", password_reset: "256791" } };

describe("without SMS or Zalo configured", () => {
  const { template } = synthStack("prod");
  const text = JSON.stringify(template.toJSON());

  it("adds nothing: no environment, no permission, no secret", () => {
    for (const name of ["SMS_ORIGINATION_IDENTITY", "SMS_CONFIGURATION_SET", "ZALO_SECRET_ARN", "ZALO_ZNS_TEMPLATES", "ZALO_ZNS_ACCESS_TOKEN", "sms-voice:"]) {
      expect(text.includes(name), name).toBe(false);
    }
    // The signing keys' and the origin-verify secret (infra/stack.ts) are always there; no Zalo secret.
    expect(Object.keys(template.findResources("AWS::SecretsManager::Secret")).filter((id) => !id.includes("OriginVerify"))).toEqual([
      expect.stringContaining("ApiSecret"),
    ]);
  });
});

describe("with SMS configured", () => {
  const { template } = synthStack("prod", { sms });
  const arn = (rest: string) => ({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, `:sms-voice:${TEST_ENV.region}:${TEST_ENV.account}:${rest}`]] });

  it.each(functions)("gives %s the origination identity and configuration set", (part) => {
    expect(fn(template, part).env).toMatchObject({ SMS_ORIGINATION_IDENTITY: "KYNANGSO", SMS_CONFIGURATION_SET: "kns-delivery" });
  });

  it.each(functions)("lets %s send text messages from that sender id and configuration set only", (part) => {
    const smsStatements = fn(template, part).statements.filter((s) => asArray(s.Action).some((action) => action.startsWith("sms-voice:")));
    expect(smsStatements).toHaveLength(1);
    expect(smsStatements[0]).toMatchObject({ Effect: "Allow", Action: "sms-voice:SendTextMessage" });
    expect(asArray(smsStatements[0]!.Resource)).toEqual([arn("sender-id/KYNANGSO/VN"), arn("configuration-set/kns-delivery")]);
  });

  it("adds no resource, only environment and a policy statement", () => {
    const count = (t: Template) => Object.keys(t.toJSON().Resources).length;
    expect(count(template)).toBe(count(synthStack("prod").template));
  });
});

describe("the SMS grant's resources", () => {
  const stack = new Stack(new App(), "arns", { env: TEST_ENV });
  const arns = (originationIdentity: string, configurationSet?: string) =>
    smsResourceArns(stack, { originationIdentity, configurationSet }).map((value) => stack.resolve(value) as unknown);
  const tail = (value: unknown) => (value as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1][2];

  it("names phone numbers and pools by id, sender ids by country, and takes ARNs as they are", () => {
    expect(tail(arns("phone-0123456789abcdef0123456789abcdef")[0])).toBe(
      ":sms-voice:ap-southeast-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef",
    );
    expect(tail(arns("pool-0123456789abcdef0123456789abcdef")[0])).toBe(":sms-voice:ap-southeast-1:123456789012:pool/pool-0123456789abcdef0123456789abcdef");
    expect(tail(smsResourceArns(stack, { originationIdentity: "KNS", senderIdCountry: "LA" }).map((v) => stack.resolve(v))[0])).toMatch(/sender-id\/KNS\/LA$/);
    const given = "arn:aws:sms-voice:ap-southeast-1:123456789012:sender-id/KNS/VN";
    expect(arns(given, "arn:aws:sms-voice:ap-southeast-1:123456789012:configuration-set/x")).toEqual([
      given,
      "arn:aws:sms-voice:ap-southeast-1:123456789012:configuration-set/x",
    ]);
  });

  it("refuses what IAM cannot name: a bare phone number, or nonsense", () => {
    expect(() => arns("+84901234567")).toThrow(/phone number's id/);
    expect(() => arns("not a sender id")).toThrow(/neither/);
  });
});

describe("with Zalo configured", () => {
  const { template } = synthStack("prod", { zalo });
  const json = template.toJSON();
  const secret = resource(template, "AWS::SecretsManager::Secret", "ZaloSecret");

  it("keeps the access token in its own secret, created empty, never in the template", () => {
    expect(secret.resource.Properties!.SecretString).toBe("{}");
    expect(secret.resource.Properties!.GenerateSecretString).toBeUndefined();
    expect(secret.resource.DeletionPolicy).toBe("Retain");
    const text = JSON.stringify(json);
    expect(text.includes("ZALO_ZNS_ACCESS_TOKEN")).toBe(false);
    expect(text.includes('accessToken":')).toBe(false);
  });

  it.each(functions)("gives %s the secret's ARN and the templates, and lets it only read that secret", (part) => {
    const { env, statements } = fn(template, part);
    expect(env.ZALO_SECRET_ARN).toEqual({ Ref: secret.id });
    expect(JSON.parse(env.ZALO_ZNS_TEMPLATES as string)).toEqual(zalo.templates);
    expect(env).not.toHaveProperty("ZALO_ZNS_ACCESS_TOKEN");
    const actions = statements.filter((s) => asArray(s.Resource).some((r) => referencedIds(r).has(secret.id))).flatMap((s) => asArray(s.Action));
    expect(new Set(actions)).toEqual(new Set(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]));
  });

  it("is deleted with a dev stack", () => {
    const dev = synthStack("dev", { zalo }).template;
    expect(resource(dev, "AWS::SecretsManager::Secret", "ZaloSecret").resource.DeletionPolicy).toBe("Delete");
  });

  it("refuses templates for kinds of message that do not exist", () => {
    expect(() => synthStack("dev", { zalo: { templates: { "reminder.typo": "1" } } })).toThrow(/unknown kinds/);
  });
});

describe("settings from the deploying environment (sst.config.ts)", () => {
  it("reads SMS and Zalo from KNS_* variables, and nothing when they are unset", () => {
    expect(channelSettingsFromEnv({})).toEqual({});
    expect(
      channelSettingsFromEnv({
        KNS_SMS_ORIGINATION_IDENTITY: " KYNANGSO ",
        KNS_SMS_CONFIGURATION_SET: "",
        KNS_ZALO_ZNS_TEMPLATES: '{"reminder.due":256789}',
      }),
    ).toEqual({ sms: { originationIdentity: "KYNANGSO", configurationSet: undefined }, zalo: { templates: { "reminder.due": "256789" } } });
  });

  it("refuses templates that are not a JSON object of ids", () => {
    expect(() => channelSettingsFromEnv({ KNS_ZALO_ZNS_TEMPLATES: "reminder.due=1" })).toThrow(/must be JSON/);
    expect(() => channelSettingsFromEnv({ KNS_ZALO_ZNS_TEMPLATES: "[1]" })).toThrow(/must map/);
  });
});

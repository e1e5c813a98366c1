import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { SIGNING_KEY_NAMES } from "./api";
import { SIGNING_KEYS, handler, withMissingKeys } from "./signing-keys";

const SECRET_ARN = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:kns-prod-ApiSecret-AbCdEf";
const secrets = mockClient(SecretsManagerClient);

function event(RequestType: "Create" | "Update" | "Delete"): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: "arn:aws:lambda:ap-southeast-1:123456789012:function:provider",
    ResponseURL: "https://cloudformation-custom-resource-response.example/",
    StackId: "arn:aws:cloudformation:ap-southeast-1:123456789012:stack/kns-prod/1",
    RequestId: "1",
    LogicalResourceId: "SigningKeys",
    ResourceType: "Custom::SigningKeys",
    ResourceProperties: { ServiceToken: "x", SecretId: SECRET_ARN, Keys: SIGNING_KEY_NAMES },
  };
  if (RequestType === "Create") return { ...common, RequestType };
  return { ...common, RequestType, PhysicalResourceId: SECRET_ARN, OldResourceProperties: common.ResourceProperties } as CloudFormationCustomResourceEvent;
}

function written() {
  return secrets.commandCalls(PutSecretValueCommand).map((call) => JSON.parse(call.args[0].input.SecretString!) as Record<string, string>);
}

beforeEach(() => secrets.reset());

describe("the signing keys the deploy puts in the API's secret", () => {
  it("are exactly the keys the API reads", () => {
    expect([...SIGNING_KEYS].sort()).toEqual([...SIGNING_KEY_NAMES].sort());
  });

  it("are a long random token secret and an Ed25519 private key in PKCS#8 PEM", () => {
    const keys = withMissingKeys({}) as Record<string, string>;
    expect(keys.tokenSecret).toMatch(/^[\w-]{64}$/);
    expect(createPrivateKey(keys.certificateSigningKey!).asymmetricKeyType).toBe("ed25519");
    expect(withMissingKeys({})!.tokenSecret).not.toBe(keys.tokenSecret);
  });

  it("hold a Web Push (VAPID) pair: an uncompressed P-256 public key whose private half signs for it", () => {
    const keys = withMissingKeys({}) as Record<string, string>;
    const publicKey = Buffer.from(keys.vapidPublicKey!, "base64url");
    expect(publicKey).toHaveLength(65);
    expect(publicKey[0]).toBe(4);
    expect(Buffer.from(keys.vapidPrivateKey!, "base64url")).toHaveLength(32);
    const jwk = { kty: "EC", crv: "P-256", x: publicKey.subarray(1, 33).toString("base64url"), y: publicKey.subarray(33).toString("base64url") };
    const signature = sign("sha256", Buffer.from("vapid"), createPrivateKey({ key: { ...jwk, d: keys.vapidPrivateKey }, format: "jwk" }));
    expect(verify("sha256", Buffer.from("vapid"), createPublicKey({ key: jwk, format: "jwk" }), signature)).toBe(true);
  });

  it("never replace a key that is already there", () => {
    const existing = withMissingKeys({})!;
    expect(withMissingKeys(existing)).toBeUndefined();
    const { tokenSecret: _dropped, ...onlyCertificate } = existing;
    const filled = withMissingKeys(onlyCertificate)!;
    expect(filled.certificateSigningKey).toBe(existing.certificateSigningKey);
    expect(filled.tokenSecret).toMatch(/^[\w-]{64}$/);
  });

  it("make the VAPID pair anew when half of it is missing, and keep a whole pair", () => {
    const existing = withMissingKeys({}) as Record<string, string>;
    const { vapidPrivateKey: _lost, ...halfPair } = existing;
    const filled = withMissingKeys(halfPair) as Record<string, string>;
    expect(filled.vapidPublicKey).not.toBe(existing.vapidPublicKey);
    expect(filled.vapidPrivateKey).toMatch(/^[\w-]{43}$/);
    expect(filled.tokenSecret).toBe(existing.tokenSecret);
    const { tokenSecret: _token, ...withoutToken } = existing;
    expect(withMissingKeys(withoutToken)).toMatchObject({ vapidPublicKey: existing.vapidPublicKey, vapidPrivateKey: existing.vapidPrivateKey });
  });
});

describe("the custom resource handler", () => {
  it("fills an empty secret on create and names the secret as the physical id", async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: "{}" });
    expect(await handler(event("Create"))).toEqual({ PhysicalResourceId: SECRET_ARN });
    expect(written()).toHaveLength(1);
    expect(Object.keys(written()[0]!).sort()).toEqual([...SIGNING_KEY_NAMES].sort());
  });

  it("writes nothing on update when every key is present, and keeps unknown fields when it must write", async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(withMissingKeys({})) });
    await handler(event("Update"));
    expect(written()).toHaveLength(0);

    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ note: "added by an operator" }) });
    await handler(event("Update"));
    expect(written()[0]).toMatchObject({ note: "added by an operator" });
  });

  it("leaves the secret alone on delete", async () => {
    expect(await handler(event("Delete"))).toEqual({ PhysicalResourceId: SECRET_ARN });
    expect(secrets.calls()).toHaveLength(0);
  });
});

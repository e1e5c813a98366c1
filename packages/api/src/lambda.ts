import { handle } from "hono/aws-lambda";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { createApp } from "./app";
import { clientAddress } from "./client-address";
import { log } from "./log";
import { setAddressResolver } from "./middleware/request-context";
import { originalStack } from "./stack";

/**
 * AWS entry: the same Hono app behind API Gateway (HTTP API, payload v2). Signing keys come from Secrets
 * Manager (`SECRETS_ARN`, a JSON secret with `tokenSecret`, `linkSecret` and `certificateSigningKey`, the shape of the local
 * `.data/secrets.json`, filled at deploy time by infra/signing-keys.ts); without them the function refuses to start.
 */
let ready: Promise<ReturnType<typeof handle>> | undefined;

async function init() {
  if (!process.env.TOKEN_SECRET || !process.env.LINK_SECRET || !process.env.CERT_SIGNING_KEY) {
    const arn = process.env.SECRETS_ARN;
    if (!arn) throw new Error("SECRETS_ARN is not set: refusing to start without signing keys");
    const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const client = new SecretsManagerClient({});
    const secret = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    const values = JSON.parse(secret.SecretString ?? "{}") as { tokenSecret?: string; linkSecret?: string; certificateSigningKey?: string };
    if (!values.tokenSecret || values.tokenSecret.length < 32) throw new Error("The signing secret has no tokenSecret of at least 32 characters");
    if (!values.linkSecret || values.linkSecret.length < 32) throw new Error("The signing secret has no linkSecret of at least 32 characters");
    if (!values.certificateSigningKey) throw new Error("The signing secret has no certificateSigningKey");
    process.env.TOKEN_SECRET ??= values.tokenSecret;
    process.env.LINK_SECRET ??= values.linkSecret;
    process.env.CERT_SIGNING_KEY ??= values.certificateSigningKey;
  }
  setAddressResolver((c) => {
    const event = (c.env as { event?: { requestContext?: { http?: { sourceIp?: string } } } }).event;
    return clientAddress({
      sourceIp: event?.requestContext?.http?.sourceIp,
      headers: (name) => c.req.header(name),
      originSecret: process.env.ORIGIN_VERIFY_SECRET,
    });
  });
  return handle(createApp());
}

export async function handler(event: LambdaEvent, context: LambdaContext) {
  ready ??= init().catch((err) => {
    ready = undefined;
    log.error("function.init_failed", { error: String(err), stack: originalStack((err as Error)?.stack) });
    throw err;
  });
  return (await ready)(event, context);
}

import { openConnection } from "@kns/core/db/client";
import { handle } from "hono/aws-lambda";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { createApp } from "./app";
import { clientAddress } from "./client-address";
import { log } from "./log";
import { useEmfMetrics } from "./metrics";
import { setAddressResolver } from "./middleware/request-context";
import { refuseDirectCall } from "./origin-verify";
import { loadSecrets } from "./secrets";
import { originalStack } from "./stack";

/**
 * AWS entry: the same Hono app behind API Gateway (HTTP API, payload v2). Signing keys come from Secrets
 * Manager (./secrets.ts: `SECRETS_ARN`, a JSON secret with `tokenSecret`, `linkSecret` and `certificateSigningKey`,
 * the shape of the local `.data/secrets.json`, filled at deploy time by infra/signing-keys.ts); without them the
 * function refuses to start. The secret's Web Push pair (`vapidPublicKey`, `vapidPrivateKey`) is optional: without
 * it push is unavailable. Requests without CloudFront's origin-verify header are refused first (./origin-verify.ts).
 */
let ready: Promise<ReturnType<typeof handle>> | undefined;

// In Lambda (never in tests or the local server), DynamoDB's connection opens while the function initialises;
// nothing waits for it, and it cannot fail the init (db/client.ts). Route groups load on their first request (app.ts).
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void openConnection();

async function init() {
  useEmfMetrics();
  await loadSecrets({ require: "all" });
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
  // Before the app or its secrets load, so a call that bypassed CloudFront costs only this check.
  const refused = refuseDirectCall(event, process.env.ORIGIN_VERIFY_SECRET);
  if (refused) return refused;
  ready ??= init().catch((err) => {
    ready = undefined;
    log.error("function.init_failed", { error: String(err), stack: originalStack((err as Error)?.stack) });
    throw err;
  });
  return (await ready)(event, context);
}

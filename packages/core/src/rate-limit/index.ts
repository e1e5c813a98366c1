export * as RateLimit from "./index";

import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { VisibleError } from "../error";
import { PROGRESS_LIMITS } from "../model";
import { rateLimitKeys } from "./rate-limit.entity";

/**
 * Fixed-window counters in the table, expired by TTL. A bucket is e.g. `login-fail:0912000001`.
 * Windows are aligned to the clock, so `Retry-After` is the time left in the current window.
 */
export interface Rule {
  limit: number;
  windowSeconds: number;
}

export const rules = {
  loginFailuresPerPhone: { limit: 10, windowSeconds: 15 * 60 },
  loginPerAddress: { limit: 100, windowSeconds: 15 * 60 },
  registerPerAddress: { limit: 30, windowSeconds: 60 * 60 },
  attemptsPerUser: { limit: 60, windowSeconds: 60 },
  resetPerPhone: { limit: 5, windowSeconds: 15 * 60 },
  progressEventsPerUser: { limit: PROGRESS_LIMITS.eventsPerMinute, windowSeconds: 60 },
  importDryRunsPerAdmin: { limit: 20, windowSeconds: 60 * 60 },
  importRowsPerAdmin: { limit: 20_000, windowSeconds: 60 * 60 },
  registerPerPhone: { limit: 10, windowSeconds: 60 * 60 },
  unitLookupPerAddress: { limit: 120, windowSeconds: 60 },
} satisfies Record<string, Rule>;

function windowOf(rule: Rule, now: number) {
  const index = Math.floor(now / 1000 / rule.windowSeconds);
  const endsAt = (index + 1) * rule.windowSeconds;
  return { index, endsAt, retryAfter: Math.max(1, Math.ceil(endsAt - now / 1000)) };
}

function limited(retryAfter: number) {
  return new VisibleError("request.rate_limited", "Too many attempts. Please wait and try again later.", { retryAfterSeconds: retryAfter });
}

/** Throws 429 if the bucket is already at its limit, without counting this call. */
export async function assertUnder(bucket: string, rule: Rule, now = Date.now()): Promise<void> {
  const { index, retryAfter } = windowOf(rule, now);
  const { doc, table } = db();
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: rateLimitKeys.window(bucket, index), ConsistentRead: true }));
  if (Item && Number(Item.count) >= rule.limit) throw limited(retryAfter);
}

/** Counts `amount` hits (one request, or the events it carries) and throws 429 once the limit is passed. */
export async function hit(bucket: string, rule: Rule, now = Date.now(), amount = 1): Promise<void> {
  const { index, endsAt, retryAfter } = windowOf(rule, now);
  const { doc, table } = db();
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: rateLimitKeys.window(bucket, index),
      UpdateExpression: "ADD #count :one SET expiresAt = :expires",
      ExpressionAttributeNames: { "#count": "count" },
      ExpressionAttributeValues: { ":one": amount, ":expires": endsAt + 60 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  if (Number(Attributes?.count ?? 0) > rule.limit) throw limited(retryAfter);
}

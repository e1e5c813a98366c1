import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { db } from "../db/client";
import { deleteMany, queryPartition } from "../db/query";
import { notifyKeys } from "./notify.entity";

/** Devices one person keeps subscribed to push; a sixth replaces the one subscribed longest ago. */
export const MAX_PUSH_DEVICES = 5;

const base64url = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+={0,2}$/, "Expected base64url"));

/**
 * The browser's `PushSubscription.toJSON()`. The server later POSTs to the endpoint, so it must be an https URL
 * on a named host: an IP address or a single-label name (localhost, a LAN box) is refused, which keeps the
 * push sender from being aimed at the network it runs in. p256dh is an uncompressed P-256 point (65 bytes,
 * 87 characters) and auth 16 bytes (22); the bounds leave room for padding and nothing more.
 */
export const PushSubscription = z.object({
  endpoint: z.url({ protocol: /^https$/, hostname: /^(?!localhost$)(?![\d.]+$)(?!\[)[a-z0-9-]+(\.[a-z0-9-]+)+$/i }).check(z.maxLength(1024)),
  expirationTime: z.optional(z.nullable(z.number())),
  keys: z.object({ p256dh: base64url(86, 90), auth: base64url(21, 24) }),
});
export type PushSubscription = z.infer<typeof PushSubscription>;

export const RemoveSubscriptionInput = z.object({ endpoint: z.string().check(z.minLength(1), z.maxLength(1024)) });

interface StoredSubscription {
  sk: string;
  subscription: PushSubscription;
  subscribedAt: string;
}

/** The person's push devices, the one subscribed last first. */
export async function subscriptionsOf(userId: string): Promise<PushSubscription[]> {
  const items = await queryPartition<StoredSubscription>(notifyKeys.memberPartition(userId), { prefix: notifyKeys.subscriptionPrefix });
  return items.sort((a, b) => b.subscribedAt.localeCompare(a.subscribedAt)).map((item) => item.subscription);
}

/**
 * Adds (or refreshes) a device. Subscribing the same endpoint again replaces its keys, so a retry is harmless;
 * beyond MAX_PUSH_DEVICES the devices subscribed longest ago go (a phone replaced long ago no longer answers).
 */
export async function addPushSubscription(userId: string, raw: z.input<typeof PushSubscription>, now = new Date()): Promise<void> {
  const subscription = PushSubscription.parse(raw);
  const { doc, table } = db();
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: { ...notifyKeys.subscription(userId, subscription.endpoint), subscription, subscribedAt: now.toISOString() },
    }),
  );
  const items = await queryPartition<StoredSubscription & { pk: string }>(notifyKeys.memberPartition(userId), {
    prefix: notifyKeys.subscriptionPrefix,
    consistent: true,
  });
  const oldest = items.sort((a, b) => b.subscribedAt.localeCompare(a.subscribedAt)).slice(MAX_PUSH_DEVICES);
  await deleteMany(oldest.map(({ pk, sk }) => ({ pk, sk })));
}

/** Removes a device (the person turned push off there, or the push service said it is gone); absent is fine. */
export async function removePushSubscription(userId: string, endpoint: string): Promise<void> {
  const { doc, table } = db();
  await doc.send(new DeleteCommand({ TableName: table, Key: notifyKeys.subscription(userId, endpoint) }));
}

import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/client";
import { queryPartition, withoutKeys } from "../db/query";
import { VisibleError } from "../error";
import { newId } from "../ids";
import { log, metric } from "../log";
import { CHANNELS, type ChannelName, type DevMessage, type MessageKind } from "../model";
import { RateLimit } from "../rate-limit";
import { getStored } from "../user/store";
import { type Recipient, channel, devInboxOn, e164, trackingId } from "./channels";
import { notifyKeys } from "./notify.entity";
import { channelOf, stored } from "./preferences";

/**
 * Delivery: one message to one person, on the channels they consented to, exactly once per `key`.
 *
 * A message record (`MESSAGE#<key>`) is created with `attribute_not_exists` and notes each channel once the
 * provider accepted the message, so a retry (after a crash, or after one channel failed) sends only what is not
 * yet sent. Before sending on a channel, the channel is claimed on the record; a second delivery of the same key
 * running at the same moment (a queue delivers at least once) finds the claim and leaves that channel alone.
 * A claim left by a crashed sender lapses after CLAIM_LAPSE_MS.
 *
 * Quiet hours and weekly caps are the scheduler's to check (reminder/) before calling; this only refuses more
 * than `perPersonPerHour` messages an hour to one person, whatever their kind, as a last guard against a bug
 * that would flood someone's phone.
 */

/** A type, not an interface, so it travels as a job's JSON params (`Record<string, unknown>`). */
export type Message = {
  userId: string;
  kind: MessageKind;
  text: string;
  url?: string;
  /** The sender's idempotency key: the same key is never delivered twice (e.g. `reminder.due:<campaign>:<user>:<day>`). */
  key: string;
  /** A code the person asked for: sent on one channel they can receive, consent or not (see preferences.ts). */
  urgent?: boolean;
  /** Only these channels (e.g. an announcement that should not cost an SMS). */
  channels?: ChannelName[];
  /** Parameters of the provider's template (Zalo ZNS), when the kind's template has named ones. */
  template?: Record<string, string>;
};

export const rateRule: RateLimit.Rule = { limit: 10, windowSeconds: 3600 };

/** A message record lives long enough for any retry of the queue (4 days) and a redrive from the DLQ (14). */
const MESSAGE_TTL_SECONDS = 30 * 24 * 3600;
const DEV_INBOX_TTL_SECONDS = 7 * 24 * 3600;
/** Longer than a channel's provider timeout (10 s) with its retries, far shorter than the queue's backoff. */
const CLAIM_LAPSE_MS = 2 * 60_000;
const MAX_KEY_LENGTH = 200;
const MAX_TEXT_LENGTH = 1000;

/**
 * Some channels failed; those that worked are noted and will not be sent again. The caller (a queued job)
 * lets the queue retry with backoff; after three failures the message lands in the dead-letter queue, whose
 * alarm calls a person (infra/jobs.ts).
 */
export class DeliveryError extends Error {
  readonly retryable = true;
  constructor(
    readonly key: string,
    readonly failed: ChannelName[],
    readonly causes: string[],
  ) {
    super(`Message ${key} not delivered on ${failed.join(", ")}: ${causes.join("; ")}`);
    this.name = "DeliveryError";
  }
}

interface MessageRecord {
  userId: string;
  sent: Partial<Record<ChannelName, string>>;
}

/**
 * The channels this message goes on. Not urgent: every channel the person turned on that this deployment can
 * use (push only with a device). Urgent: the first of push (on, with a device), Zalo (on) and SMS, which a
 * code the person asked for may use without consent: they gave that phone number to sign in with.
 */
export function plan(message: Pick<Message, "kind" | "urgent" | "channels">, prefs: Parameters<typeof channelOf>[0], devices: number): ChannelName[] {
  const usable = (name: ChannelName) =>
    (message.channels ?? CHANNELS).includes(name) && (name !== "push" || devices > 0) && (devInboxOn() || channel(name).available(message.kind));
  const consented = (name: ChannelName) => channelOf(prefs, name).enabled;
  if (message.urgent) {
    const first = CHANNELS.find((name) => usable(name) && (consented(name) || name === "sms"));
    return first ? [first] : [];
  }
  return CHANNELS.filter((name) => usable(name) && consented(name));
}

export async function deliver(message: Message, now = new Date()): Promise<{ sent: ChannelName[]; duplicate: boolean }> {
  if (!message.key || message.key.length > MAX_KEY_LENGTH) throw new Error(`A message key is 1–${MAX_KEY_LENGTH} characters`);
  if (message.text.length > MAX_TEXT_LENGTH) throw new Error(`A message is at most ${MAX_TEXT_LENGTH} characters`);
  const [user, { prefs, subscriptions }] = await Promise.all([getStored(message.userId), stored(message.userId, true)]);
  // A deleted account has nobody left to tell; retrying would not change that.
  if (!user || (user as { deletingAt?: string }).deletingAt) return { sent: [], duplicate: false };

  const { record, created } = await openRecord(message, now);
  if (created) await countAgainstLimit(message, now);

  const planned = plan(message, prefs, subscriptions.length);
  const alreadySent = Object.keys(record.sent) as ChannelName[];
  // An urgent message needs one channel: once one carried it, a retry must not try another.
  const toSend = message.urgent && alreadySent.length ? [] : planned.filter((name) => !record.sent[name]);
  const recipient: Recipient = { userId: message.userId, phone: e164(user.phone), subscriptions };
  const sent: ChannelName[] = [];
  const failed: ChannelName[] = [];
  const causes: string[] = [];
  for (const name of toSend) {
    const claim = await claimChannel(message.key, name);
    if (claim === "sent") continue;
    if (claim === "busy") {
      failed.push(name);
      causes.push(`${name}: another delivery is sending it`);
      continue;
    }
    try {
      const carrier = channel(name);
      if (carrier.available(message.kind)) {
        await carrier.send(recipient, {
          kind: message.kind,
          text: message.text,
          url: message.url,
          template: message.template,
          reference: trackingId(message.key),
          urgent: message.urgent,
        });
      }
      if (devInboxOn()) await toDevInbox(user.phone, name, message, now);
      await markSent(message.key, name, now);
      sent.push(name);
      metric({ NotificationSent: 1 }, { channel: name });
    } catch (err) {
      await releaseClaim(message.key, name).catch(() => undefined);
      failed.push(name);
      metric({ NotificationFailed: 1 }, { channel: name });
      causes.push(String((err as Error).message ?? err));
    }
  }
  // Locally, a message for someone who turned nothing on still shows, as the SMS it would be by default.
  if (created && planned.length === 0 && devInboxOn()) await toDevInbox(user.phone, "sms", message, now);
  if (failed.length) {
    log.warn("notify.delivery_failed", { key: message.key, kind: message.kind, failed, causes });
    throw new DeliveryError(message.key, failed, causes);
  }
  return { sent, duplicate: !created && toSend.length === 0 };
}

async function openRecord(message: Message, now: Date): Promise<{ record: MessageRecord; created: boolean }> {
  const { doc, table } = db();
  const record: MessageRecord = { userId: message.userId, sent: {} };
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...notifyKeys.message(message.key),
          ...record,
          kind: message.kind,
          claims: {},
          createdAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + MESSAGE_TTL_SECONDS,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return { record, created: true };
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
  }
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: notifyKeys.message(message.key), ConsistentRead: true }));
  if (!Item || Item.userId !== message.userId) throw new Error(`Message key ${message.key} is already used for another person`);
  return { record: Item as unknown as MessageRecord, created: false };
}

/**
 * Counts a new message against the person's hourly limit. A refused message gives its key back, so the same
 * message may be delivered once the hour has passed.
 */
async function countAgainstLimit(message: Message, now: Date) {
  try {
    await RateLimit.hit(`notify:${message.userId}`, rateRule, now.getTime());
  } catch (err) {
    if (!(err instanceof VisibleError) || err.code !== "request.rate_limited") throw err;
    const { doc, table } = db();
    await doc.send(new DeleteCommand({ TableName: table, Key: notifyKeys.message(message.key) }));
    throw new VisibleError("notify.rate_limited", undefined, { retryAfterSeconds: err.retryAfterSeconds });
  }
}

async function claimChannel(key: string, name: ChannelName): Promise<"claimed" | "sent" | "busy"> {
  const { doc, table } = db();
  const clock = Date.now();
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: notifyKeys.message(key),
        UpdateExpression: "SET claims.#channel = :now",
        ConditionExpression: "attribute_not_exists(sent.#channel) AND (attribute_not_exists(claims.#channel) OR claims.#channel < :lapsed)",
        ExpressionAttributeNames: { "#channel": name },
        ExpressionAttributeValues: { ":now": clock, ":lapsed": clock - CLAIM_LAPSE_MS },
      }),
    );
    return "claimed";
  } catch (err) {
    if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
  }
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: notifyKeys.message(key), ConsistentRead: true }));
  return (Item?.sent as Record<string, string> | undefined)?.[name] ? "sent" : "busy";
}

async function markSent(key: string, name: ChannelName, now: Date) {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: notifyKeys.message(key),
      UpdateExpression: "SET sent.#channel = :at REMOVE claims.#channel",
      ExpressionAttributeNames: { "#channel": name },
      ExpressionAttributeValues: { ":at": now.toISOString() },
    }),
  );
}

async function releaseClaim(key: string, name: ChannelName) {
  const { doc, table } = db();
  await doc.send(
    new UpdateCommand({
      TableName: table,
      Key: notifyKeys.message(key),
      UpdateExpression: "REMOVE claims.#channel",
      ExpressionAttributeNames: { "#channel": name },
    }),
  );
}

async function toDevInbox(phone: string, name: ChannelName, message: Message, now: Date) {
  const at = now.toISOString();
  const entry: DevMessage = { to: phone, channel: name, kind: message.kind, text: message.url ? `${message.text}\n${message.url}` : message.text, at };
  const { doc, table } = db();
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: { ...notifyKeys.devInbox(at, newId()), ...entry, expiresAt: Math.floor(now.getTime() / 1000) + DEV_INBOX_TTL_SECONDS },
    }),
  );
}

/** What the local server would have sent, newest first (GET /dev/messages; the dev inbox exists only locally). */
export async function devMessages(limit = 50): Promise<{ items: DevMessage[] }> {
  const items = await queryPartition<Record<string, unknown>>(notifyKeys.devInboxPartition, { descending: true, limit: Math.min(Math.max(1, limit), 200) });
  return {
    items: items.map((item) => {
      const { to, channel: name, kind, text, at } = withoutKeys(item) as unknown as DevMessage;
      return { to, channel: name, kind, text, at };
    }),
  };
}

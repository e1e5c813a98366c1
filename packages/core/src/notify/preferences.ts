import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import "../zod-locale";
import { Audit } from "../audit";
import { db } from "../db/client";
import { queryPartition } from "../db/query";
import { VisibleError } from "../error";
import { CHANNELS, type ChannelName, type ChannelPreference, type NotificationPreferences } from "../model";
import { getStored } from "../user/store";
import { availableChannels, vapidPublicKey } from "./channels";
import { notifyKeys } from "./notify.entity";
import type { PushSubscription } from "./subscriptions";

/**
 * Consent per channel (Law 91/2025 on personal data protection, in force 2026-01-01): a channel carries nothing
 * until the person turned it on, and turning it on records when and which wording (`consentVersion`) they agreed
 * to; turning it off records when, and is honoured from the next message. A person who never chose has every
 * channel off, SMS included: registering gave us the phone number to sign in with, not consent to be messaged
 * on it. Two things are sent without that consent: a code the person asked for themselves (their own request,
 * `urgent` in deliver.ts), and, locally only, the dev inbox (nothing leaves the machine).
 */

export const ChannelParam = z.enum(CHANNELS);

export const ChannelInput = z.object({
  enabled: z.boolean(),
  /** The version of the consent wording the screen showed (web app's notification settings). */
  consentVersion: z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[\w.-]+$/, "A version is letters, digits, dots and dashes")),
});
export type ChannelInput = z.infer<typeof ChannelInput>;

interface StoredChannel extends ChannelPreference {
  /** When the person last turned this channel off. */
  optedOutAt?: string | null;
}

interface StoredPreferences {
  channels?: Partial<Record<ChannelName, StoredChannel>>;
  revision?: number;
}

const NEVER_CHOSEN: StoredChannel = { enabled: false, consentAt: null, consentVersion: null };

/** What the person chose, and their push devices, in one Query of their partition. */
export async function stored(userId: string, consistent = false): Promise<{ prefs: StoredPreferences; subscriptions: PushSubscription[] }> {
  const items = await queryPartition<Record<string, unknown>>(notifyKeys.memberPartition(userId), { prefix: notifyKeys.ownPrefix, consistent });
  const prefsSk = notifyKeys.preferences(userId).sk;
  const prefs = (items.find((item) => item.sk === prefsSk) ?? {}) as StoredPreferences;
  const subscriptions = items
    .filter((item) => String(item.sk).startsWith(notifyKeys.subscriptionPrefix))
    .sort((a, b) => String(b.subscribedAt).localeCompare(String(a.subscribedAt)))
    .map((item) => item.subscription as PushSubscription);
  return { prefs, subscriptions };
}

export function channelOf(prefs: StoredPreferences, name: ChannelName): StoredChannel {
  return prefs.channels?.[name] ?? NEVER_CHOSEN;
}

function shown(prefs: StoredPreferences, subscriptions: PushSubscription[]): NotificationPreferences {
  const channels = Object.fromEntries(
    CHANNELS.map((name) => {
      const { enabled, consentAt, consentVersion } = channelOf(prefs, name);
      return [name, { enabled, consentAt, consentVersion, ...(name === "push" ? { devices: subscriptions.length } : {}) }];
    }),
  ) as Record<ChannelName, ChannelPreference>;
  return { channels, available: availableChannels(), vapidPublicKey: vapidPublicKey() };
}

export async function preferences(userId: string): Promise<NotificationPreferences> {
  const { prefs, subscriptions } = await stored(userId);
  return shown(prefs, subscriptions);
}

/**
 * Turns one channel on (recording consent: when, and which wording) or off (recording the opt-out), with an
 * audit entry under the person's unit in the same transaction. Asking for what is already so changes nothing
 * and audits nothing, so a retried request is harmless; a change racing another is a 409 to retry.
 */
export async function setChannel(
  userId: string,
  name: ChannelName,
  raw: z.input<typeof ChannelInput>,
  actor: Audit.Actor = { userId },
  now = new Date(),
): Promise<NotificationPreferences> {
  const input = ChannelInput.parse(raw);
  if (input.enabled && !availableChannels()[name]) {
    throw new VisibleError("notify.channel_unavailable", `The ${name} channel is not configured on this service.`, { params: { channel: name } });
  }
  const [user, { prefs, subscriptions }] = await Promise.all([getStored(userId), stored(userId, true)]);
  if (!user) throw new VisibleError("user.not_found", "This account does not exist.");
  const before = channelOf(prefs, name);
  const unchanged = input.enabled ? before.enabled && before.consentVersion === input.consentVersion : !before.enabled;
  if (unchanged) return shown(prefs, subscriptions);

  const at = now.toISOString();
  const after: StoredChannel = input.enabled
    ? { enabled: true, consentAt: at, consentVersion: input.consentVersion, optedOutAt: before.optedOutAt ?? null }
    : { ...before, enabled: false, optedOutAt: at };
  const revision = prefs.revision ?? 0;
  const next: StoredPreferences = { channels: { ...prefs.channels, [name]: after }, revision: revision + 1 };
  const { doc, table } = db();
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...notifyKeys.preferences(userId), ...next, updatedAt: at },
              ConditionExpression: "attribute_not_exists(pk) OR revision = :revision",
              ExpressionAttributeValues: { ":revision": revision },
            },
          },
          Audit.entryPut(actor, input.enabled ? "notify.consent_given" : "notify.consent_withdrawn", user.unitId ?? user.communeId ?? "nation", userId, {
            channel: name,
            consentVersion: input.consentVersion,
          }),
        ],
      }),
    );
  } catch (err) {
    if ((err as Error).name === "TransactionCanceledException") {
      throw new VisibleError("db.conflict", "Another change happened at the same time. Please try again.", { retryAfterSeconds: 1 });
    }
    throw err;
  }
  return shown(next, subscriptions);
}

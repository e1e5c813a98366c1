import { createHash } from "node:crypto";
import type { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { CHANNELS, type ChannelName, type MessageKind } from "../model";
import { type PushSubscription, removePushSubscription } from "./subscriptions";

/**
 * The channels that carry a message, behind one interface, in a registry: a new channel is one entry here.
 * Each reads its configuration from the environment when it is used, and loads its client library only then
 * (`await import`), so a Lambda that never sends through it never pays for loading it at cold start.
 */

export interface Recipient {
  userId: string;
  /** E.164, `+84912345678`. */
  phone: string;
  subscriptions: PushSubscription[];
}

export interface ChannelMessage {
  kind: MessageKind;
  text: string;
  url?: string;
  /** Parameters of the provider's pre-approved template (Zalo ZNS), when the caller has them. */
  template?: Record<string, string>;
  /** The sender's idempotency key, hashed: the provider's tracking id, to match its reports to our messages. */
  reference?: string;
  /** A code the person is waiting for: sent at high priority and kept by push services for less time. */
  urgent?: boolean;
}

export interface Channel {
  name: ChannelName;
  /** Configured in this deployment (for this kind of message, where the channel needs one template per kind). */
  available(kind?: MessageKind): boolean;
  /** Resolves once the provider accepted the message; throws otherwise (the caller retries). */
  send(to: Recipient, message: ChannelMessage): Promise<void>;
}

/** Providers that do not answer within this are counted as failed; the queue tries again later. */
const PROVIDER_TIMEOUT_MS = 10_000;

/** `0912345678` → `+84912345678` (accounts keep the national form: model/phone.ts). */
export function e164(nationalPhone: string): string {
  return nationalPhone.startsWith("0") ? `+84${nationalPhone.slice(1)}` : nationalPhone;
}

export const trackingId = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 32);

/** Why a channel failed, for the logs and the retry; never shown to the person. */
export class ChannelError extends Error {
  constructor(
    readonly channel: ChannelName,
    message: string,
  ) {
    super(`${channel}: ${message}`);
    this.name = "ChannelError";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Web Push (VAPID, RFC 8292; payload encrypted as aes128gcm, RFC 8291) through the web-push library.

export function vapidPublicKey(): string | null {
  return process.env.VAPID_PUBLIC_KEY && process.env.VAPID_PRIVATE_KEY ? process.env.VAPID_PUBLIC_KEY : null;
}

/**
 * The contact push services may use about our traffic: VAPID_SUBJECT, else the public https address, else a
 * placeholder locally (web-push refuses anything but mailto: and https:).
 */
function vapidSubject(): string {
  const publicUrl = process.env.PUBLIC_URL;
  return process.env.VAPID_SUBJECT || (publicUrl?.startsWith("https://") ? publicUrl : "mailto:kns@localhost.localdomain");
}

/** How long a push service keeps a message for a phone that is off: a code is soon useless, a reminder lasts a day. */
const PUSH_TTL_SECONDS = { urgent: 15 * 60, normal: 24 * 3600 };

export const pushChannel: Channel = {
  name: "push",
  available: () => vapidPublicKey() !== null,
  async send(to, message) {
    const publicKey = vapidPublicKey();
    if (!publicKey) throw new ChannelError("push", "VAPID keys are not configured");
    if (to.subscriptions.length === 0) throw new ChannelError("push", "no device is subscribed");
    const webPush = await import("web-push");
    const { sendNotification } = webPush.default ?? webPush;
    const payload = JSON.stringify({ kind: message.kind, text: message.text, url: message.url });
    const failures: string[] = [];
    let delivered = 0;
    for (const subscription of to.subscriptions) {
      try {
        await sendNotification(subscription, payload, {
          vapidDetails: { subject: vapidSubject(), publicKey, privateKey: process.env.VAPID_PRIVATE_KEY! },
          TTL: message.urgent ? PUSH_TTL_SECONDS.urgent : PUSH_TTL_SECONDS.normal,
          urgency: message.urgent ? "high" : "normal",
          timeout: PROVIDER_TIMEOUT_MS,
        });
        delivered++;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        // 404 and 410: the browser unsubscribed or the app was removed; this device will never answer again.
        if (status === 404 || status === 410) await removePushSubscription(to.userId, subscription.endpoint);
        else failures.push(status ? `HTTP ${status}` : String((err as Error).message ?? err));
      }
    }
    // A message that reached one of the person's devices has reached the person.
    if (delivered === 0) throw new ChannelError("push", failures.length ? failures.join("; ") : "every device has gone");
  },
};

// ---------------------------------------------------------------------------------------------------------------
// SMS through AWS End User Messaging SMS (pinpoint-sms-voice-v2). Vietnam requires a registered sender id
// (brand name) for application-to-person SMS: SMS_ORIGINATION_IDENTITY is that sender id, a phone pool or their ARN.

let smsClient: PinpointSMSVoiceV2Client | undefined;

export const smsChannel: Channel = {
  name: "sms",
  available: () => Boolean(process.env.SMS_ORIGINATION_IDENTITY),
  async send(to, message) {
    const originationIdentity = process.env.SMS_ORIGINATION_IDENTITY;
    if (!originationIdentity) throw new ChannelError("sms", "SMS_ORIGINATION_IDENTITY is not set");
    const { PinpointSMSVoiceV2Client: Client, SendTextMessageCommand } = await import("@aws-sdk/client-pinpoint-sms-voice-v2");
    smsClient ??= new Client({ maxAttempts: 2, requestHandler: { requestTimeout: PROVIDER_TIMEOUT_MS } });
    await smsClient.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: to.phone,
        OriginationIdentity: originationIdentity,
        MessageBody: message.url ? `${message.text}\n${message.url}` : message.text,
        MessageType: "TRANSACTIONAL",
        ...(process.env.SMS_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SMS_CONFIGURATION_SET } : {}),
        // A code is worthless after a while; a reminder that arrives a day late is only noise.
        TimeToLive: message.urgent ? 15 * 60 : 12 * 3600,
      }),
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Zalo Notification Service: a pre-approved template per kind of message, sent to the phone number.

export const ZALO_ZNS_URL = "https://business.openapi.zalo.me/message/template";

function zaloTemplates(): Partial<Record<MessageKind, string>> {
  try {
    const parsed = JSON.parse(process.env.ZALO_ZNS_TEMPLATES || "{}") as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Partial<Record<MessageKind, string>>) : {};
  } catch {
    return {};
  }
}

/** How long a token read from Secrets Manager is reused: a token refreshed there is picked up within this. */
const ZALO_TOKEN_CACHE_MS = 5 * 60_000;
let zaloToken: { value: string; until: number } | undefined;

/**
 * The ZNS access token: `ZALO_ZNS_ACCESS_TOKEN` (local runs, tests), else `{ accessToken }` in the secret at
 * `ZALO_SECRET_ARN` (AWS: the token expires about daily and is refreshed there, never put in the template).
 */
async function zaloAccessToken(): Promise<string | undefined> {
  if (process.env.ZALO_ZNS_ACCESS_TOKEN) return process.env.ZALO_ZNS_ACCESS_TOKEN;
  const arn = process.env.ZALO_SECRET_ARN;
  if (!arn) return undefined;
  if (zaloToken && zaloToken.until > Date.now()) return zaloToken.value;
  const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  const value = (JSON.parse(secret.SecretString ?? "{}") as { accessToken?: string }).accessToken;
  zaloToken = value ? { value, until: Date.now() + ZALO_TOKEN_CACHE_MS } : undefined;
  return value;
}

/**
 * ZNS answers HTTP 200 with `{ error: 0, data: { msg_id } }` on success and a negative `error` with a `message`
 * otherwise (expired token, template not approved, phone not on Zalo…): anything else is a failure.
 */
export const zaloChannel: Channel = {
  name: "zalo",
  available(kind) {
    if (!process.env.ZALO_ZNS_ACCESS_TOKEN && !process.env.ZALO_SECRET_ARN) return false;
    const templates = zaloTemplates();
    return kind ? Boolean(templates[kind]) : Object.keys(templates).length > 0;
  },
  async send(to, message) {
    const accessToken = await zaloAccessToken();
    const templateId = zaloTemplates()[message.kind];
    if (!accessToken || !templateId) throw new ChannelError("zalo", `no access token or no template for ${message.kind}`);
    const response = await fetch(process.env.ZALO_ZNS_URL || ZALO_ZNS_URL, {
      method: "POST",
      headers: { "content-type": "application/json", access_token: accessToken },
      body: JSON.stringify({
        // ZNS takes the number without the plus: 84912345678.
        phone: to.phone.replace(/^\+/, ""),
        template_id: templateId,
        // Each template is registered with the parameters the caller names; without any, with one `message`.
        template_data: message.template ?? { message: message.text },
        ...(message.reference ? { tracking_id: message.reference } : {}),
      }),
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => undefined)) as { error?: number; message?: string } | undefined;
    if (!response.ok || body?.error !== 0) {
      // The token may have been refreshed since it was read: the retry reads the secret again.
      zaloToken = undefined;
      throw new ChannelError("zalo", `HTTP ${response.status}, error ${body?.error ?? "?"}: ${body?.message ?? "no answer"}`);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------

const registry: Record<ChannelName, Channel> = { push: pushChannel, zalo: zaloChannel, sms: smsChannel };
let replaced: Partial<Record<ChannelName, Channel>> = {};

export function channel(name: ChannelName): Channel {
  return replaced[name] ?? registry[name];
}

/**
 * Tests only: stands channels in for the real ones (a phone network cannot be reached from a test);
 * `useChannels()` puts the real ones back.
 */
export function useChannels(channels: Channel[] = []) {
  replaced = Object.fromEntries(channels.map((one) => [one.name, one]));
}

/** Locally (`DEV_INBOX=1`, set by packages/api/src/node.ts, never in AWS) messages are also written to the dev inbox. */
export const devInboxOn = () => process.env.DEV_INBOX === "1";

/** Channels a person could be reached on in this deployment: configured ones, and locally all (the dev inbox). */
export function availableChannels(kind?: MessageKind): Record<ChannelName, boolean> {
  return Object.fromEntries(CHANNELS.map((name) => [name, devInboxOn() || channel(name).available(kind)])) as Record<ChannelName, boolean>;
}

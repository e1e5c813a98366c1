/**
 * Messages to people (reminders, admins' announcements, password-reset codes) and the channels that carry them.
 * Shared by the server (notify/, reminder/) and the web app (the settings screen, the dev inbox).
 */

/** Channels, in the order they are tried for a message that needs only one (a reset code). */
export const CHANNELS = ["push", "zalo", "sms"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const MESSAGE_KINDS = ["reminder.due", "reminder.inactive", "broadcast", "password_reset"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Days without learning after which a member is reminded (each once per stretch of inactivity). */
export const INACTIVITY_DAYS = [3, 7, 14] as const;
/** Days before a campaign's due date on which its members who have not finished are reminded. */
export const DUE_REMINDER_DAYS = [7, 1] as const;

export const NOTIFY_LIMITS = {
  /** Reminders one person receives in a rolling week, whatever their kind (admins' announcements included). */
  remindersPerWeek: 2,
  /** Vietnam time (UTC+7, no daylight saving): nothing but a code the person asked for is sent in these hours. */
  quietFromHour: 21,
  quietUntilHour: 7,
  /** Announcements an admin may send to one unit's subtree per day, and their length. */
  broadcastsPerUnitPerDay: 3,
  broadcastTextMax: 300,
  /** Self-service reset codes sent to one phone per hour. */
  resetCodesPerHour: 3,
} as const;

export const VIETNAM_OFFSET_HOURS = 7;

/** The hour (0–23) in Vietnam at this instant. */
export function vietnamHour(at: Date): number {
  return (at.getUTCHours() + VIETNAM_OFFSET_HOURS) % 24;
}

/** The calendar day (YYYY-MM-DD) in Vietnam at this instant: reminders' idempotency and due dates use it. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
}

/** 21:00–07:00 Vietnam time. */
export function isQuietHour(at: Date): boolean {
  const hour = vietnamHour(at);
  return hour >= NOTIFY_LIMITS.quietFromHour || hour < NOTIFY_LIMITS.quietUntilHour;
}

/** The first instant at or after `at` outside quiet hours (07:00 Vietnam time the same or next day). */
export function nextSendableAt(at: Date): Date {
  if (!isQuietHour(at)) return at;
  const day = vietnamHour(at) >= NOTIFY_LIMITS.quietFromHour ? new Date(at.getTime() + 86_400_000) : at;
  return new Date(`${vietnamDay(day)}T0${NOTIFY_LIMITS.quietUntilHour}:00:00+07:00`);
}

/** One channel's setting for a person: on only with consent, which is recorded (Law 91/2025 on personal data). */
export interface ChannelPreference {
  enabled: boolean;
  /** When the person agreed to this channel (ISO), and the wording version they agreed to; null if never. */
  consentAt: string | null;
  consentVersion: string | null;
  /** For push: how many devices are subscribed. */
  devices?: number;
}

export interface NotificationPreferences {
  channels: Record<ChannelName, ChannelPreference>;
  /** Which channels this deployment can send through at all (SMS and Zalo need configuration). */
  available: Record<ChannelName, boolean>;
  /** Web Push public key (VAPID, base64url) for the browser's subscription, when push is available. */
  vapidPublicKey: string | null;
}

/** A message the local server would have sent (GET /dev/messages, never deployed). */
export interface DevMessage {
  to: string;
  channel: ChannelName;
  kind: MessageKind;
  text: string;
  at: string;
}

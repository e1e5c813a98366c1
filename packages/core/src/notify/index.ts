export * as Notify from "./index";

/**
 * Messages to people (reminders, announcements, reset codes) on the channels they consented to. The shared
 * contract (channel names, kinds, preferences, quiet hours) is model/notify.ts; docs/notifications.md says how
 * each channel is configured and where messages go locally.
 *
 * - `channels.ts`: the Channel interface and its registry (Web Push, Zalo ZNS, SMS), each configured from env
 * - `preferences.ts`: consent per channel, recorded and audited
 * - `subscriptions.ts`: push devices (at most five a person)
 * - `deliver.ts`: exactly-once delivery per key, the per-person hourly limit, the local dev inbox
 */
export { type Channel, type ChannelMessage, type Recipient, ChannelError, availableChannels, useChannels, vapidPublicKey } from "./channels";
export { type Message, DeliveryError, deliver, devMessages, plan, rateRule } from "./deliver";
export { ChannelInput, ChannelParam, preferences, setChannel } from "./preferences";
export { MAX_PUSH_DEVICES, PushSubscription, RemoveSubscriptionInput, addPushSubscription, removePushSubscription } from "./subscriptions";
export { generateVapidKeys } from "./vapid";

import type { Messages } from "../../i18n";
import type vi from "./messages.vi";

export default {
  "notify.title": "Notifications",
  "notify.intro": "Choose how you want to receive learning reminders and your unit's announcements. You can turn them off at any time.",
  "notify.consent":
    "By turning a channel on you agree that Kỹ Năng Số may use your phone number (or this browser, for push notifications) to send you learning reminders and your unit's announcements on that channel: at most 2 reminders a week, never between 9 pm and 7 am. We record when you agreed. Turning a channel off withdraws your consent from the next message on. A password reset code you ask for yourself is still sent by SMS.",
  "notify.channel.push": "Notifications on this device",
  "notify.channel.pushHint": "Shown on your phone's screen, free of charge.",
  "notify.channel.zalo": "Zalo",
  "notify.channel.zaloHint": "Messages from Kỹ Năng Số's official Zalo account, sent to your phone number.",
  "notify.channel.sms": "Text messages (SMS)",
  "notify.channel.smsHint": "Sent to the phone number you sign in with.",
  "notify.on": "On",
  "notify.devices": "{count} devices receive notifications",
  "notify.unavailable": "This service does not offer this channel yet.",
  "notify.pushUnsupported": "This browser cannot receive push notifications. On an iPhone, add the app to your home screen first.",
  "notify.pushBlocked": "You have blocked notifications for this site. Allow them in your browser's settings, then try again.",
  "notify.saving": "Saving…",
  "notify.failed": "Not saved. Please try again.",
} satisfies Messages<typeof vi>;

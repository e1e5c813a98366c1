import type { Messages } from "../../i18n";
import type vi from "./account.vi";

export default {
  "account.title": "Account and security",
  "account.passwordTitle": "Change password",
  "account.passwordIntro": "Changing your password signs your account out on every other device. This phone stays signed in.",
  "account.current": "Current password",
  "account.new": "New password",
  "account.newRule": "At least 8 characters, with letters and at least one digit. Avoid common passwords.",
  "account.change": "Change password",
  "account.changing": "Changing…",
  "account.changed": "Your password is changed. Other devices have been signed out.",
  "account.everywhereTitle": "Sign out everywhere",
  "account.everywhereIntro":
    "Use this if you lost your phone, or signed in on someone else's device. Every device, this one included, will need to sign in again.",
  "account.everywhere": "Sign out everywhere",
  "account.everywhereConfirm": "Really sign out on every device?",
  "account.cancel": "No",
  "validation.currentRequired": "Enter your current password.",
  "validation.passwordRule": "The password needs at least 8 characters, with letters and at least one digit.",
  "validation.passwordEasy": "This password is too easy to guess. Please choose another one.",
} satisfies Messages<typeof vi>;

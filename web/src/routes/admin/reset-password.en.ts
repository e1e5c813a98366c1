import type { Messages } from "../../i18n";
import type vi from "./reset-password.vi";

export default {
  "reset.title": "Forgot password",
  "reset.intro":
    "Enter your phone number and press “Send a code to my phone”: you get a 6-digit code by SMS, Zalo or notification. No code? Ask your team leader or your unit's administrator for one.",
  "reset.sendCode": "Send a code to my phone",
  "reset.sending": "Sending the code…",
  "reset.codeSent": "If this number is registered, a 6-digit code was just sent to it. It works once and expires in 30 minutes.",
  "reset.code": "Reset code",
  "reset.codeHint": "6 digits, usable once (a code sent to you: 30 minutes; a code from an admin: 24 hours).",
  "reset.newPassword": "New password",
  "reset.passwordRule": "At least 8 characters, with letters and at least one digit.",
  "reset.submit": "Set new password",
  "reset.submitting": "Setting the password…",
  "reset.done": "Your new password is set. Sign in with it.",
  "reset.toSignIn": "Sign in",
  "reset.remembered": "Remembered your password?",
  "validation.code": "The code has exactly 6 digits.",
  "validation.codeInvalid": "This code is wrong or has expired. Ask for a new one.",
  "validation.passwordRule": "The password needs at least 8 characters, with letters and at least one digit.",
  "validation.passwordEasy": "This password is too easy to guess. Please choose another one.",
  "activate.title": "Activate your account",
  "activate.intro":
    "An administrator created your account and gave you an 8-digit activation code (on a slip, by text message or in person). Enter it and set a password of your own.",
  "activate.code": "Activation code",
  "activate.codeHint": "8 digits, usable once within 14 days.",
  "activate.submit": "Activate and sign in",
  "activate.submitting": "Activating…",
  "activate.done": "Your account is active. Sign in with the password you just set.",
  "activate.consent": "I agree that Kỹ Năng Số keeps my name, phone number and team to record my learning and issue certificates.",
  "activate.privacyTitle": "Your information",
  "activate.privacyLink": "Read the data protection notice (opens a new page)",
  "validation.activationCode": "The activation code has exactly 8 digits.",
  "validation.consent": "You need to agree to the data protection notice to activate.",
} satisfies Messages<typeof vi>;

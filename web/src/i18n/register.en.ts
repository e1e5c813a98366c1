import type { Messages } from ".";
import type vi from "./register.vi";

export default {
  "register.choiceTitle": "Create an account",
  "register.choiceIntro": "Who are you registering as?",
  "register.asMember": "I am a member of a Community Digital Technology Team (I have a team code)",
  "register.asMemberNote": "You need the team code from your team leader.",
  "register.asCitizen": "I am a resident",
  "register.asCitizenNote": "No team code needed: choose your province and commune.",
  "register.toCitizen": "No team code? Register as a resident",
  "register.title": "Register as a member",
  "register.intro": "For members of Community Digital Technology Teams. You need the team code from your team leader.",
  "field.fullName": "Full name",
  "field.fullNameHint": "This name will be printed on your certificates.",
  "field.passwordRule": "At least 8 characters, with letters and at least one digit.",
  "field.joinCode": "Team code",
  "field.joinCodeHint": "Ask your team leader for this code.",
  "validation.fullName": "Enter your full name, at least 2 letters.",
  "validation.passwordRule": "The password needs at least 8 characters, with letters and at least one digit.",
  "validation.passwordEasy": "This password is too easy to guess. Please choose another one.",
  "validation.joinCode": "Enter your team code.",
  "validation.consent": "You need to agree to the data protection notice to register.",
  "register.privacyTitle": "Your information",
  "register.privacyNotice":
    "We keep your name, phone number and team to record your learning and issue certificates. Your team leader and the administrators of your unit can see your results. We never sell this information or use it for advertising.",
  "register.privacyLink": "Read the full data protection notice (opens a new page)",
  "register.consent": "I agree that Kỹ Năng Số keeps and uses my information as described above.",
  "register.submit": "Register",
  "register.submitting": "Registering…",
  "register.haveAccount": "Already have an account?",
  "register.toSignIn": "Sign in",
} satisfies Messages<typeof vi>;

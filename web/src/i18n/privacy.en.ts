import type { Messages } from ".";
import type vi from "./privacy.vi";

export default {
  "privacy.title": "Personal data protection notice",
  "privacy.whatTitle": "What we keep",
  "privacy.what":
    "Your full name, phone number, your team or unit, when you gave your consent, and your learning results (lessons done, quizzes, certificates). Your network (IP) address is kept for at most an hour, to stop password guessing. We collect nothing else.",
  "privacy.whyTitle": "What for",
  "privacy.why": "So you can sign in, so your learning is recorded and certificates issued, and so your unit can follow the training results of its teams.",
  "privacy.whoTitle": "Who can see it",
  "privacy.who": "Your team leader and the administrators of your unit. Anyone checking a certificate sees only a partly hidden name and the course title.",
  "privacy.rightsTitle": "Your rights",
  "privacy.rights":
    "Under Decree 13/2023/ND-CP and the Personal Data Protection Law you may see and correct your information, withdraw your consent and ask for your information to be deleted. Contact your team leader or your unit's administrator.",
  "privacy.version": "Version 2026-11.",
  "privacy.back": "Back to registration",
} satisfies Messages<typeof vi>;

import type { Messages } from ".";
import type vi from "./glossary.vi";

/** The shared words in English, fetched with the first area read in English. */
export default {
  "topic.public-services": "Online public services",
  "topic.payments": "Cashless payments",
  "topic.e-commerce": "Buying and selling online",
  "topic.cyber-safety": "Staying safe online",
  "topic.other": "Other digital skills",

  "role.member": "Team member",
  "role.team-leader": "Team leader",
  "role.trainer": "Trainer",
  "role.admin": "Administrator",
  "role.super-admin": "System administrator",
  "role.citizen": "Resident",

  "kind.text": "Reading",
  "kind.image": "Picture",
  "kind.slides": "Slides",
  "kind.video": "Video",
  "kind.audio": "Listening",
  "kind.scenario": "Scam simulator",

  "qkind.single": "Single choice",
  "qkind.multiple": "Multiple choice",
  "qkind.true-false": "True / False",
  "qkind.spot-the-scam": "Spot the scam",
  "qkind.ordering": "Put in order",

  "status.completed": "Completed",
  "status.completedOn": "Completed on {date}",
  "status.notStarted": "Not started",
  "offline.learn": "Learn without network",

  "action.retry": "Try again",
  "action.cancel": "Cancel",
  "state.saving": "Saving…",
} satisfies Messages<typeof vi>;

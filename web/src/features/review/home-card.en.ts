import type { Messages } from "../../i18n";
import type vi from "./home-card.vi";

export default {
  "reviewHome.title": "2-minute review",
  "reviewHome.due": "{count} questions you once got wrong are waiting for review.",
  "reviewHome.dueOne": "1 question you once got wrong is waiting for review.",
  "reviewHome.start": "Review now",
} satisfies Messages<typeof vi>;

import type { Messages } from "../../i18n";
import type vi from "./box.vi";

export default {
  "search.label": "Find a course or lesson",
} satisfies Messages<typeof vi>;

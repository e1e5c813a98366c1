import type { Messages } from "../../i18n";
import type vi from "./unit-search.vi";

export default {
  "unitSearch.pageTitle": "{unit} – Find a unit",
  "unitSearch.title": "Find a unit",
  "unitSearch.label": "Unit name or code",
  "unitSearch.hint": "Type part of the name, with or without Vietnamese accents (for example: xa tan, phuong, ban bo).",
  "unitSearch.submit": "Search",
  "unitSearch.searching": "Searching…",
  "unitSearch.count": "{count} units match “{q}”.",
  "unitSearch.none": "No unit matches “{q}”.",
  "unitSearch.more": "Only the first {count} results are shown. Type something more specific.",
  "unitSearch.partial": "This unit has too many units below it: only the first {count} were searched.",
  "unitSearch.depth": "Only {levels} levels below are searched here. To find a team, open its province or commune and search there.",
  "unitSearch.in": "In {path}",
} satisfies Messages<typeof vi>;

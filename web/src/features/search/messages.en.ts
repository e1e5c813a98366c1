import type { Messages } from "../../i18n";
import type vi from "./messages.vi";

export default {
  "search.results": "Search results",
  "search.count": "{count} results found.",
  "search.none": "No course or lesson matches “{query}”.",
  "search.loading": "Loading the index to search…",
  "search.loadFailed": "The search index could not be loaded. Check the network and try again.",
  "search.retry": "Try again",
  "search.course": "Course",
  "search.lesson": "Lesson in “{course}”",
  "search.offline": "No network: searching the copy saved on this phone. Only downloaded courses can be opened.",
  "search.notDownloaded": "Not downloaded: needs a network to open.",
  "search.downloaded": "On this phone",
} satisfies Messages<typeof vi>;

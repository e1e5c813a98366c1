import { defineArea } from "../../i18n";
import vi from "./messages.vi";

/** Strings of the search results (loaded with them, on the first search). */
export const searchMessages = defineArea({ vi, en: () => import("./messages.en") });

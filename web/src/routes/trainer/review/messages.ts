import { defineArea } from "../../../i18n";
import { glossary } from "../../../i18n/glossary";
import vi from "./messages.vi";

/** Strings of the review screens, loaded with them (never in the learner's first load). */
export const reviewMessages = defineArea({ vi, en: () => import("./messages.en"), shared: glossary });

import { defineArea } from "../../i18n";
import { glossary } from "../../i18n/glossary";
import vi from "./frame-messages.vi";

/**
 * Strings of what a lesson opened from a link needs on screen: the learner frame and its bottom navigation, the
 * lesson screen, reading aloud, and the notes every learner screen shares (saved copy, load errors). Apart from
 * the other learner screens' strings (./messages.ts, which build on these), so a lesson's first load on 3G does
 * not carry them: about 4 KB gzipped.
 */
export const learnerFrameMessages = defineArea({ vi, en: () => import("./frame-messages.en"), shared: glossary });
